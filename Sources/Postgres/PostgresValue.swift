import Foundation

/// One bound parameter as it goes on the wire: its type OID and its bytes (text format unless `isBinary`).
public struct PostgresValue: Sendable, Hashable {
    public var typeOID: UInt32
    /// `nil` is SQL NULL.
    public var bytes: [UInt8]?
    public var isBinary: Bool

    public init(typeOID: UInt32, bytes: [UInt8]?, isBinary: Bool = false) {
        self.typeOID = typeOID
        self.bytes = bytes
        self.isBinary = isBinary
    }

    public init(typeOID: UInt32, text: String) {
        self.init(typeOID: typeOID, bytes: Array(text.utf8))
    }

    /// SQL NULL, with the type left for the server to infer.
    public static let null = PostgresValue(typeOID: PostgresTypeOID.unknown, bytes: nil)
}

/// A Swift value that can be bound as a query parameter.
public protocol PostgresEncodable {
    /// The wire form of the value. Throws when the value cannot be represented (an invalid decimal string).
    func postgresValue() throws -> PostgresValue
}

/// A Swift value that can be read from a text-format result column.
public protocol PostgresDecodable {
    /// Whether a column of this type OID may be decoded as `Self`.
    static func accepts(typeOID: UInt32) -> Bool
    /// Decodes the text-format bytes of a non-NULL value; returns `nil` if they are not a valid `Self`.
    static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> Self?
    /// A name for error messages.
    static var postgresTypeName: String { get }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public func postgresValue() throws -> PostgresValue {
        switch self {
        case .none: return .null
        case .some(let value): return try value.postgresValue()
        }
    }
}

// MARK: Integers

@inline(__always)
func parseInt64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
    var index = 0
    var negative = false
    guard !text.isEmpty else { return nil }
    if text[0] == UInt8(ascii: "-") { negative = true; index = 1 }
    guard index < text.count else { return nil }
    var value: Int64 = 0
    while index < text.count {
        let digit = Int64(text[index]) - 48
        guard digit >= 0 && digit <= 9 else { return nil }
        let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (added, overflow2) = negative
            ? multiplied.subtractingReportingOverflow(digit) : multiplied.addingReportingOverflow(digit)
        guard !overflow1 && !overflow2 else { return nil }
        value = added
        index += 1
    }
    return value
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.int8, text: String(self)) }
    public static func accepts(typeOID: UInt32) -> Bool { PostgresTypeOID.integers.contains(typeOID) }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> Int64? { parseInt64(text) }
    public static var postgresTypeName: String { "Int64" }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.int8, text: String(self)) }
    public static func accepts(typeOID: UInt32) -> Bool { PostgresTypeOID.integers.contains(typeOID) }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> Int? {
        parseInt64(text).flatMap { Int(exactly: $0) }
    }
    public static var postgresTypeName: String { "Int" }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.int4, text: String(self)) }
    public static func accepts(typeOID: UInt32) -> Bool {
        typeOID == PostgresTypeOID.int2 || typeOID == PostgresTypeOID.int4
    }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> Int32? {
        parseInt64(text).flatMap { Int32(exactly: $0) }
    }
    public static var postgresTypeName: String { "Int32" }
}

// MARK: Bool, String, Double

extension Bool: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue {
        PostgresValue(typeOID: PostgresTypeOID.bool, bytes: [self ? UInt8(ascii: "t") : UInt8(ascii: "f")])
    }
    public static func accepts(typeOID: UInt32) -> Bool { typeOID == PostgresTypeOID.bool }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> Bool? {
        guard text.count == 1 else { return nil }
        switch text[0] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: return nil
        }
    }
    public static var postgresTypeName: String { "Bool" }
}

extension String: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.text, text: self) }
    /// Text decodes from any column type: it is the server's own text rendering of the value.
    public static func accepts(typeOID: UInt32) -> Bool { true }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> String? {
        String(decoding: text, as: UTF8.self)
    }
    public static var postgresTypeName: String { "String" }
}

extension Double: PostgresEncodable, PostgresDecodable {
    /// For measurements and ratios only. Money is ``PostgresNumeric``.
    public func postgresValue() -> PostgresValue {
        let text: String
        if isNaN { text = "NaN" } else if self == .infinity { text = "Infinity" } else if self == -.infinity {
            text = "-Infinity"
        } else { text = "\(self)" }
        return PostgresValue(typeOID: PostgresTypeOID.float8, text: text)
    }
    public static func accepts(typeOID: UInt32) -> Bool {
        typeOID == PostgresTypeOID.float8 || typeOID == PostgresTypeOID.float4
    }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> Double? {
        Double(String(decoding: text, as: UTF8.self))
    }
    public static var postgresTypeName: String { "Double" }
}

// MARK: Bytes, UUID

extension Array: PostgresEncodable where Element == UInt8 {
    /// `bytea`, sent in binary format so that no escaping is involved.
    public func postgresValue() -> PostgresValue {
        PostgresValue(typeOID: PostgresTypeOID.bytea, bytes: self, isBinary: true)
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    public static func accepts(typeOID: UInt32) -> Bool { typeOID == PostgresTypeOID.bytea }
    /// Decodes the `\x…` hex text form (`bytea_output = hex`, set on every connection).
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> [UInt8]? {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"),
            text.count % 2 == 0
        else { return nil }
        // Written in place through a table (0xFF: not a hex digit): a kept invoice PDF is 50,000 hex digits.
        var valid = true
        let table = hexDigitValues  // once: a global's every read goes through swift_once
        let bytes = [UInt8](unsafeUninitializedCapacity: (text.count - 2) / 2) { buffer, count in
            var index = 2
            while index < text.count {
                let high = table[Int(text[index])], low = table[Int(text[index + 1])]
                guard high | low != 0xFF else { valid = false; break }
                buffer[count] = high << 4 | low
                count += 1
                index += 2
            }
        }
        return valid ? bytes : nil
    }
    public static var postgresTypeName: String { "bytea" }
}

/// The value of each byte as a hex digit, 0xFF for a byte that is not one.
private let hexDigitValues: [UInt8] = (0...255).map { hexValue(UInt8($0)) ?? 0xFF }

@inline(__always)
func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue {
        var bytes = [UInt8]()
        bytes.reserveCapacity(36)
        appendText(to: &bytes)
        return PostgresValue(typeOID: PostgresTypeOID.uuid, bytes: bytes)
    }
    public static func accepts(typeOID: UInt32) -> Bool { typeOID == PostgresTypeOID.uuid }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> UUID? {
        UUID(text: text)
    }
    public static var postgresTypeName: String { "UUID" }
}
