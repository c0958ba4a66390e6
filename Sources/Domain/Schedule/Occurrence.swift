/// One occurrence of a ``Schedule``: what the EOD posts, when it falls due, and the period it covers.
///
/// Period semantics (see docs/schedule.md):
/// - daily, weekly, monthly, yearly: *in advance*, `[due date, next due date − 1]`;
/// - MixERP duration and same-calendar-date: *in arrears*, `[previous due date (the start for the first),
///   due date − 1]`, so every billed period lies inside the total duration;
/// - fiscal period ends: the fiscal month, quarter, half-year or year ending on the due date.
///
/// Periods come from the rule alone: the schedule's bounds do not clip them.
public struct Occurrence: Hashable, Sendable, Codable {
    /// Ordinal *k*: 0 for the first occurrence of the schedule, whatever query produced it.
    public let index: Int
    /// The date the EOD posts it on: the due date, except for MixERP same-calendar-date (the day before).
    /// Every date query on ``OccurrenceSequence`` filters on this date.
    public let postingDate: CalendarDate
    /// The date it falls due on (before payment terms, which invoicing applies). Bounds apply to this date.
    public let dueDate: CalendarDate
    /// The first day of the covered period.
    public let periodStart: CalendarDate
    /// The last day of the covered period (inclusive).
    public let periodEnd: CalendarDate

    public init(
        index: Int, postingDate: CalendarDate, dueDate: CalendarDate, periodStart: CalendarDate,
        periodEnd: CalendarDate
    ) {
        self.index = index
        self.postingDate = postingDate
        self.dueDate = dueDate
        self.periodStart = periodStart
        self.periodEnd = periodEnd
    }
}
