import Domain
import Foundation

/// A template of tasks the EOD creates on a schedule ("review the social media strategy on the 1st business day
/// of each month"). Each occurrence creates one task, due on the occurrence's due date.
public struct RecurringTask: Sendable, Hashable {
    public let id: UUID
    public let title: String
    public let description: String?
    public let assignee: String?
    /// The party each task is linked to, if any.
    public let partyID: UUID?
    /// Schedule, lifecycle state and cursor.
    public let recurring: RecurringTemplate
    public let createdAt: Date
    public let updatedAt: Date

    /// The task one occurrence creates.
    func task(for occurrence: Occurrence) -> WorkTaskDraft {
        WorkTaskDraft(
            title: title, description: description, assignee: assignee, dueDate: occurrence.dueDate,
            link: partyID.map(TaskLink.party))
    }
}

/// A new recurring task.
public struct RecurringTaskDraft: RecurringTemplateDraft, Hashable {
    public var title: String
    public var description: String?
    public var assignee: String?
    public var partyID: UUID?
    public var schedule: Schedule

    public init(title: String, description: String? = nil, assignee: String? = nil, partyID: UUID? = nil, schedule: Schedule) {
        self.title = title
        self.description = description
        self.assignee = assignee
        self.partyID = partyID
        self.schedule = schedule
    }
}
