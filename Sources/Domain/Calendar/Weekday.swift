/// A day of the week, ordered Monday first as in ISO 8601. Encodes as its lowercase English name.
public enum Weekday: String, WireEnum, Sendable, Hashable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The ISO 8601 number: 1 (Monday) … 7 (Sunday).
    @inlinable
    public var isoNumber: Int {
        switch self {
        case .monday: 1
        case .tuesday: 2
        case .wednesday: 3
        case .thursday: 4
        case .friday: 5
        case .saturday: 6
        case .sunday: 7
        }
    }

    /// The weekday with this ISO 8601 number (1 = Monday … 7 = Sunday), or `nil`.
    public init?(isoNumber: Int) {
        switch isoNumber {
        case 1: self = .monday
        case 2: self = .tuesday
        case 3: self = .wednesday
        case 4: self = .thursday
        case 5: self = .friday
        case 6: self = .saturday
        case 7: self = .sunday
        default: return nil
        }
    }

    /// The weekday of a day number (days since 1970-01-01, a Thursday).
    init(dayNumber: Int) {
        self = Weekday(isoNumber: Weekday.isoNumber(dayNumber: dayNumber)) ?? .monday
    }

    /// The ISO weekday number (1 = Monday … 7 = Sunday) of a day number.
    @inlinable
    static func isoNumber(dayNumber: Int) -> Int {
        let r = (dayNumber + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// Monday to Friday; Recur has no holiday calendar.
    public var isBusinessDay: Bool { isoNumber <= 5 }
}

extension Weekday: Comparable {
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.isoNumber < rhs.isoNumber }
}
