import Foundation

/// Where a recurring template stands — the same lifecycle for recurring invoices, expenses, tasks and sales
/// orders: `active → paused → active` (with or without catch-up), `active | paused → ended` (final), and `ended`
/// too once the schedule has no occurrence left.
public enum RecurringState: String, WireEnum, Sendable, Hashable {
    /// Posted by the EOD as its occurrences fall due.
    case active
    /// Nothing is posted until it is resumed.
    case paused
    /// Ended on request (for good), or its schedule has no occurrence left (a new schedule revives it).
    case ended
}

/// What every recurring thing shares, whatever it posts: its schedule, its lifecycle and its cursor (the last
/// occurrence posted). Pure: the lifecycle's transitions, the catch-up policy, what is still to post and whether
/// an occurrence may post are all decided here; the store only reads and writes the columns.
public struct RecurringTemplate: Sendable, Hashable {
    public var schedule: Schedule
    /// Off while paused or ended.
    public var isActive: Bool
    /// When it was ended on request, if it was (final).
    public var endedAt: Date?
    /// The EOD found no occurrence left to post (its schedule is over).
    public var scheduleFinished: Bool
    /// Occurrences posted on or before this date are skipped (resumed without catch-up, or a schedule replaced).
    public var skipThrough: CalendarDate?
    /// The index, in the current schedule, of the last occurrence posted; `nil` when none has been posted since
    /// the schedule was set.
    public var lastPostedIndex: Int?
    /// The posting date of the last occurrence posted, under any schedule the template has had.
    public var lastPostedDate: CalendarDate?

    public init(
        schedule: Schedule, isActive: Bool = true, endedAt: Date? = nil, scheduleFinished: Bool = false,
        skipThrough: CalendarDate? = nil, lastPostedIndex: Int? = nil, lastPostedDate: CalendarDate? = nil
    ) {
        self.schedule = schedule
        self.isActive = isActive
        self.endedAt = endedAt
        self.scheduleFinished = scheduleFinished
        self.skipThrough = skipThrough
        self.lastPostedIndex = lastPostedIndex
        self.lastPostedDate = lastPostedDate
    }

    public var state: RecurringState {
        if endedAt != nil || scheduleFinished { return .ended }
        return isActive ? .active : .paused
    }

    /// The occurrences not yet posted (after the cursor and the skip date), in order. Lazy: query a window.
    public func upcomingOccurrences(context: ScheduleContext) -> OccurrenceSequence {
        var occurrences = schedule.occurrences(context: context)
        if let lastPostedIndex { occurrences = occurrences.occurrences(afterIndex: lastPostedIndex) }
        if let skipThrough {
            guard let next = skipThrough.checkedAdding(days: 1) else {
                return occurrences[occurrences.endIndex..<occurrences.endIndex]
            }
            occurrences = occurrences.posted(onOrAfter: next)
        }
        return occurrences
    }

    /// What the EOD for `asOf` posts, in order: the upcoming occurrences posted on or before `asOf` (none unless
    /// active).
    public func occurrencesDue(through asOf: CalendarDate, context: ScheduleContext) -> OccurrenceSequence {
        let upcoming = upcomingOccurrences(context: context)
        guard state == .active else { return upcoming[upcoming.startIndex..<upcoming.startIndex] }
        return upcoming.posted(after: nil, through: asOf)
    }

    // MARK: Lifecycle

    /// Paused: the EOD posts nothing until it is resumed. Pausing a paused template changes nothing.
    public func paused() throws(RecurringTemplateError) -> RecurringTemplate {
        try checkLive()
        var next = self
        next.isActive = false
        return next
    }

    /// Active again from `today`. Without `catchUp`, the occurrences whose posting date is before `today` (missed
    /// while paused) are skipped; with it, the next EOD posts them too. Resuming an active template changes
    /// nothing (it skips nothing).
    public func resumed(today: CalendarDate, catchUp: Bool) throws(RecurringTemplateError) -> RecurringTemplate {
        try checkLive()
        guard !isActive else { return self }
        var next = self
        next.isActive = true
        if !catchUp, let yesterday = today.checkedAdding(days: -1) { next.skipThrough = Self.later(skipThrough, yesterday) }
        return next
    }

