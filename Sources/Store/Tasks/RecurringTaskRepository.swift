import Domain
import Foundation
import Postgres

/// Recurring tasks of the tenant the connection is bound to: create, pause, resume, stop, preview, and the EOD's
/// ``postOccurrence(templateID:occurrence:context:)``.
public struct RecurringTaskRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Saves a new, active template.
    /// - Throws: ``LedgerError/validation(_:)`` at `title`, `description`, `assignee`, `partyId`.
    public func create(_ draft: RecurringTaskDraft) throws -> RecurringTask {
        var errors = WorkTaskDraft(title: draft.title, description: draft.description, assignee: draft.assignee).violations()
        if let partyID = draft.partyID, try PartyRepository(db).find(partyID) == nil {
            errors.append(FieldViolation(path: "partyId", code: .invalidValue, message: "names no party"))
        }
        try LedgerError.check(errors)
        return try db.transaction { db in
            try Self.template(
                db.query(
                    RecurringTaskStatements.insert,
                    [draft.title, draft.description, draft.assignee, draft.partyID, draft.schedule.json]
                ).first(orNotFound: "recurring task"))
        }
    }

    private var store: RecurringTemplateStore<RecurringTaskKind> { RecurringTemplateStore(db: db) }

    /// The template with `id`.
    public func get(_ id: UUID) throws -> RecurringTask { try store.get(id) }

    /// A page of templates, newest first.
    public func list(page: PageRequest = PageRequest()) throws -> Page<RecurringTask> { try store.list(page: page) }

    /// Pauses a template: no tasks are created until it is resumed.
    public func pause(_ id: UUID) throws -> RecurringTask { try store.pause(id) }

    /// Resumes on `today`; without `catchUp`, occurrences before today are skipped.
    public func resume(_ id: UUID, today: CalendarDate, catchUp: Bool = false) throws -> RecurringTask {
        try store.resume(id, today: today, catchUp: catchUp)
    }

    /// Stops a template for good.
    public func stop(_ id: UUID) throws -> RecurringTask { try store.stop(id) }

    /// The next `count` (1…100) occurrences still to create; `documentDate` is each task's due date.
    public func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringPreview] {
        try store.preview(id, count: count, context: context)
    }

    /// Creates one occurrence's task (due on the occurrence's due date) in a savepoint, with the occurrence row
    /// that the unique key keeps single and the cursor.
    /// - Throws: ``LedgerError/conflict(_:)`` when already created, paused, stopped or skipped.
    @discardableResult
    public func postOccurrence(templateID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> UUID {
        try store.postOccurrence(templateID: templateID, occurrence: occurrence, context: context)
    }

    static func template(_ row: PostgresRow) throws -> RecurringTask {
        RecurringTask(
            id: try row.decode(UUID.self, "id"), title: try row.decode(String.self, "title"),
            description: try row.decode(String?.self, "description"), assignee: try row.decode(String?.self, "assignee"),
            partyID: try row.decode(UUID?.self, "party_id"),
            schedule: try StoredSchedule.decode(try row.decode(String.self, "schedule"), column: "schedule"),
            state: RecurringCursor.state(isActive: try row.decode(Bool.self, "is_active"), stopped: try row.decode(Bool.self, "stopped")),
            skipThrough: try row.decode(CalendarDate?.self, "skip_through"),
            lastPostedIndex: try row.decode(Int?.self, "last_posted_index"),
            lastPostedDate: try row.decode(CalendarDate?.self, "last_posted_date"),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}

/// Recurring tasks in ``RecurringTemplateStore``: each occurrence creates a task due on its due date.
enum RecurringTaskKind: RecurringTemplateKind {
    static let resource = "recurring task"
    static var statements: RecurringTemplateStatements { RecurringTaskStatements.template }
    static func template(_ row: PostgresRow) throws -> RecurringTask { try RecurringTaskRepository.template(row) }
    static func documentDate(of occurrence: Occurrence) -> CalendarDate { occurrence.dueDate }
    static func makeDocument(for template: RecurringTask, occurrence: Occurrence, on db: PostgresConnection) throws -> UUID {
        try TaskRepository(db).create(template.task(for: occurrence), recurringTaskID: template.id).id
    }
}

extension RecurringTask: RecurringTemplateRecord {}
