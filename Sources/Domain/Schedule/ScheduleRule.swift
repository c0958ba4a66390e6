/// How a schedule recurs: the pattern, without its bounds (see ``Schedule``).
///
/// Every rule is anchored: occurrence *k* is computed from the start, never from occurrence *k − 1*, so
/// month-end clamping never drifts (a January 31 monthly rule gives February 28, then March 31).
public enum ScheduleRule: Hashable, Sendable {
    /// Every `interval` days, starting on the start date.
    case daily(interval: Int)
    /// Every `interval` weeks on `weekdays` (`nil`: the start's weekday). Weeks run Monday–Sunday and are
    /// counted from the week containing the start; days before the start are skipped.
    case weekly(interval: Int, weekdays: [Weekday]?)
    /// Every `interval` months on `day` (`nil`: the start's day of month, clamped). Months are counted from
    /// the start's month; if that month's day falls before the start, the first occurrence is `interval`
    /// months later.
    case monthly(interval: Int, day: MonthDay?)
    /// Every `interval` years in `month` (`nil`: the start's month) on `day` (`nil`: the start's day of
    /// month, clamped, so February 29 falls on February 28 in common years). Years are counted from the
    /// start's year; a date before the start is skipped.
    case yearly(interval: Int, month: Int?, day: MonthDay?)
    /// MixERP recurrence type "Duration": every `everyDays` days after the start (start + N, + 2N, …);
    /// the start itself is not an occurrence.
    case mixerpDuration(everyDays: Int)
    /// MixERP "Recurs on same calendar date": due monthly on the start's day of month (clamped), from the
    /// month after the start; each occurrence is posted the day before it falls due.
    case mixerpSameCalendarDate
    /// MixERP recurrence type "Frequency": the last day of each fiscal month, quarter, half-year or year,
    /// counted from the tenant's fiscal-year start month (``ScheduleContext``).
    case fiscalPeriodEnd(FiscalPeriod)

    /// Every other week: `weekly(interval: 2, weekdays:)`.
    public static func fortnightly(weekdays: [Weekday]? = nil) -> ScheduleRule {
        .weekly(interval: 2, weekdays: weekdays)
    }
    /// Every three months: `monthly(interval: 3, day:)`.
    public static func quarterly(day: MonthDay? = nil) -> ScheduleRule { .monthly(interval: 3, day: day) }
    /// Every six months: `monthly(interval: 6, day:)`.
    public static func semiannual(day: MonthDay? = nil) -> ScheduleRule { .monthly(interval: 6, day: day) }
    /// Once a year: `yearly(interval: 1, month:, day:)`.
    public static func annual(month: Int? = nil, day: MonthDay? = nil) -> ScheduleRule {
        .yearly(interval: 1, month: month, day: day)
    }
}

/// Which day of a month a monthly or yearly rule falls on.
public enum MonthDay: Hashable, Sendable {
    /// Day 1…31, clamped to the month's last day; or −1…−31 counting back from the last day (−1 is the
    /// last day, −2 the day before), clamped to the 1st.
    case dayOfMonth(Int)
    /// The nth `weekday` of the month: `ordinal` 1…4 from the start, −1…−4 from the end (−1 is the last).
    /// Every month has at least four of each weekday, so these always exist.
    case weekday(Weekday, ordinal: Int)
    /// The nth business day (Monday–Friday, no holiday calendar): 1…20 from the start, −1…−20 from the
    /// end. Every month has at least twenty.
    case businessDay(Int)

    /// The month's last day.
    public static let lastDay = MonthDay.dayOfMonth(-1)
}

/// A fiscal period whose last day a ``ScheduleRule/fiscalPeriodEnd(_:)`` rule falls on.
public enum FiscalPeriod: String, WireEnum, Hashable, Sendable {
    case month, quarter, halfYear, year

    /// Its length in months: 1, 3, 6 or 12.
    public var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .halfYear: 6
        case .year: 12
        }
    }
}
