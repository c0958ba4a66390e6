/// Why a document could not be rendered, with the context needed to act on it.
public enum DocumentRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file (font, colour profile) could not be read.
    case fileUnreadable(path: String, reason: String)
    /// A TrueType font is malformed: which font, which table, what was wrong.
    case fontMalformed(font: String, table: String, detail: String)
    /// A table the writer needs is absent from the font.
    case fontTableMissing(font: String, table: String)
    /// zlib refused to compress (its return code and the input size).
    case compressionFailed(code: Int32, inputSize: Int)
    /// The logo is not a baseline or progressive JPEG the writer can pass through.
    case logoUnsupported(detail: String)

    public var description: String {
        switch self {
        case .fileUnreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .fontMalformed(let font, let table, let detail): "font \(font): table \(table): \(detail)"
        case .fontTableMissing(let font, let table): "font \(font) has no \(table) table"
        case .compressionFailed(let code, let size): "zlib compress2 failed with \(code) on \(size) bytes"
        case .logoUnsupported(let detail): "logo: \(detail)"
        }
    }
}
