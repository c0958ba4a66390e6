/// A fiscal year of twelve calendar months, named by the calendar year it starts in: with a start month of
/// April, fiscal year 2026 runs from 2026-04-01 through 2027-03-31.
public struct FiscalYear: Sendable, Hashable {
    /// The calendar year of the first day.
    public let year: Int
    /// 1…12.
    public let startMonth: Int

    /// `nil` when `startMonth` is not 1…12 or the year is outside 1…9998.
    public init?(year: Int, startMonth: Int) {
        guard (1...12).contains(startMonth), (1...9998).contains(year) else { return nil }
        self.year = year
        self.startMonth = startMonth
    }

    /// The first day.
    public var start: CalendarDate { CalendarDate(unchecked: year, startMonth, 1) }

    /// The last day (inclusive).
    public var end: CalendarDate { start.adding(months: 12).adding(days: -1) }

    /// The first day of month `index` (1…12).
    public func monthStart(_ index: Int) -> CalendarDate { start.adding(months: index - 1) }

    /// The month (1…12) `date` falls in, or `nil` when it is outside the year.
    public func monthIndex(of date: CalendarDate) -> Int? {
        guard date >= start, date <= end else { return nil }
        return (date.year * 12 + date.month) - (start.year * 12 + start.month) + 1
    }

    /// Months begun on or before `asOf` (0 before the year, 12 after it); a begun month counts as elapsed.
    public func elapsedMonths(asOf: CalendarDate) -> Int {
        if asOf < start { return 0 }
        return monthIndex(of: asOf) ?? 12
    }

    /// The fiscal year `date` falls in, for a fiscal year starting in `startMonth`.
    public static func containing(_ date: CalendarDate, startMonth: Int) -> FiscalYear? {
        FiscalYear(year: date.month >= startMonth ? date.year : date.year - 1, startMonth: startMonth)
    }
}
