/// Builds XML as UTF-8 bytes, escaping every text and attribute value. Deterministic: no indentation choices, no
/// clock, one element per line only where the caller asks for it.
struct XMLBuilder {
    private(set) var bytes: [UInt8] = []

    init(declaration: Bool = true) {
        if declaration { raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
    }

    /// Appends markup as is (element names and fixed attributes only: never user text).
    mutating func raw(_ markup: String) { bytes += Array(markup.utf8) }

    /// `<name attributes>`.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        raw("<" + name)
        for (key, value) in attributes { raw(" " + key + "=\""); escaped(value); raw("\"") }
        raw(">")
    }

    /// `</name>` and a line break, so the output reads one element per line.
    mutating func close(_ name: String) { raw("</" + name + ">\n") }

    /// `<name attributes>escaped text</name>`.
    mutating func element(_ name: String, _ text: String, _ attributes: [(String, String)] = []) {
        open(name, attributes)
        escaped(text)
        raw("</" + name + ">")
    }

    /// `<name>` … `</name>` around `body`.
    mutating func wrap(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout XMLBuilder) -> Void) {
        open(name, attributes)
        body(&self)
        close(name)
    }

    /// Appends `text` with `& < > " '` escaped and the characters XML 1.0 forbids (C0 controls other than tab, line
    /// feed and carriage return; U+FFFE, U+FFFF) dropped.
    mutating func escaped(_ text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": raw("&amp;")
            case "<": raw("&lt;")
            case ">": raw("&gt;")
            case "\"": raw("&quot;")
            case "'": raw("&apos;")
            case "\t", "\n", "\r": bytes += Array(String(scalar).utf8)
            default:
                guard scalar.value >= 0x20, scalar.value != 0xFFFE, scalar.value != 0xFFFF else { continue }
                bytes += Array(String(scalar).utf8)
            }
        }
    }
}

/// Text escaped for XML and HTML: the one home of `& < > " '` escaping (documents' XML, XMP, e-mail HTML).
public enum MarkupText {
    /// `text` with `& < > " '` escaped and the characters XML 1.0 forbids dropped.
    public static func escaped(_ text: String) -> String {
        var builder = XMLBuilder(declaration: false)
        builder.escaped(text)
        return String(decoding: builder.bytes, as: UTF8.self)
    }
}
