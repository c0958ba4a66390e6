import Foundation

/// UUIDs to and from their 36-character text form without going through `String` formatting (Foundation's
/// `uuidString` and `UUID(uuidString:)` use `sprintf`/`sscanf`, which dominate bulk encoding).
extension UUID {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the lowercase text form (`8-4-4-4-12` hex digits) to `bytes`.
    @inlinable
    public func appendText(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { raw in
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                let byte = raw[index]
                bytes.append(UUID.hexDigit(byte >> 4))
                bytes.append(UUID.hexDigit(byte & 0x0F))
            }
        }
    }

    @usableFromInline
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? nibble + 48 : nibble + 87 }

    /// The lowercase text form, as PostgreSQL prints it.
    public var lowercaseText: String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(36)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses the 36-character form (either case); `nil` for anything else.
    public init?(text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &value) { out -> Bool in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard text[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = UUID.nibble(text[position]), let low = UUID.nibble(text[position + 1]) else { return false }
                out[index] = high << 4 | low
                position += 2
            }
            return true
        }
        guard parsed else { return nil }
        self.init(uuid: value)
    }

    static func nibble(_ byte: UInt8) -> UInt8? { hexValue(byte) }
}
