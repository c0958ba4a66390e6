import Domain
import Foundation
import Postgres

/// Recurring expenses of the tenant the connection is bound to: create, pause, resume, stop, preview, and the
/// EOD's ``postOccurrence(templateID:occurrence:context:)``.
public struct RecurringExpenseRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Saves a new, active template.
    /// - Throws: ``LedgerError/validation(_:)`` at the fields of ``ExpenseRepository/create(_:)``.
    public func create(_ draft: RecurringExpenseDraft) throws -> RecurringExpense {
        let prepared = try ExpenseRepository(db).prepare(draft.expense(on: draft.schedule.start))
        return try db.transaction { db in
            try Self.template(
                db.query(
                    RecurringExpenseStatements.insert,
                    [
                        draft.vendorID, draft.categoryID, draft.amount, prepared.amount.currency.code, draft.department,
                        draft.project, draft.reference, draft.notes, draft.paid, draft.schedule.json,
                    ]
                ).first(orNotFound: "recurring expense"))
        }
    }

    private var store: RecurringTemplateStore<RecurringExpenseKind> { RecurringTemplateStore(db: db) }

    /// The template with `id`.
    public func get(_ id: UUID) throws -> RecurringExpense { try store.get(id) }

    /// A page of templates, newest first.
    public func list(page: PageRequest = PageRequest()) throws -> Page<RecurringExpense> { try store.list(page: page) }

    /// Pauses a template: the EOD posts nothing until it is resumed.
    public func pause(_ id: UUID) throws -> RecurringExpense { try store.pause(id) }

    /// Resumes a paused template on `today`. Without `catchUp`, occurrences posted before today are skipped;
    /// with it, the next EOD posts them too.
    public func resume(_ id: UUID, today: CalendarDate, catchUp: Bool = false) throws -> RecurringExpense {
        try store.resume(id, today: today, catchUp: catchUp)
    }

    /// Stops a template for good.
    public func stop(_ id: UUID) throws -> RecurringExpense { try store.stop(id) }

    /// The next `count` (1…100) occurrences still to post, computed without writing anything.
    public func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringPreview] {
        try store.preview(id, count: count, context: context)
    }

    /// Posts one occurrence in a savepoint of the caller's transaction: the expense dated the posting date (and its
    /// entry), the occurrence row that the unique key keeps single, and the cursor. All or nothing.
    /// - Throws: ``LedgerError/conflict(_:)`` when already posted, paused, stopped or skipped.
    @discardableResult
    public func postOccurrence(templateID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> UUID {
        try store.postOccurrence(templateID: templateID, occurrence: occurrence, context: context)
    }

    static func template(_ row: PostgresRow) throws -> RecurringExpense {
        let currency = try LedgerSQL.currency(row)
        return RecurringExpense(
            id: try row.decode(UUID.self, "id"), vendorID: try row.decode(UUID.self, "vendor_id"),
            categoryID: try row.decode(UUID.self, "category_id"),
            amount: Money(try row.decode(ExactDecimal.self, "amount").rounded(toPlaces: currency.minorUnits), currency),
            department: try row.decode(String?.self, "department"), project: try row.decode(String?.self, "project"),
            reference: try row.decode(String?.self, "reference"), notes: try row.decode(String?.self, "notes"),
            paid: try row.decode(Bool.self, "paid"),
            schedule: try StoredSchedule.decode(try row.decode(String.self, "schedule"), column: "schedule"),
            state: RecurringCursor.state(isActive: try row.decode(Bool.self, "is_active"), stopped: try row.decode(Bool.self, "stopped")),
            skipThrough: try row.decode(CalendarDate?.self, "skip_through"),
            lastPostedIndex: try row.decode(Int?.self, "last_posted_index"),
            lastPostedDate: try row.decode(CalendarDate?.self, "last_posted_date"),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}

extension RecurringExpense {
    /// The draft that posts this template's expenses.
    var draft: RecurringExpenseDraft {
        RecurringExpenseDraft(
            vendorID: vendorID, categoryID: categoryID, amount: amount.amount, currency: amount.currency,
            department: department, project: project, reference: reference, notes: notes, paid: paid, schedule: schedule)
    }
}

/// Recurring expenses in ``RecurringTemplateStore``: each occurrence records an expense dated its posting date.
enum RecurringExpenseKind: RecurringTemplateKind {
    static let resource = "recurring expense"
    static var statements: RecurringTemplateStatements { RecurringExpenseStatements.template }
    static func template(_ row: PostgresRow) throws -> RecurringExpense { try RecurringExpenseRepository.template(row) }
    static func documentDate(of occurrence: Occurrence) -> CalendarDate { occurrence.postingDate }
    static func makeDocument(for template: RecurringExpense, occurrence: Occurrence, on db: PostgresConnection) throws -> UUID {
        try ExpenseRepository(db).record(template.draft.expense(on: occurrence.postingDate), recurringExpenseID: template.id)
    }
}

extension RecurringExpense: RecurringTemplateRecord {}
