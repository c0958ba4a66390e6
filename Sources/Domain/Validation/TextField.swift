/// The checks every one-line free-text field shares (names, titles, references, memos): not blank, at most
/// `maxLength` characters, no control characters.
///
/// **Characters** are Unicode code points, as JSON Schema's `maxLength` and PostgreSQL's `length()` count them (a
/// letter with three combining marks is four), so the documented bound, this check and the database's agree.
///
/// **Blank** means no visible character: only white space, control and format characters (U+200B zero width
/// space, U+2060 word joiner, U+FEFF byte-order mark, …). A name of only U+200B is as blank as `"   "`.
public enum TextField {
    /// The problems of `text` at `path` (none when it is fine).
    public static func violations(_ text: String, at path: String, maxLength: Int) -> [FieldViolation] {
        if isShortPrintableASCII(text, maxLength: maxLength) { return [] }
        if isBlank(text) {
            return [FieldViolation(path: path, code: .required, message: "must not be blank")]
        }
        if text.unicodeScalars.count > maxLength {
            return [FieldViolation(path: path, code: .invalidValue, message: "must be at most \(maxLength) characters")]
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return [FieldViolation(path: path, code: .invalidValue, message: "must not contain control characters")]
        }
        return []
    }

    /// As ``violations(_:at:maxLength:)`` for an optional field (`nil` is fine).
    public static func violations(_ text: String?, at path: String, maxLength: Int) -> [FieldViolation] {
        text.map { violations($0, at: path, maxLength: maxLength) } ?? []
    }

    /// `true` when `text` has no visible character (see the type's note).
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isInvisible)
    }

    /// `true` for a scalar that shows nothing: white space, control and format characters, separators.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Printable ASCII with something besides spaces, within `maxLength` bytes: one byte is one character and
    /// none is a control character, so the text passes every check above without the Unicode work.
    private static func isShortPrintableASCII(_ text: String, maxLength: Int) -> Bool {
        let utf8 = text.utf8
        guard utf8.count <= maxLength else { return false }
        var printed = false
        for byte in utf8 {
            guard byte >= 0x20, byte <= 0x7E else { return false }
            printed = printed || byte != 0x20
        }
        return printed
    }
}
