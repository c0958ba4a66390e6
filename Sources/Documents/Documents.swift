import Domain

/// The paper a tenant's PDFs are printed on.
public enum PaperSize: String, Sendable, Hashable, CaseIterable {
    case a4, letter

    /// Width and height in PDF points (1/72 inch): A4 595.276 × 841.89, US Letter 612 × 792.
    public var points: (width: Double, height: Double) {
        self == .a4 ? (595.276, 841.890) : (612, 792)
    }
}
