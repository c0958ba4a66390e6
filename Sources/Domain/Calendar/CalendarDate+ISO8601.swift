// Strict ISO 8601 calendar dates, extended format only: exactly "YYYY-MM-DD", four-digit year 0001…9999.

extension CalendarDate: LosslessStringConvertible, CustomStringConvertible {
    /// Parses exactly `YYYY-MM-DD` (ASCII digits, a real date); anything else, `2026-02-30` or `2026-2-3`
    /// included, gives `nil`.
    public init?(_ text: String) {
        var text = text
        let parsed: CalendarDate?? = text.withUTF8 { bytes in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range {
                    let digit = Int(bytes[i]) - 48
                    guard digit >= 0 && digit <= 9 else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return .some(CalendarDate(year: y, month: m, day: d))
        }
        guard let date = parsed ?? nil else { return nil }
        self = date
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let y = year, m = month, d = day
        return String(unsafeUninitializedCapacity: 10) { buffer in
            buffer[0] = UInt8(48 + y / 1000)
            buffer[1] = UInt8(48 + y / 100 % 10)
            buffer[2] = UInt8(48 + y / 10 % 10)
            buffer[3] = UInt8(48 + y % 10)
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = UInt8(48 + m / 10)
            buffer[6] = UInt8(48 + m % 10)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = UInt8(48 + d / 10)
            buffer[9] = UInt8(48 + d % 10)
            return 10
        }
    }
}

extension CalendarDate: Codable {
    /// Decodes a strict `"YYYY-MM-DD"` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a valid calendar date (expected YYYY-MM-DD)")
        }
        self = date
    }

    /// Encodes as `"YYYY-MM-DD"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
