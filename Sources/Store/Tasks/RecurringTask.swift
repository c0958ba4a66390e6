import Domain
import Foundation

/// A template of tasks the EOD creates on a schedule ("review the social media strategy on the 1st business day
/// of each month"). Each occurrence creates one task, due on the occurrence's due date, ``leadDays`` before its
/// posting date so that every reminder offset fires on time.
public struct RecurringTask: Sendable, Hashable {
    public let id: UUID
    public let title: String
    public let description: String?
    public let assignee: String?
    /// The party each task is linked to, if any.
    public let partyID: UUID?
    /// How many days before its occurrence's posting date each task is created (0–365; ``RecurringTaskDraft/defaultLeadDays``).
    public let leadDays: Int
    /// The reminder offsets each task gets (``ReminderDays``); `nil`: the tenant's.
    public let reminderDays: [Int]?
    /// Schedule, lifecycle state and cursor.
    public let recurring: RecurringTemplate
    public let createdAt: Date
    public let updatedAt: Date

    /// The task one occurrence creates.
    func task(for occurrence: Occurrence) -> WorkTaskDraft {
        WorkTaskDraft(
            title: title, description: description, assignee: assignee, dueDate: occurrence.dueDate,
            link: partyID.map(TaskLink.party), reminderDays: reminderDays)
    }
}

/// A new recurring task.
public struct RecurringTaskDraft: RecurringTemplateDraft, Hashable {
    public var title: String
    public var description: String?
    public var assignee: String?
    public var partyID: UUID?
    /// 0–365 (``leadDayRange``).
    public var leadDays: Int
    public var reminderDays: [Int]?
    public var schedule: Schedule

    /// Tasks are created a week ahead unless told otherwise.
    public static let defaultLeadDays = 7
    /// The lead times a template may have.
    public static let leadDayRange = 0...365

    public init(
        title: String, description: String? = nil, assignee: String? = nil, partyID: UUID? = nil,
        leadDays: Int = defaultLeadDays, reminderDays: [Int]? = nil, schedule: Schedule
    ) {
        self.title = title
        self.description = description
        self.assignee = assignee
        self.partyID = partyID
        self.leadDays = leadDays
        self.reminderDays = reminderDays
        self.schedule = schedule
    }
}
