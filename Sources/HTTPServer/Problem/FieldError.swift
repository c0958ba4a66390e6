/// One invalid field in a request body, located by a JSON Pointer (RFC 6901), e.g. `/lines/2/quantity`.
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var detail: String

    public init(pointer: String, detail: String) {
        self.pointer = pointer
        self.detail = detail
    }

    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(detail)" }

    /// Appends one reference token to a JSON Pointer, escaping `~` and `/`.
    public static func pointer(_ base: String, _ token: String) -> String {
        if !token.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) { return base + "/" + token }
        var escaped = ""
        for c in token {
            switch c {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(c)
            }
        }
        return base + "/" + escaped
    }

    /// Appends an array index to a JSON Pointer.
    public static func pointer(_ base: String, _ index: Int) -> String { base + "/" + String(index) }
}
