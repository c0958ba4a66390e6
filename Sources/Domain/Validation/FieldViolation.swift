/// One problem with one field of a submitted document, named by a JSON-pointer-like path.
///
/// Paths are the JSON Pointer (RFC 6901) reference tokens without the leading `/`: `interval`,
/// `weekdays/1`, `byWeekday/ordinal`, or `schedule/end` when the document was nested under `schedule`.
/// The empty path is the document itself. The HTTP API reports these as 422 field errors: ``pointer`` is
/// the RFC 6901 form that `HTTPServer.FieldError(pointer:detail:)` takes.
///
/// - Note: Named apart from `HTTPServer.FieldError` so that a module importing both needs no qualification.
public struct FieldViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is, for programs; ``message`` is for people.
    public enum Code: String, Sendable, Hashable, Codable {
        /// A required field is missing or null.
        case required
        /// A field the document's shape does not define.
        case unknownField
        /// The JSON type is wrong (a string where an integer belongs, …).
        case wrongType
        /// The right type but not an accepted value (unknown weekday, impossible date, …).
        case invalidValue
        /// A number outside its allowed range (interval 0, day 32, …).
        case outOfRange
        /// Fields that contradict each other (end before start, two day selectors, …).
        case conflict
        /// The input is not parseable at all (not JSON).
        case malformed
    }

    /// Where: JSON-pointer tokens joined by `/`, without a leading slash; empty for the whole document.
    public var path: String
    /// What kind of problem.
    public var code: Code
    /// A short English sentence fragment, e.g. `must be at least 1`.
    public var message: String

    public init(path: String, code: Code, message: String) {
        self.path = path
        self.code = code
        self.message = message
    }

    /// The RFC 6901 JSON Pointer: ``path`` with a leading `/` (`""` for the document itself).
    public var pointer: String { path.isEmpty ? "" : "/" + path }

    /// `path: message`, or just the message for the document itself.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// Joins path tokens, escaping `~` as `~0` and `/` as `~1` (RFC 6901).
    public static func path(_ tokens: [String]) -> String {
        tokens.map { $0.replacingTildeAndSlash() }.joined(separator: "/")
    }
}

/// One or more ``FieldViolation``s, reported together, in document order.
public struct FieldViolations: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems; never empty when thrown.
    public var errors: [FieldViolation]

    public init(_ errors: [FieldViolation]) { self.errors = errors }

    /// The problems on one line, separated by `; `.
    public var description: String { errors.map(\.description).joined(separator: "; ") }
}

extension String {
    fileprivate func replacingTildeAndSlash() -> String {
        guard contains("~") || contains("/") else { return self }
        var out = ""
        for c in self {
            switch c {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(c)
            }
        }
        return out
    }
}
