extension ExactDecimal: LosslessStringConvertible, CustomDebugStringConvertible {
    /// Parses `-?digits(.digits)?` exactly: no `+`, no exponent, no spaces, no `NaN`/`Infinity`.
    ///
    /// Keeps the scale as written (`"123.4500"` has scale 4). Leading zeros are accepted (`"007"` is 7).
    /// - Throws: ``ExactDecimalError`` naming the first problem.
    public init(parsing text: String) throws(ExactDecimalError) {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        bytes.append(0)  // sentinel
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var value: Int128 = 0
        var digits = 0  // significant digits, leading zeros excluded
        var integerDigits = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < bytes.count - 1 {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawPoint { fractionDigits += 1 } else { integerDigits += 1 }
                if value != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 38, fractionDigits <= ExactDecimal.maxScale else { throw .tooManyDigits }
                value = value * 10 + Int128(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "."):
                guard !sawPoint else { throw .invalidCharacter(offset: index) }
                guard integerDigits > 0 else { throw .missingDigits }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                throw .exponentNotAllowed(offset: index)
            default:
                throw .invalidCharacter(offset: index)
            }
            index += 1
        }
        guard integerDigits > 0, !sawPoint || fractionDigits > 0 else { throw .missingDigits }
        self.init(unchecked: negative ? -value : value, scale: fractionDigits)
    }

    /// Parses like ``init(parsing:)``, returning `nil` on any problem.
    public init?(_ description: String) {
        guard let value = try? ExactDecimal(parsing: description) else { return nil }
        self = value
    }

    /// The value with exactly ``scale`` decimal places: `-0.50`, `1234`, `0.0001`.
    public var description: String {
        var text = [UInt8]()
        text.reserveCapacity(42)
        appendText(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends ``description``'s UTF-8 bytes, digit by digit, without building intermediate strings.
    public func appendText(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            // The magnitude's digits, least significant first (at most 38). Most amounts fit 64 bits, whose
            // division is far cheaper than 128-bit division.
            func writeDigits<Magnitude: BinaryInteger>(_ magnitude: Magnitude) -> Int {
                var rest = magnitude
                var count = 0
                repeat {
                    digits[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                    count += 1
                } while rest != 0
                return count
            }
            let count = UInt64(exactly: significand.magnitude).map(writeDigits) ?? writeDigits(significand.magnitude)
            if significand < 0 { bytes.append(UInt8(ascii: "-")) }
            if count > scale {
                for index in stride(from: count - 1, through: scale, by: -1) { bytes.append(digits[index]) }
                if scale > 0 {
                    bytes.append(UInt8(ascii: "."))
                    for index in stride(from: scale - 1, through: 0, by: -1) { bytes.append(digits[index]) }
                }
            } else {
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "."))
                for _ in 0..<(scale - count) { bytes.append(UInt8(ascii: "0")) }
                for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(digits[index]) }
            }
        }
    }

    public var debugDescription: String { "ExactDecimal(\(description))" }
}
