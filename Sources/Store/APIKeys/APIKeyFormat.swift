import Domain
import Foundation

/// The shape of Recur API keys: `rk_<prefix>_<secret>`, where the prefix is 8 lower-case hex digits (4 random
/// bytes, shown in listings) and the secret is 43 base64url characters (32 random bytes, 256 bits). Both come
/// from the system's secure generator (`SystemRandomNumberGenerator`: `getrandom(2)` on Linux). Only the
/// SHA-256 of the whole key text is stored, computed by PostgreSQL.
enum APIKeyFormat {
    static let secretLength = 43

    /// A fresh key and its prefix.
    static func generate() -> (key: String, prefix: String) {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> (key: String, prefix: String) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(40)
        for _ in 0..<5 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        let prefix = bytes[0..<4].map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 0xF)] }.joined()
        let secret = Data(bytes[4..<36]).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return ("rk_\(prefix)_\(secret)", prefix)
    }

    private static let hexDigits = (0..<16).map { String($0, radix: 16) }

    /// Whether `text` has the shape of a key (checked before any database work).
    static func isWellFormed(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 3 + 8 + 1 + secretLength, bytes.starts(with: Array("rk_".utf8)),
            bytes[11] == UInt8(ascii: "_")
        else { return false }
        return bytes[3..<11].allSatisfy(isLowerHex) && bytes[12...].allSatisfy(isBase64URL)
    }

    /// `1a2b3c4d` or `rk_1a2b3c4d` (also a whole key) → `1a2b3c4d`; `nil` if it is none of these.
    static func prefix(from text: String) -> String? {
        var candidate = Substring(text)
        if candidate.hasPrefix("rk_") { candidate = candidate.dropFirst(3) }
        let prefix = candidate.prefix(8)
        guard prefix.utf8.count == 8, prefix.utf8.allSatisfy(isLowerHex) else { return nil }
        let rest = candidate.dropFirst(8)
        guard rest.isEmpty || (text.hasPrefix("rk_") && isWellFormed(text)) else { return nil }
        return String(prefix)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }

    /// A label: 1–100 characters, no control characters, not blank.
    static func validateLabel(_ label: String) throws(APIKeyError) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        if let violation = TextField.violations(trimmed, at: "label", maxLength: 100).first {
            throw .invalidLabel(violation.message)
        }
        return trimmed
    }
}
