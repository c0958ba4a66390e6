// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil, civil_from_days):
// exact for the proleptic Gregorian calendar, a handful of integer operations, no tables.

extension CalendarDate {
    /// Days since 1970-01-01 (negative before it): 0001-01-01 is −719162, 9999-12-31 is 2932896.
    @inlinable
    public var dayNumber: Int { CalendarDate.dayNumber(year: year, month: month, day: day) }

    /// The date `dayNumber` days after 1970-01-01, or `nil` outside ``dayNumberRange``.
    public init?(dayNumber: Int) {
        guard CalendarDate.dayNumberRange.contains(dayNumber) else { return nil }
        self.init(uncheckedDayNumber: dayNumber)
    }

    /// The day numbers of ``min`` through ``max``.
    public static let dayNumberRange: ClosedRange<Int> = -719_162...2_932_896

    /// `days_from_civil` for valid components.
    @inlinable
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400  // [0, 399]
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy  // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// `civil_from_days` for a day number inside ``dayNumberRange``.
    @inlinable
    init(uncheckedDayNumber dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097  // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365  // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)  // [0, 365]
        let mp = (5 * doy + 2) / 153  // [0, 11]
        let day = doy - (153 * mp + 2) / 5 + 1  // [1, 31]
        let month = mp < 10 ? mp + 3 : mp - 9  // [1, 12]
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.init(unchecked: year, month, day)
    }
}
