import Domain

/// A tenant's choices for its PDFs.
public struct PDFRenderOptions: Sendable, Hashable {
    /// A4 or US Letter.
    public var paper: PaperSize
    /// A Factur-X (CII) XML to embed as `factur-x.xml`; `nil` for a plain PDF/A-3b.
    public var facturX: [UInt8]?
    /// The colour of the title, headings, table header and amount due.
    public var accentColor: RGBColor
    /// A JPEG printed at the top left (fitted into 150 × 56 points), passed through unchanged.
    public var logoJPEG: [UInt8]?

    /// The default accent: a dark blue.
    public static let defaultAccent = RGBColor(hex: 0x1F4E79)

    public init(
        paper: PaperSize = .a4, facturX: [UInt8]? = nil, accentColor: RGBColor = PDFRenderOptions.defaultAccent,
        logoJPEG: [UInt8]? = nil
    ) {
        self.paper = paper
        self.facturX = facturX
        self.accentColor = accentColor
        self.logoJPEG = logoJPEG
    }
}
