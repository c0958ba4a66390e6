import Foundation

/// The text form of a one-dimensional array (`{"a","b",NULL}`), built element by element straight into bytes, for
/// a parameter the statement casts (`$1::text[]`, `$2::numeric[]`): a whole column of rows in one parameter, which
/// `unnest` turns back into rows inside one `INSERT … SELECT`. Fixed-size types go faster as a
/// ``PostgresBinaryArray``.
public struct PostgresArrayText: PostgresEncodable, Sendable {
    private var bytes: [UInt8]
    private var isEmpty = true

    /// An empty array; `capacity` is a hint of the bytes it will take.
    public init(capacity: Int = 0) {
        bytes = [UInt8(ascii: "{")]
        bytes.reserveCapacity(capacity + 2)
    }

    /// Appends a text element, quoted (so commas, braces, spaces and the word NULL stay text), or NULL.
    public mutating func append(_ text: String?) {
        separator()
        guard var text else { return appendNull() }
        bytes.append(UInt8(ascii: "\""))
        let appendedWhole = text.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: Self.needsEscape) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !appendedWhole {
            for byte in text.utf8 {
                if Self.needsEscape(byte) { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public func postgresValue() -> PostgresValue {
        var literal = bytes
        literal.append(UInt8(ascii: "}"))
        return PostgresValue(typeOID: PostgresTypeOID.unknown, bytes: literal)
    }

    private mutating func appendNull() { bytes.append(contentsOf: "NULL".utf8) }

    private mutating func separator() {
        if isEmpty { isEmpty = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
}
