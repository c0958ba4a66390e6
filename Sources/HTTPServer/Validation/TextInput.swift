/// The one rule for text a client sends, wherever it arrives (query parameters, JSON strings): no NUL and no other
/// control character (C0, DEL, C1), except tab, line feed and carriage return in multi-line text. PostgreSQL
/// cannot store NUL, and the others mean nothing in Recur's fields; refusing them here keeps every field's error
/// a 422 naming it rather than a database error.
public enum TextInput {
    /// Why `text` is refused, or `nil` when it is fine.
    public static func violation(in text: String, multiline: Bool) -> String? {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            defer { previous = byte }
            if byte >= 0x20 && byte != 0x7F {
                // C1 controls U+0080…U+009F are encoded C2 80…C2 9F.
                if previous == 0xC2 && (0x80...0x9F).contains(byte) { return "must not contain control characters" }
                continue
            }
            if byte == 0 { return "must not contain NUL characters" }
            if multiline && (byte == 0x09 || byte == 0x0A || byte == 0x0D) { continue }
            return "must not contain control characters"
        }
        return nil
    }
}
