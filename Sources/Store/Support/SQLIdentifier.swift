/// Why a name cannot be used as a PostgreSQL identifier.
public enum IdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    /// Longer than 63 bytes (`NAMEDATALEN - 1`), which PostgreSQL would silently truncate.
    case tooLong(String)
    /// Contains something other than `a-z`, `0-9`, `_`, or starts with a digit.
    case invalidCharacters(String)

    public var description: String {
        switch self {
        case .empty: "an SQL identifier cannot be empty"
        case .tooLong(let name): "SQL identifier \"\(name)\" is longer than 63 bytes"
        case .invalidCharacters(let name):
            "SQL identifier \"\(name)\" must be lower-case letters, digits and _, starting with a letter or _"
        }
    }
}

/// Validates `name` and returns it double-quoted, ready to be placed in SQL text where a parameter cannot go
/// (`CREATE SCHEMA`, `DROP SCHEMA`, a qualified table name, the value given to `search_path`).
///
/// Only `[a-z_][a-z0-9_]*` of at most 63 bytes is accepted, so the quoted form never needs escaping and always
/// names exactly the object meant: this is the one place Recur turns a name into SQL text.
public func quoteIdentifier(_ name: String) throws(IdentifierError) -> String {
    guard !name.isEmpty else { throw .empty }
    guard name.utf8.count <= 63 else { throw .tooLong(name) }
    var first = true
    for byte in name.utf8 {
        let ok: Bool
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"): ok = true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): ok = !first
        default: ok = false
        }
        guard ok else { throw .invalidCharacters(name) }
        first = false
    }
    return "\"" + name + "\""
}
