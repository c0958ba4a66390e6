/// The API's wire casing, decided once: field names and enum values are snake_case (`unit_price`,
/// `partially_paid`); a schedule keeps its own documented camelCase fields (docs/schedule.md), its values follow the
/// rule too (`mixerp_duration`, `half_year`).
///
/// Swift keeps its lowerCamel names, and the store keeps an enum's raw value (`partiallyPaid`); what a client sees
/// or sends is ``snakeCase(_:)`` of it, through ``WireEnum``.
public enum WireCase {
    /// `lines/0/unitPrice` → `/lines/0/unit_price`: a store field path as the request's JSON pointer. Tokens after
    /// `schedule` are left as they are.
    public static func pointer(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        var inSchedule = false
        var tokens = [String]()
        for token in path.split(separator: "/", omittingEmptySubsequences: false) {
            let converted = inSchedule ? String(token) : snakeCase(String(token))
            if converted == "schedule" || converted == "recurring_schedule" { inSchedule = true }
            tokens.append(converted)
        }
        return "/" + tokens.joined(separator: "/")
    }

    /// `unitPrice` → `unit_price`, `partiallyPaid` → `partially_paid`, `monthly` → `monthly`.
    public static func snakeCase(_ token: String) -> String {
        // Most names have no capital: nothing to build (the EOD reads a schedule's kind per due source).
        if token.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return token }
        // ASCII (every name and enum value of this codebase): built from the bytes, a capital → `_` and its lower case.
        if token.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = [UInt8]()
            bytes.reserveCapacity(token.utf8.count + 4)
            for byte in token.utf8 {
                if (0x41...0x5A).contains(byte) {
                    if !bytes.isEmpty { bytes.append(0x5F) }
                    bytes.append(byte + 0x20)
                } else {
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        for character in token {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// An enum whose values reach the wire: JSON bodies and responses, query parameters, CSV, the OpenAPI document and
/// the messages that list allowed values. Its raw value stays lowerCamel (Swift's and the store's spelling); on the
/// wire it is spelled by ``WireCase/snakeCase(_:)``, and only that spelling is read back.
public protocol WireEnum: RawRepresentable, CaseIterable where RawValue == String {}

extension WireEnum {
    /// `partially_paid` for `.partiallyPaid`.
    public var wireValue: String { WireCase.snakeCase(rawValue) }

    /// The case spelled `text` on the wire; `nil` for anything else (the raw camelCase spelling included).
    public init?(wireValue text: String) {
        guard let value = Self.allCases.first(where: { $0.wireValue == text }) else { return nil }
        self = value
    }

    /// Every case's wire spelling, in declaration order.
    public static var wireValues: [String] { allCases.map(\.wireValue) }
}