    /// Ended for good: nothing posts again and nothing changes it any more.
    public func ended(at instant: Date) throws(RecurringTemplateError) -> RecurringTemplate {
        guard endedAt == nil else { throw .ended }
        var next = self
        next.isActive = false
        next.endedAt = instant
        return next
    }

    /// The template with a new schedule that governs the occurrences after the last one posted (and, with
    /// `effectiveFrom`, none posted before that date), so that nothing posted is ever posted again or rewritten.
    /// The same schedule keeps the cursor (only `effectiveFrom` applies). A template whose schedule had finished
    /// is active again if it was.
    public func replacingSchedule(with schedule: Schedule, effectiveFrom: CalendarDate?) throws(RecurringTemplateError)
        -> RecurringTemplate
    {
        guard endedAt == nil else { throw .ended }
        var next = self
        next.scheduleFinished = false
        if let effectiveFrom, let before = effectiveFrom.checkedAdding(days: -1) {
            next.skipThrough = Self.later(next.skipThrough, before)
        }
        guard schedule != self.schedule else { return next }
        next.schedule = schedule
        if let lastPostedDate {
            // Occurrence indexes restart with the new schedule; its dates up to the last posting are not posted.
            next.lastPostedIndex = nil
            next.skipThrough = Self.later(next.skipThrough, lastPostedDate)
        }
        return next
    }

    /// Whether `occurrence` may post now: the template is active, the occurrence is its schedule's, and it was
    /// not skipped. (That it was not posted already is the store's unique key: ``alreadyPosted(_:)``.)
    public func checkPostable(_ occurrence: Occurrence, context: ScheduleContext) throws(RecurringTemplateError) {
        guard endedAt == nil else { throw .ended }
        guard isActive else { throw .paused }
        guard schedule.occurrences(context: context).occurrence(at: occurrence.index) == occurrence else {
            throw .notAnOccurrence
        }
        if let skipThrough, occurrence.postingDate <= skipThrough { throw .skipped }
    }

    /// The next `count` occurrences still to post.
    public func preview(count: Int, context: ScheduleContext) throws(RecurringTemplateError) -> [Occurrence] {
        guard Self.previewCounts.contains(count) else { throw .previewCount }
        return Array(upcomingOccurrences(context: context).prefix(count))
    }

    /// How many occurrences a preview may ask for.
    public static let previewCounts = 1...100

    private func checkLive() throws(RecurringTemplateError) {
        guard endedAt == nil else { throw .ended }
        guard !scheduleFinished else { throw .scheduleFinished }
    }

    private static func later(_ a: CalendarDate?, _ b: CalendarDate) -> CalendarDate {
        guard let a else { return b }
        return max(a, b)
    }
}

/// Why a recurring template refused a change or a posting.
public enum RecurringTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Ended on request: final.
    case ended
    /// Its schedule has no occurrence left: give it a new schedule to go on.
    case scheduleFinished
    /// Paused: resume it first.
    case paused
    /// The occurrence is not one of the template's schedule.
    case notAnOccurrence
    /// The occurrence was skipped (resumed without catch-up, or before a replaced schedule took effect).
    case skipped
    /// The occurrence with this index was posted already.
    case alreadyPosted(Int)
    /// A preview's count is outside ``RecurringTemplate/previewCounts``.
    case previewCount

    public var description: String { description(of: "recurring template") }

    /// The message, naming the template by its kind (`recurring sales order`).
    public func description(of resource: String) -> String {
        switch self {
        case .ended: "the \(resource) has ended"
        case .scheduleFinished: "the \(resource)'s schedule has no occurrence left: give it a new schedule"
        case .paused: "the \(resource) is paused"
        case .notAnOccurrence: "is not an occurrence of the \(resource)'s schedule"
        case .skipped: "the occurrence was skipped when the \(resource) was resumed or rescheduled"
        case .alreadyPosted(let index): "occurrence \(index) is already posted"
        case .previewCount: "must be between 1 and 100"
        }
    }
}
