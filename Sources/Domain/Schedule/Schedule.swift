/// A recurrence rule with its bounds: the one value every recurring thing in Recur (invoices, expenses,
/// tasks, sales orders) stores. Always valid once built.
///
/// Occurrences exist from the start (see each ``ScheduleRule`` case for where the first one falls) while
/// all bounds hold, whichever ends first:
/// - `end`: no occurrence *due* after this date (inclusive);
/// - `count`: at most this many occurrences;
/// - `totalDurationDays`: no occurrence *due* after `start + totalDurationDays` (MixERP's "Total Duration").
public struct Schedule: Hashable, Sendable {
    /// The recurrence pattern.
    public let rule: ScheduleRule
    /// The anchor every occurrence is computed from.
    public let start: CalendarDate
    /// The last date an occurrence may fall due on, if any.
    public let end: CalendarDate?
    /// The maximum number of occurrences, if any (≥ 1).
    public let count: Int?
    /// MixERP's total duration: nothing falls due after `start + totalDurationDays`, if set (≥ 1).
    public let totalDurationDays: Int?

    /// A validated schedule.
    ///
    /// - Throws: ``FieldViolations`` naming each bad field as the JSON shape does (`interval`, `byMonthDay`,
    ///   `byWeekday/ordinal`, `weekdays/1`, `end`, `count`, …).
    public init(
        rule: ScheduleRule, start: CalendarDate, end: CalendarDate? = nil, count: Int? = nil,
        totalDurationDays: Int? = nil
    ) throws(FieldViolations) {
        let errors =
            ScheduleValidation.errors(in: rule)
            + ScheduleValidation.errors(start: start, end: end, count: count, totalDurationDays: totalDurationDays)
        guard errors.isEmpty else { throw FieldViolations(errors) }
        self.rule = rule
        self.start = start
        self.end = end
        self.count = count
        self.totalDurationDays = totalDurationDays
    }

    /// The occurrences, lazily: a random-access collection indexed by occurrence index *k* (0 is the first).
    ///
    /// `context` supplies the tenant's fiscal-year start month, which only ``ScheduleRule/fiscalPeriodEnd(_:)``
    /// reads; pass the tenant's real context anyway so that rule changes never need call-site changes.
    public func occurrences(context: ScheduleContext) -> OccurrenceSequence {
        let recurrence = Recurrence(schedule: self, context: context)
        return OccurrenceSequence(recurrence: recurrence, startIndex: 0, endIndex: recurrence.endIndex)
    }

    /// The latest due date the bounds allow (``CalendarDate/max`` when unbounded).
    var lastAllowedDueDate: CalendarDate {
        var last = CalendarDate.max
        if let end { last = Swift.min(last, end) }
        if let totalDurationDays, let bound = start.checkedAdding(days: totalDurationDays) {
            last = Swift.min(last, bound)
        }
        return last
    }
}
