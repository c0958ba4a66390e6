/// The fonts invoice PDFs are set in: DejaVu Sans and DejaVu Sans Bold (Debian `fonts-dejavu-core`).
///
/// Parsing costs a few milliseconds: create one `FontSet` per process and share it (it is immutable and `Sendable`).
public struct FontSet: Sendable {
    /// The folder Debian installs DejaVu into.
    public static let defaultFolder = "/usr/share/fonts/truetype/dejavu"

    public let regular: TrueTypeFont
    public let bold: TrueTypeFont

    /// Loads `DejaVuSans.ttf` and `DejaVuSans-Bold.ttf` from `folder`.
    public init(folder: String = FontSet.defaultFolder) throws(DocumentRenderError) {
        try self.init(regularPath: folder + "/DejaVuSans.ttf", boldPath: folder + "/DejaVuSans-Bold.ttf")
    }

    /// Loads any two TrueType (`glyf`) fonts as the regular and bold faces.
    public init(regularPath: String, boldPath: String) throws(DocumentRenderError) {
        regular = try TrueTypeFont(bytes: FileLoader.read(regularPath), name: regularPath)
        bold = try TrueTypeFont(bytes: FileLoader.read(boldPath), name: boldPath)
    }

    /// The face for a weight.
    public func font(_ weight: FontWeight) -> TrueTypeFont { weight == .bold ? bold : regular }
}

/// Regular or bold text.
public enum FontWeight: Int, Sendable, Hashable, CaseIterable {
    case regular, bold
}
