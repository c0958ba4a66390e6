/// An exact decimal as PostgreSQL's `numeric` spells it: an optional `-`, digits, optionally `.` and digits.
///
/// Money goes through this type as text, never through `Double`. Arithmetic is the business of the domain's
/// money type; this only carries the digits to and from the database unchanged.
public struct PostgresNumeric: Sendable, Hashable, CustomStringConvertible, PostgresEncodable, PostgresDecodable {
    /// The decimal text, e.g. `-12345678901234.5678`.
    public let text: String

    /// Accepts `[-+]?digits[.digits]` (at least one digit on some side of the point); rejects exponents, NaN.
    public init?(_ text: String) {
        guard PostgresNumeric.isValid(Array(text.utf8)) else { return nil }
        self.text = text.hasPrefix("+") ? String(text.dropFirst()) : text
    }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            index += 1
        }
        var digits = 0
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return false
            }
            index += 1
        }
        return digits > 0
    }

    public var description: String { text }

    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.numeric, text: text) }
    public static func accepts(typeOID: UInt32) -> Bool {
        typeOID == PostgresTypeOID.numeric || PostgresTypeOID.integers.contains(typeOID)
    }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> PostgresNumeric? {
        PostgresNumeric(String(decoding: text, as: UTF8.self))
    }
    public static var postgresTypeName: String { "numeric" }
}

/// A JSON document bound as `jsonb` (or read from a `json`/`jsonb` column) as its exact text.
public struct PostgresJSON: Sendable, Hashable, PostgresEncodable, PostgresDecodable {
    public var text: String
    /// Whether to bind as `json` (keeps the text as written) rather than `jsonb`.
    public var asPlainJSON: Bool

    public init(_ text: String, asPlainJSON: Bool = false) {
        self.text = text
        self.asPlainJSON = asPlainJSON
    }

    public func postgresValue() -> PostgresValue {
        PostgresValue(typeOID: asPlainJSON ? PostgresTypeOID.json : PostgresTypeOID.jsonb, text: text)
    }
    public static func accepts(typeOID: UInt32) -> Bool {
        typeOID == PostgresTypeOID.json || typeOID == PostgresTypeOID.jsonb
    }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> PostgresJSON? {
        PostgresJSON(String(decoding: text, as: UTF8.self), asPlainJSON: typeOID == PostgresTypeOID.json)
    }
    public static var postgresTypeName: String { "json" }
}
