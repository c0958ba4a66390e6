import Domain
import Foundation

/// Where a recurring template (expense or task) stands.
public enum RecurringTemplateState: String, WireEnum, Sendable, Hashable {
    /// Posted by the EOD as its occurrences fall due.
    case active
    /// Not posted until resumed.
    case paused
    /// Stopped for good.
    case stopped
}

/// A template of expenses the EOD posts on a schedule ("software subscription every month").
public struct RecurringExpense: Sendable, Hashable {
    public let id: UUID
    public let vendorID: UUID
    public let categoryID: UUID
    public let amount: Money
    public let department: String?
    public let project: String?
    public let reference: String?
    public let notes: String?
    /// Each occurrence is posted as paid (Cr bank) rather than owed (Cr AP).
    public let paid: Bool
    public let schedule: Schedule
    public let state: RecurringTemplateState
    /// Occurrences posted on or before this date are skipped (resumed without catch-up).
    public let skipThrough: CalendarDate?
    /// The cursor: the last occurrence posted.
    public let lastPostedIndex: Int?
    public let lastPostedDate: CalendarDate?
    public let createdAt: Date

    /// The occurrences not yet posted (after the cursor and the skip date), in order.
    public func upcomingOccurrences(context: ScheduleContext) -> OccurrenceSequence {
        RecurringCursor.upcoming(schedule, lastPostedIndex: lastPostedIndex, skipThrough: skipThrough, context: context)
    }
}

/// A new recurring expense.
public struct RecurringExpenseDraft: Sendable, Hashable {
    public var vendorID: UUID
    public var categoryID: UUID
    public var amount: ExactDecimal
    /// Defaults to the vendor's currency (the only one allowed).
    public var currency: Currency?
    public var department: String?
    public var project: String?
    public var reference: String?
    public var notes: String?
    public var paid: Bool
    public var schedule: Schedule

    public init(
        vendorID: UUID, categoryID: UUID, amount: ExactDecimal, currency: Currency? = nil, department: String? = nil,
        project: String? = nil, reference: String? = nil, notes: String? = nil, paid: Bool = false, schedule: Schedule
    ) {
        self.vendorID = vendorID
        self.categoryID = categoryID
        self.amount = amount
        self.currency = currency
        self.department = department
        self.project = project
        self.reference = reference
        self.notes = notes
        self.paid = paid
        self.schedule = schedule
    }

    /// The expense one occurrence posts.
    func expense(on date: CalendarDate) -> ExpenseDraft {
        ExpenseDraft(
            vendorID: vendorID, categoryID: categoryID, amount: amount, currency: currency, date: date,
            department: department, project: project, reference: reference, notes: notes, paid: paid)
    }
}

/// One future posting of a recurring template, computed without writing anything.
public struct RecurringPreview: Sendable, Hashable {
    public let occurrence: Occurrence
    /// The date of the document it creates: the expense date (posting date) or the task's due date.
    public let documentDate: CalendarDate
}

/// The cursor arithmetic every recurring template shares.
enum RecurringCursor {
    static func upcoming(
        _ schedule: Schedule, lastPostedIndex: Int?, skipThrough: CalendarDate?, context: ScheduleContext
    ) -> OccurrenceSequence {
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

    static func state(isActive: Bool, stopped: Bool) -> RecurringTemplateState {
        stopped ? .stopped : isActive ? .active : .paused
    }

    /// Checks shared by every template's posting: active, the occurrence is the schedule's, not skipped.
    static func checkPostable(
        isActive: Bool, schedule: Schedule, skipThrough: CalendarDate?, occurrence: Occurrence, context: ScheduleContext
    ) throws {
        guard isActive else { throw LedgerError.conflict("the recurring template is paused or stopped") }
        guard schedule.occurrences(context: context).occurrence(at: occurrence.index) == occurrence else {
            throw LedgerError.invalid("occurrence", .invalidValue, "is not an occurrence of the template's schedule")
        }
        if let skipThrough, occurrence.postingDate <= skipThrough {
            throw LedgerError.conflict("the occurrence was skipped when the template was resumed")
        }
    }

    static func checkCount(_ count: Int) throws {
        guard (1...100).contains(count) else { throw LedgerError.invalid("count", .outOfRange, "must be between 1 and 100") }
    }
}
