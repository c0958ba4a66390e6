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
        let digits = String(significand.magnitude)
        var text = significand < 0 ? "-" : ""
        if scale == 0 {
            text += digits
        } else if digits.count > scale {
            text += digits.prefix(digits.count - scale) + "." + digits.suffix(scale)
        } else {
            text += "0." + String(repeating: "0", count: scale - digits.count) + digits
        }
        return text
    }

    public var debugDescription: String { "ExactDecimal(\(description))" }
}
