import Domain
import Foundation

/// Where a task stands.
public enum TaskStatus: String, WireEnum, Sendable, Hashable {
    case open, done, cancelled
}

/// What a task is about: at most one party, invoice, sales order or expense.
public enum TaskLink: Sendable, Hashable {
    case party(UUID)
    case invoice(UUID)
    case salesOrder(UUID)
    case expense(UUID)

    /// The linked record's id.
    public var id: UUID {
        switch self {
        case .party(let id), .invoice(let id), .salesOrder(let id), .expense(let id): id
        }
    }

    /// What a link points at: a party, an invoice, a sales order or an expense (`sales_order` on the wire).
    public enum Kind: String, WireEnum, Sendable {
        case party, invoice, salesOrder, expense
    }

    public var kind: Kind {
        switch self {
        case .party: .party
        case .invoice: .invoice
        case .salesOrder: .salesOrder
        case .expense: .expense
        }
    }

    /// The link of `kind` to `id`.
    public init(kind: Kind, id: UUID) {
        switch kind {
        case .party: self = .party(id)
        case .invoice: self = .invoice(id)
        case .salesOrder: self = .salesOrder(id)
        case .expense: self = .expense(id)
        }
    }

    /// The four nullable link columns, in table order (party, invoice, sales order, expense).
    var columns: [UUID?] {
        [
            { if case .party(let id) = self { id } else { nil } }(),
            { if case .invoice(let id) = self { id } else { nil } }(),
            { if case .salesOrder(let id) = self { id } else { nil } }(),
            { if case .expense(let id) = self { id } else { nil } }(),
        ]
    }
}

/// A to-do: follow-ups, reviews, recurring chores. (Named `WorkTask` so as not to shadow Swift's `Task`.)
public struct WorkTask: Sendable, Hashable {
    public let id: UUID
    public let title: String
    public let description: String?
    /// Free text: a name, an e-mail address (reminders go there) or a tenant user id.
    public let assignee: String?
    public let dueDate: CalendarDate?
    public let status: TaskStatus
    public let link: TaskLink?
    /// The recurring task that created it, if any.
    public let recurringTaskID: UUID?
    /// Days before the due date on which it is reminded; `nil`: the tenant's `reminders.task_due_days`.
    public let reminderDays: [Int]?
    public let completedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
}

/// A new task, or the fields to change (``TaskRepository/update(_:_:)``).
public struct WorkTaskDraft: Sendable, Hashable {
    /// 1–200 characters.
    public var title: String
    /// At most 4000 characters; line breaks allowed.
    public var description: String?
    /// 1–200 characters.
    public var assignee: String?
    public var dueDate: CalendarDate?
    public var link: TaskLink?
    /// Days before the due date on which it is reminded (``ReminderDays``); `nil`: the tenant's offsets.
    public var reminderDays: [Int]?

    public init(
        title: String, description: String? = nil, assignee: String? = nil, dueDate: CalendarDate? = nil,
        link: TaskLink? = nil, reminderDays: [Int]? = nil
    ) {
        self.title = title
        self.description = description
        self.assignee = assignee
        self.dueDate = dueDate
        self.link = link
        self.reminderDays = reminderDays
    }

    func violations() -> [FieldViolation] {
        TextField.violations(title, at: "title", maxLength: 200)
            + Notes.violations(description, at: "description", maxLength: 4000)
            + TextField.violations(assignee, at: "assignee", maxLength: 200)
            + ReminderDays.violations(reminderDays, at: "reminderDays")
    }
}

/// Which tasks to list; filters combine with AND.
public struct TaskFilter: Sendable, Hashable {
    public var status: TaskStatus?
    public var assignee: String?
    /// Due dates from … through, inclusive.
    public var dueFrom: CalendarDate?
    public var dueThrough: CalendarDate?
    public var link: TaskLink?

    public init(
        status: TaskStatus? = nil, assignee: String? = nil, dueFrom: CalendarDate? = nil, dueThrough: CalendarDate? = nil,
        link: TaskLink? = nil
    ) {
        self.status = status
        self.assignee = assignee
        self.dueFrom = dueFrom
        self.dueThrough = dueThrough
        self.link = link
    }
}
