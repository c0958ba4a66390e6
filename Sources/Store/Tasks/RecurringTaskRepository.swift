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

    /// The template with `id`.
    public func get(_ id: UUID) throws -> RecurringTask {
        guard let row = try db.query(RecurringTaskStatements.template.byID, [id]).first else {
            throw LedgerError.notFound(resource: "recurring task", id: id.uuidString.lowercased())
        }
        return try Self.template(row)
    }

    /// A page of templates, newest first.
    public func list(page: PageRequest = PageRequest()) throws -> Page<RecurringTask> {
        try Page.make(rows: db.query(RecurringTaskStatements.template.list, page.parameters), limit: page.limit, Self.template).page
    }

    /// Pauses a template: no tasks are created until it is resumed.
    public func pause(_ id: UUID) throws -> RecurringTask { try setState(id, active: false, skipThrough: nil, stop: false) }

    /// Resumes on `today`; without `catchUp`, occurrences before today are skipped.
    public func resume(_ id: UUID, today: CalendarDate, catchUp: Bool = false) throws -> RecurringTask {
        try setState(id, active: true, skipThrough: catchUp ? nil : today.checkedAdding(days: -1), stop: false)
    }

    /// Stops a template for good.
    public func stop(_ id: UUID) throws -> RecurringTask { try setState(id, active: false, skipThrough: nil, stop: true) }

    /// The next `count` (1…100) occurrences still to create; `documentDate` is each task's due date.
    public func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringPreview] {
        try RecurringCursor.checkCount(count)
        return try get(id).upcomingOccurrences(context: context).prefix(count).map {
            RecurringPreview(occurrence: $0, documentDate: $0.dueDate)
        }
    }

    /// Creates one occurrence's task (due on the occurrence's due date) in a savepoint, with the occurrence row
    /// that the unique key keeps single and the cursor.
    /// - Throws: ``LedgerError/conflict(_:)`` when already created, paused, stopped or skipped.
    @discardableResult
    public func postOccurrence(templateID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> UUID {
        try db.transaction { db in
            guard let row = try db.query(RecurringTaskStatements.template.lock, [templateID]).first else {
                throw LedgerError.notFound(resource: "recurring task", id: templateID.uuidString.lowercased())
            }
            let template = try Self.template(row)
            try RecurringCursor.checkPostable(
                isActive: template.state == .active, schedule: template.schedule, skipThrough: template.skipThrough,
                occurrence: occurrence, context: context)
            let task = try TaskRepository(db).create(template.task(for: occurrence), recurringTaskID: template.id)
            do {
                try db.query(
                    RecurringTaskStatements.template.recordOccurrence, [template.id, occurrence.postingDate, occurrence.index, task.id])
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                throw LedgerError.conflict("occurrence \(occurrence.index) (\(occurrence.postingDate)) is already created")
            }
            try db.query(RecurringTaskStatements.template.moveCursor, [template.id, occurrence.index, occurrence.postingDate])
            return task.id
        }
    }

    private func setState(_ id: UUID, active: Bool, skipThrough: CalendarDate?, stop: Bool) throws -> RecurringTask {
        if let row = try db.query(RecurringTaskStatements.template.setState, [id, active, skipThrough, stop]).first {
            return try Self.template(row)
        }
        _ = try get(id)
        throw LedgerError.conflict("the recurring task is stopped")
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
