import Domain
import Foundation
import Postgres

/// Recurring tasks of the tenant the connection is bound to: the shared template lifecycle
/// (``RecurringTemplateStore``) over ``RecurringTaskKind``.
public typealias RecurringTaskRepository = RecurringTemplateStore<RecurringTaskKind>

/// Recurring tasks as a kind of recurring template: each occurrence creates a task due on its due date.
public enum RecurringTaskKind: RecurringTemplateKind {
    public static let resource = "recurring task"
    public static var statements: RecurringTemplateStatements { RecurringTaskStatements.template }

    public static func templates(_ rows: [PostgresRow], on db: PostgresConnection) throws -> [RecurringTask] {
        try rows.map { row in
            RecurringTask(
                id: try row.decode(UUID.self, "id"), title: try row.decode(String.self, "title"),
                description: try row.decode(String?.self, "description"), assignee: try row.decode(String?.self, "assignee"),
                partyID: try row.decode(UUID?.self, "party_id"), leadDays: try row.decode(Int.self, "lead_days"),
                reminderDays: try ReminderDays.decode(row, "reminder_days"), recurring: try RecurringTemplate(row: row),
                createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"))
        }
    }

    /// - Throws: ``LedgerError/validation(_:)`` at `title`, `description`, `assignee`, `partyId`, `leadDays`,
    ///   `reminderDays/<i>`.
    public static func insert(_ draft: RecurringTaskDraft, on db: PostgresConnection) throws -> UUID {
        try check(draft, on: db)
        return try db.query(RecurringTaskStatements.insert, payload(draft) + [draft.schedule.json])
            .first(orNotFound: resource).decode(UUID.self, "id")
    }

    public static func update(_ current: RecurringTask, with draft: RecurringTaskDraft, on db: PostgresConnection) throws {
        try check(draft, on: db)
        try db.query(RecurringTaskStatements.update, [current.id] + payload(draft))
    }

    /// A task's document date is its due date; it is created `leadDays` before the posting date.
    public static func preview(_ template: RecurringTask, _ occurrences: [Occurrence], on db: PostgresConnection)
        throws -> [RecurringPreview]
    {
        occurrences.map {
            RecurringPreview(
                occurrence: $0, documentDate: $0.dueDate, documentDueDate: $0.dueDate,
                createdOn: $0.postingDate.checkedAdding(days: -template.leadDays))
        }
    }

    public static func post(
        _ template: RecurringTask, _ occurrence: Occurrence, eodDate: CalendarDate?, on db: PostgresConnection
    ) throws -> UUID {
        let id = try TaskRepository(db).create(template.task(for: occurrence), recurringTaskID: template.id).id
        try recordOccurrence(template.id, occurrence, document: id, on: db)
        return id
    }

    private static func check(_ draft: RecurringTaskDraft, on db: PostgresConnection) throws {
        var errors = WorkTaskDraft(
            title: draft.title, description: draft.description, assignee: draft.assignee, reminderDays: draft.reminderDays
        ).violations()
        if !RecurringTaskDraft.leadDayRange.contains(draft.leadDays) {
            errors.append(FieldViolation(path: "leadDays", code: .outOfRange, message: "must be between 0 and 365"))
        }
        if let partyID = draft.partyID, try PartyRepository(db).find(partyID) == nil {
            errors.append(FieldViolation(path: "partyId", code: .invalidValue, message: "names no party"))
        }
        try LedgerError.check(errors)
    }

    private static func payload(_ draft: RecurringTaskDraft) -> [any PostgresEncodable] {
        [draft.title, draft.description, draft.assignee, draft.partyID, draft.leadDays, ReminderDays.column(draft.reminderDays)]
    }
}

extension RecurringTask: RecurringTemplateRecord {}
