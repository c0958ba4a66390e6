/// A day in the proleptic Gregorian calendar, with no time and no zone: 0001-01-01 through 9999-12-31.
///
/// Everything that recurs in Recur runs on calendar dates, never on instants. A `CalendarDate` is always a
/// valid date: the failable initialisers reject `2026-02-30`, and arithmetic clamps or reports overflow.
/// Values order chronologically, hash cheaply and encode as strict ISO 8601 `"YYYY-MM-DD"`.
///
/// - Note: Day numbers count days since 1970-01-01 (``dayNumber``), using Howard Hinnant's
///   "chrono-compatible low-level date algorithms"; no Foundation calendar is involved.
public struct CalendarDate: Sendable, Hashable {
    /// `year << 9 | month << 5 | day`: orders exactly like the date it encodes.
    @usableFromInline
    let packed: Int32

    /// Builds a date from components already known to be valid.
    @inlinable
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        packed = Int32(truncatingIfNeeded: year << 9 | month << 5 | day)
    }

    /// The date with these components, or `nil` unless `year` is 1…9999, `month` 1…12 and `day` exists in
    /// that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// The year, 1…9999.
    @inlinable public var year: Int { Int(packed >> 9) }
    /// The month, 1 (January) … 12 (December).
    @inlinable public var month: Int { Int((packed >> 5) & 0xF) }
    /// The day of the month, 1…31.
    @inlinable public var day: Int { Int(packed & 0x1F) }

    /// 0001-01-01, the earliest representable date.
    public static let min = CalendarDate(unchecked: 1, 1, 1)
    /// 9999-12-31, the latest representable date.
    public static let max = CalendarDate(unchecked: 9999, 12, 31)
}

extension CalendarDate: Comparable {
    @inlinable
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.packed < rhs.packed }
}

// MARK: - Gregorian rules

extension CalendarDate {
    /// Whether `year` has a February 29: divisible by 4, except centuries not divisible by 400
    /// (1900 and 2100 are common years, 2000 is a leap year).
    @inlinable
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1…12) of `year`: 28…31.
    ///
    /// - Precondition: `month` is 1…12.
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        case 1, 3, 5, 7, 8, 10, 12: return 31
        default: preconditionFailure("month \(month) is not 1…12")
        }
    }

    /// Whether this date's year is a leap year.
    public var isLeapYear: Bool { CalendarDate.isLeapYear(year) }

    /// The number of days in this date's month.
    @inlinable
    public var daysInMonth: Int { CalendarDate.daysInMonth(year: year, month: month) }

    /// The number of days in this date's year: 365 or 366.
    public var daysInYear: Int { isLeapYear ? 366 : 365 }

    /// The day of the year, 1 (January 1) … 366.
    public var dayOfYear: Int { dayNumber - CalendarDate(unchecked: year, 1, 1).dayNumber + 1 }

    /// The calendar quarter, 1 (January–March) … 4 (October–December).
    public var quarter: Int { (month - 1) / 3 + 1 }

    /// The day of the week.
    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    /// The first day of this date's month.
    public var firstDayOfMonth: CalendarDate { CalendarDate(unchecked: year, month, 1) }

    /// The last day of this date's month (February 29 in leap years).
    public var lastDayOfMonth: CalendarDate { CalendarDate(unchecked: year, month, daysInMonth) }
}
