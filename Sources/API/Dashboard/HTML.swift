/// A fragment of HTML, escaped by construction: text and attribute values go through ``escape(_:)``; only
/// ``element(_:_:_:)``, ``raw(_:)`` (for this file's own constants) and the builders below produce markup. The dashboard's
/// pages are written with these typed builders rather than Mustache templates: the compiler checks every page
/// (names, types, the strings of the catalogue), nothing is parsed or loaded at run time, and escaping cannot be
/// forgotten (docs/dashboard.md, "Adding a page").
struct HTML: Sendable {
    private(set) var markup: String

    private init(markup: String) { self.markup = markup }

    /// Escaped text.
    static func text(_ text: String) -> HTML { HTML(markup: escape(text)) }

    /// Markup written by this module as a constant (never built from input).
    static func raw(_ markup: StaticString) -> HTML { HTML(markup: "\(markup)") }

    static let empty = HTML(markup: "")

    /// `<name attributes…>children</name>`; an attribute whose value is `nil` is left out, one whose value is `""`
    /// is written bare (`hidden`).
    static func element(_ name: StaticString, _ attributes: [(String, String?)] = [], _ children: [HTML] = []) -> HTML {
        var markup = "<\(name)"
        for (key, value) in attributes {
            guard let value else { continue }
            markup += value.isEmpty ? " \(key)" : " \(key)=\"\(escape(value))\""
        }
        markup += ">"
        if voidElements.contains("\(name)") { return HTML(markup: markup) }
        for child in children { markup += child.markup }
        markup += "</\(name)>"
        return HTML(markup: markup)
    }

    static func element(
        _ name: StaticString, _ attributes: [(String, String?)] = [], @HTMLBuilder _ children: () -> [HTML]
    ) -> HTML {
        element(name, attributes, children())
    }

    /// Several fragments, one after the other.
    static func group(@HTMLBuilder _ children: () -> [HTML]) -> HTML {
        HTML(markup: children().map(\.markup).joined())
    }

    static func group(_ children: [HTML]) -> HTML { HTML(markup: children.map(\.markup).joined()) }

    /// `&`, `<`, `>`, `"` and `'` as character references.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    private static let voidElements: Set<String> = ["meta", "link", "input", "br", "hr", "img"]
}

/// Lets pages list children as statements, with `if`, `if let`, `switch` and `for`.
@resultBuilder
enum HTMLBuilder {
    static func buildExpression(_ html: HTML) -> [HTML] { [html] }
    static func buildExpression(_ html: [HTML]) -> [HTML] { html }
    static func buildExpression(_ text: String) -> [HTML] { [.text(text)] }
    static func buildBlock(_ parts: [HTML]...) -> [HTML] { parts.flatMap { $0 } }
    static func buildOptional(_ part: [HTML]?) -> [HTML] { part ?? [] }
    static func buildEither(first: [HTML]) -> [HTML] { first }
    static func buildEither(second: [HTML]) -> [HTML] { second }
    static func buildArray(_ parts: [[HTML]]) -> [HTML] { parts.flatMap { $0 } }
}
