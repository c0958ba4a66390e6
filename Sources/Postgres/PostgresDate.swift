import Foundation

/// A calendar date as PostgreSQL's `date` type holds it (proleptic Gregorian, no time zone).
///
/// The domain's own calendar type converts to and from this; the wrapper needs only the wire form.
public struct PostgresDate: Sendable, Hashable, Comparable, CustomStringConvertible, PostgresEncodable,
    PostgresDecodable
{
    public var year: Int
    public var month: Int
    public var day: Int

    /// A date with a valid month and day; `nil` otherwise (`2026-02-30`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.date, text: description) }
    public static func accepts(typeOID: UInt32) -> Bool { typeOID == PostgresTypeOID.date }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> PostgresDate? {
        PostgresDate(String(decoding: text, as: UTF8.self))
    }
    public static var postgresTypeName: String { "date" }
}

func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
}

func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
    guard start + count <= bytes.count else { return nil }
    var value = 0
    for index in start..<(start + count) {
        let digit = Int(bytes[index]) - 48
        guard (0...9).contains(digit) else { return nil }
        value = value * 10 + digit
    }
    return value
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's `days_from_civil`).
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}

/// `timestamptz` as a Foundation `Date`. Bound in binary (microseconds since 2000-01-01 UTC); read from the
/// ISO text the server sends with `TimeZone = UTC` (set on every connection).
extension Date: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue {
        let microseconds = Int64(((timeIntervalSince1970 - 946_684_800) * 1_000_000).rounded())
        return PostgresValue(
            typeOID: PostgresTypeOID.timestamptz, bytes: withUnsafeBytes(of: microseconds.bigEndian, Array.init),
            isBinary: true)
    }

    public static func accepts(typeOID: UInt32) -> Bool {
        typeOID == PostgresTypeOID.timestamptz || typeOID == PostgresTypeOID.timestamp
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]`.
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> Date? {
        let bytes = Array(text)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: " "),
            let date = PostgresDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2)
        else { return nil }
        var index = 19
        var microseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100_000
            while index < bytes.count, let digit = digits(bytes, index, 1) {
                microseconds += digit * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                let hours = digits(bytes, index + 1, 2)
            else { return nil }
            offsetSeconds = hours * 3600
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ":"), let minutes = digits(bytes, index + 1, 2) {
                offsetSeconds += minutes * 60
            }
            offsetSeconds *= sign
        }
        let days = daysFromCivil(year: date.year, month: date.month, day: date.day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(microseconds) / 1_000_000)
    }

    public static var postgresTypeName: String { "timestamptz" }
}
