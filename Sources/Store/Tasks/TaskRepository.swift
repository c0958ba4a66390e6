import Domain
import Foundation
import Postgres

/// The tasks of the tenant the connection is bound to.
public struct TaskRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Adds an open task.
    /// - Throws: ``LedgerError/validation(_:)`` at `title`, `description`, `assignee`, `reminderDays/<i>`, `link` (names
    ///   nothing).
    public func create(_ draft: WorkTaskDraft) throws -> WorkTask {
        try create(draft, recurringTaskID: nil)
    }

    func create(_ draft: WorkTaskDraft, recurringTaskID: UUID?) throws -> WorkTask {
        try LedgerError.check(draft.violations())
        return try mappingLinks {
            try db.transaction { db in
                try Self.task(
                    db.query(
                        TaskStatements.insert,
                        [draft.title, draft.description, draft.assignee, draft.dueDate] + Self.links(draft.link)
                            + [ReminderDays.column(draft.reminderDays), recurringTaskID]
                    ).first(orNotFound: "task"))
            }
        }
    }

    /// The task with `id`.
    public func get(_ id: UUID) throws -> WorkTask {
        return try Self.task(db.query(TaskStatements.byID, [id]).first(orNotFound: "task", id: id))
    }

    /// Replaces title, description, assignee, due date, link and reminder days.
    public func update(_ id: UUID, _ draft: WorkTaskDraft) throws -> WorkTask {
        try LedgerError.check(draft.violations())
        return try mappingLinks {
            try db.transaction { db in
                guard let row = try db.query(
                    TaskStatements.update,
                    [id, draft.title, draft.description, draft.assignee, draft.dueDate] + Self.links(draft.link)
                        + [ReminderDays.column(draft.reminderDays)]
                ).first else { throw LedgerError.notFound(resource: "task", id: id.uuidString.lowercased()) }
                return try Self.task(row)
            }
        }
    }

    /// Sets the status (reopening a done or cancelled task is allowed).
    public func setStatus(_ id: UUID, _ status: TaskStatus) throws -> WorkTask {
        return try Self.task(db.query(TaskStatements.setStatus, [id, status.rawValue]).first(orNotFound: "task", id: id))
    }

    /// A page of tasks matching `filter`, newest first.
    public func list(_ filter: TaskFilter = TaskFilter(), page: PageRequest = PageRequest()) throws -> Page<WorkTask> {
        let parameters: [any PostgresEncodable] =
            [filter.status?.rawValue, filter.assignee, filter.dueFrom, filter.dueThrough] + Self.links(filter.link)
        return try Page.make(rows: db.query(TaskStatements.list, parameters + page.parameters), limit: page.limit, Self.task).page
    }

    static func links(_ link: TaskLink?) -> [any PostgresEncodable] {
        (link?.columns ?? [nil, nil, nil, nil]).map { $0 as any PostgresEncodable }
    }

    /// A link to a record that does not exist is a field error at `link`.
    private func mappingLinks<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw LedgerError.invalid("link", .invalidValue, "names no such record")
        }
    }

    static func task(_ row: PostgresRow) throws -> WorkTask {
        let links: [(TaskLink.Kind, String)] = [
            (.party, "party_id"), (.invoice, "invoice_id"), (.salesOrder, "sales_order_id"), (.expense, "expense_id"),
        ]
        var link: TaskLink?
        for (kind, column) in links {
            if let id = try row.decode(UUID?.self, column) { link = TaskLink(kind: kind, id: id) }
        }
        return WorkTask(
            id: try row.decode(UUID.self, "id"), title: try row.decode(String.self, "title"),
            description: try row.decode(String?.self, "description"), assignee: try row.decode(String?.self, "assignee"),
            dueDate: try row.decode(CalendarDate?.self, "due_date"), status: try LedgerSQL.value(TaskStatus.self, row, "status"),
            link: link, recurringTaskID: try row.decode(UUID?.self, "recurring_task_id"),
            reminderDays: try ReminderDays.decode(row, "reminder_days"),
            completedAt: try row.decode(Date?.self, "completed_at"), createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at"))
    }
}
