extension CalendarDate {
    /// The date `days` days later (earlier if negative).
    ///
    /// - Precondition: the result lies in ``min``…``max``; like integer overflow, leaving that range traps.
    ///   Use ``checkedAdding(days:)`` for untrusted amounts.
    public func adding(days: Int) -> CalendarDate {
        guard let result = checkedAdding(days: days) else {
            preconditionFailure("CalendarDate \(self) + \(days) days is outside 0001-01-01…9999-12-31")
        }
        return result
    }

    /// The date `days` days later (earlier if negative), or `nil` outside ``min``…``max``.
    public func checkedAdding(days: Int) -> CalendarDate? {
        if days > -28 && days < 28 { return addingFewDays(days) }
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        guard !overflow, CalendarDate.dayNumberRange.contains(sum) else { return nil }
        return CalendarDate(uncheckedDayNumber: sum)
    }

    /// Fast path for |days| < 28: at most one month boundary is crossed.
    @inlinable
    func addingFewDays(_ days: Int) -> CalendarDate? {
        let y = year, m = month, d = day + days
        let length = CalendarDate.daysInMonth(year: y, month: m)
        if d >= 1 && d <= length { return CalendarDate(unchecked: y, m, d) }
        if d > length {
            if m < 12 { return CalendarDate(unchecked: y, m + 1, d - length) }
            return y < 9999 ? CalendarDate(unchecked: y + 1, 1, d - length) : nil
        }
        if m > 1 { return CalendarDate(unchecked: y, m - 1, d + CalendarDate.daysInMonth(year: y, month: m - 1)) }
        return y > 1 ? CalendarDate(unchecked: y - 1, 12, d + 31) : nil
    }

    /// The day before, for dates known to be after ``min``.
    @inlinable
    var uncheckedDayBefore: CalendarDate {
        let d = day
        if d > 1 { return CalendarDate(unchecked: year, month, d - 1) }
        let m = month
        if m > 1 { return CalendarDate(unchecked: year, m - 1, CalendarDate.daysInMonth(year: year, month: m - 1)) }
        return CalendarDate(unchecked: year - 1, 12, 31)
    }

    /// The same day `months` months later (earlier if negative), clamped to the target month's last day:
    /// January 31 + 1 month is February 28, or 29 in a leap year.
    ///
    /// - Precondition: the result lies in ``min``…``max``. Use ``checkedAdding(months:)`` for untrusted amounts.
    public func adding(months: Int) -> CalendarDate {
        guard let result = checkedAdding(months: months) else {
            preconditionFailure("CalendarDate \(self) + \(months) months is outside 0001-01-01…9999-12-31")
        }
        return result
    }

    /// The same day `months` months later, clamped to the month's last day, or `nil` outside ``min``…``max``.
    public func checkedAdding(months: Int) -> CalendarDate? {
        let (index, overflow) = monthIndex.addingReportingOverflow(months)
        guard !overflow, CalendarDate.monthIndexRange.contains(index) else { return nil }
        return CalendarDate(monthIndex: index, clampedDay: day)
    }

    /// The same day `years` years later, clamped: February 29 becomes February 28 in a common year.
    ///
    /// - Precondition: the result lies in ``min``…``max``. Use ``checkedAdding(years:)`` for untrusted amounts.
    public func adding(years: Int) -> CalendarDate {
        guard let result = checkedAdding(years: years) else {
            preconditionFailure("CalendarDate \(self) + \(years) years is outside 0001-01-01…9999-12-31")
        }
        return result
    }

    /// The same day `years` years later, clamped, or `nil` outside ``min``…``max``.
    public func checkedAdding(years: Int) -> CalendarDate? {
        let (months, overflow) = years.multipliedReportingOverflow(by: 12)
        return overflow ? nil : checkedAdding(months: months)
    }

    /// The number of days from `self` to `other`: positive when `other` is later.
    public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }
}

// MARK: - Month index (year * 12 + month - 1): the unit month-stepped schedules count in

extension CalendarDate {
    /// `year * 12 + month - 1`; consecutive months have consecutive indexes.
    @inlinable
    var monthIndex: Int { year * 12 + month - 1 }

    /// Month indexes of January 0001 … December 9999.
    static let monthIndexRange: ClosedRange<Int> = 12...(9999 * 12 + 11)

    /// Day `day` (clamped to the month's length) of the month with this index, which must be valid.
    @inlinable
    init(monthIndex: Int, clampedDay day: Int) {
        let y = monthIndex / 12, m = monthIndex % 12 + 1
        self.init(unchecked: y, m, Swift.min(day, CalendarDate.daysInMonth(year: y, month: m)))
    }
}

// MARK: - Strideable: `for day in start...end`, `a.distance(to: b)`

extension CalendarDate: Strideable {
    /// Days from `self` to `other`.
    public func distance(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// ``adding(days:)``: traps outside ``min``…``max``.
    public func advanced(by days: Int) -> CalendarDate { adding(days: days) }
}
