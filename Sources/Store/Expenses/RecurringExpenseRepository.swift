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

    /// The template with `id`.
    public func get(_ id: UUID) throws -> RecurringExpense {
        guard let row = try db.query(RecurringExpenseStatements.template.byID, [id]).first else {
            throw LedgerError.notFound(resource: "recurring expense", id: id.uuidString.lowercased())
        }
        return try Self.template(row)
    }

    /// A page of templates, newest first.
    public func list(page: PageRequest = PageRequest()) throws -> Page<RecurringExpense> {
        try Page.make(rows: db.query(RecurringExpenseStatements.template.list, page.parameters), limit: page.limit, Self.template).page
    }

    /// Pauses a template: the EOD posts nothing until it is resumed.
    public func pause(_ id: UUID) throws -> RecurringExpense { try setState(id, active: false, skipThrough: nil, stop: false) }

    /// Resumes a paused template on `today`. Without `catchUp`, occurrences posted before today are skipped;
    /// with it, the next EOD posts them too.
    public func resume(_ id: UUID, today: CalendarDate, catchUp: Bool = false) throws -> RecurringExpense {
        try setState(id, active: true, skipThrough: catchUp ? nil : today.checkedAdding(days: -1), stop: false)
    }

    /// Stops a template for good.
    public func stop(_ id: UUID) throws -> RecurringExpense { try setState(id, active: false, skipThrough: nil, stop: true) }

    /// The next `count` (1…100) occurrences still to post, computed without writing anything.
    public func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringPreview] {
        try RecurringCursor.checkCount(count)
        return try get(id).upcomingOccurrences(context: context).prefix(count).map {
            RecurringPreview(occurrence: $0, documentDate: $0.postingDate)
        }
    }

    /// Posts one occurrence in a savepoint of the caller's transaction: the expense dated the posting date (and its
    /// entry), the occurrence row that the unique key keeps single, and the cursor. All or nothing.
    /// - Throws: ``LedgerError/conflict(_:)`` when already posted, paused, stopped or skipped.
    @discardableResult
    public func postOccurrence(templateID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> UUID {
        try db.transaction { db in
            guard let row = try db.query(RecurringExpenseStatements.template.lock, [templateID]).first else {
                throw LedgerError.notFound(resource: "recurring expense", id: templateID.uuidString.lowercased())
            }
            let template = try Self.template(row)
            try RecurringCursor.checkPostable(
                isActive: template.state == .active, schedule: template.schedule, skipThrough: template.skipThrough,
                occurrence: occurrence, context: context)
            let expenseID = try ExpenseRepository(db).record(
                template.draft.expense(on: occurrence.postingDate), recurringExpenseID: template.id)
            do {
                try db.query(
                    RecurringExpenseStatements.template.recordOccurrence,
                    [template.id, occurrence.postingDate, occurrence.index, expenseID])
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                throw LedgerError.conflict("occurrence \(occurrence.index) (\(occurrence.postingDate)) is already posted")
            }
            try db.query(RecurringExpenseStatements.template.moveCursor, [template.id, occurrence.index, occurrence.postingDate])
            return expenseID
        }
    }

    private func setState(_ id: UUID, active: Bool, skipThrough: CalendarDate?, stop: Bool) throws -> RecurringExpense {
        if let row = try db.query(RecurringExpenseStatements.template.setState, [id, active, skipThrough, stop]).first {
            return try Self.template(row)
        }
        _ = try get(id)
        throw LedgerError.conflict("the recurring expense is stopped")
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
