/// Percent-decoding for path segments and query components (RFC 3986 §2.1).
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusAsSpace`); `nil` for a malformed escape or invalid UTF-8.
    static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool) -> String? {
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 == 0x25 || (plusAsSpace && $0 == 0x2B) }) { return String(text) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == 0x25 {
                let h = utf8.index(after: i)
                guard h != utf8.endIndex else { return nil }
                let l = utf8.index(after: h)
                guard l != utf8.endIndex, let hi = ASCII.hexValue(utf8[h]), let lo = ASCII.hexValue(utf8[l]) else { return nil }
                out.append(hi << 4 | lo)
                i = utf8.index(after: l)
                continue
            }
            out.append(plusAsSpace && b == 0x2B ? 0x20 : b)
            i = utf8.index(after: i)
        }
        return String(validating: out, as: UTF8.self)
    }
}

/// One `name=value` pair of a query string, decoded.
public struct QueryItem: Sendable, Equatable {
    public var name: String
    public var value: String

    /// Parses `a=1&b=x+y&c`; `+` is a space, `%XX` is decoded; malformed pairs are skipped.
    public static func parse(_ query: String) -> [QueryItem] { parseChecked(query).items }

    /// Parses a query string as ``parse(_:)`` does, and reports every parameter it refuses, named by its
    /// pointer (`/name`): malformed percent-encoding or invalid UTF-8, and values breaking ``TextInput``'s rule.
    public static func parseChecked(_ query: String) -> (items: [QueryItem], errors: [FieldError]) {
        var items: [QueryItem] = []
        var errors: [FieldError] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusAsSpace: true), !name.isEmpty,
                TextInput.violation(in: name, multiline: false) == nil
            else {
                errors.append(FieldError(pointer: "/" + String(parts[0]), detail: "is not a valid parameter name"))
                continue
            }
            let rawValue = parts.count > 1 ? parts[1] : ""
            guard let value = PercentDecoding.decode(rawValue, plusAsSpace: true) else {
                errors.append(FieldError(pointer: FieldError.pointer("", name), detail: "is not valid percent-encoded UTF-8"))
                continue
            }
            if let problem = TextInput.violation(in: value, multiline: false) {
                errors.append(FieldError(pointer: FieldError.pointer("", name), detail: problem))
                continue
            }
            items.append(QueryItem(name: name, value: value))
        }
        return (items, errors)
    }
}
