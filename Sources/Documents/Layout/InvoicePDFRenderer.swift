import Domain

/// Renders an ``InvoiceDocument`` as a PDF/A-3b file in Recur's fixed invoice design, optionally with its Factur-X
/// XML embedded. Holds only immutable, shared resources: one renderer per process serves every thread.
///
/// The same document and options always give the same bytes (no clock, no randomness).
public struct InvoicePDFRenderer: Sendable {
    public let fonts: FontSet
    public let colorProfile: ColorProfile

    /// `fonts` and `colorProfile` are loaded once per process and shared.
    public init(fonts: FontSet, colorProfile: ColorProfile) {
        self.fonts = fonts
        self.colorProfile = colorProfile
    }

    /// Loads DejaVu Sans and the sRGB profile from their Debian paths (or the given ones).
    public init(fontFolder: String = FontSet.defaultFolder, colorProfilePath: String = ColorProfile.defaultPath)
        throws(DocumentRenderError)
    {
        self.init(fonts: try FontSet(folder: fontFolder), colorProfile: try ColorProfile(path: colorProfilePath))
    }

    /// The PDF's bytes.
    public func render(_ document: InvoiceDocument, options: PDFRenderOptions = PDFRenderOptions())
        throws(DocumentRenderError) -> [UInt8]
    {
        let logo: JPEGImage? = try options.logoJPEG.map { bytes throws(DocumentRenderError) in try JPEGImage(bytes) }
        var layout = InvoiceLayout(
            document: document, canvas: PDFCanvas(fonts: fonts), paper: options.paper, accent: options.accentColor,
            logo: logo)
        layout.layOut()
        let locale = document.locale
        let title = locale.label(document.kind == .invoice ? .invoice : .creditNote) + " "
            + (document.number ?? locale.label(.draft))
        let metadata = PDFMetadata(
            title: title, author: document.seller.name, date: Self.isoDate(document.issueDate),
            language: locale.rawValue)
        return try PDFAssembler(
            canvas: layout.canvas, pageSize: options.paper.points, metadata: metadata, profile: colorProfile,
            facturX: options.facturX, logo: logo
        ).write()
    }

    /// `YYYY-MM-DD`.
    static func isoDate(_ date: CalendarDate) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
    }
}
