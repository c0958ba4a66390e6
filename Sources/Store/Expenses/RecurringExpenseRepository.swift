import Domain
import Foundation
import Postgres

/// Recurring expenses of the tenant the connection is bound to: the shared template lifecycle
/// (``RecurringTemplateStore``) over ``RecurringExpenseKind``.
public typealias RecurringExpenseRepository = RecurringTemplateStore<RecurringExpenseKind>

/// Recurring expenses as a kind of recurring template: each occurrence records an expense dated its posting date
/// (and its entry).
public enum RecurringExpenseKind: RecurringTemplateKind {
    public static let resource = "recurring expense"
    public static let amountHistoryKind: String? = "expense"
    public static var statements: RecurringTemplateStatements { RecurringExpenseStatements.template }

    public static func templates(_ rows: [PostgresRow], on db: PostgresConnection) throws -> [RecurringExpense] {
        try rows.map { row in
            let currency = try LedgerSQL.currency(row)
            return RecurringExpense(
                id: try row.decode(UUID.self, "id"), vendorID: try row.decode(UUID.self, "vendor_id"),
                categoryID: try row.decode(UUID.self, "category_id"),
                amount: Money(try row.decode(ExactDecimal.self, "amount").rounded(toPlaces: currency.minorUnits), currency),
                department: try row.decode(String?.self, "department"), project: try row.decode(String?.self, "project"),
                campaign: try row.decode(String?.self, "campaign"), reference: try row.decode(String?.self, "reference"), notes: try row.decode(String?.self, "notes"),
                paid: try row.decode(Bool.self, "paid"), taxCodeID: try row.decode(UUID?.self, "tax_code_id"), recurring: try RecurringTemplate(row: row),
                createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"))
        }
    }

    /// - Throws: ``LedgerError/validation(_:)`` at the fields of ``ExpenseRepository/create(_:)``.
    public static func insert(_ draft: RecurringExpenseDraft, on db: PostgresConnection) throws -> UUID {
        let prepared = try ExpenseRepository(db).prepare(draft.expense(on: draft.schedule.start))
        return try db.query(RecurringExpenseStatements.insert, payload(draft, prepared) + [draft.schedule.json])
            .first(orNotFound: resource).decode(UUID.self, "id")
    }

    public static func update(_ current: RecurringExpense, with draft: RecurringExpenseDraft, on db: PostgresConnection)
        throws
    {
        let prepared = try ExpenseRepository(db).prepare(draft.expense(on: draft.schedule.start), allowArchivedVendor: true)
        try db.query(RecurringExpenseStatements.update, [current.id] + payload(draft, prepared))
    }

    public static func preview(_ template: RecurringExpense, _ occurrences: [Occurrence], on db: PostgresConnection)
        throws -> [RecurringPreview]
    {
        let amount = template.amount
        // The amount includes its tax code's tax, as each posted expense's does.
        let tax = try template.taxCodeID.map {
            PostingRules.expenseInputTax(
                amount: amount.amount, rate: try TaxCodeRepository(db).get($0).rate, minorUnits: amount.currency.minorUnits)
        } ?? .zero
        let net = (try? amount.amount.subtracting(tax)) ?? amount.amount
        let amounts = InvoiceAmounts(lines: [], subtotal: net, discountTotal: .zero, taxTotal: tax, total: amount.amount)
        return occurrences.map {
            RecurringPreview(
                occurrence: $0, documentDate: $0.postingDate, reference: template.reference, currency: amount.currency,
                amounts: amounts)
        }
    }

    public static func post(
        _ template: RecurringExpense, _ occurrence: Occurrence, eodDate: CalendarDate?, on db: PostgresConnection
    ) throws -> UUID {
        // Dated its posting date, or the first open day when that is on or before the lock date.
        let date = try LedgerLock(db).current().open(occurrence.postingDate)
        let id = try ExpenseRepository(db).record(template.draft.expense(on: date), recurringExpenseID: template.id)
        try recordOccurrence(template.id, occurrence, document: id, on: db)
        return id
    }

    private static func payload(_ draft: RecurringExpenseDraft, _ prepared: ExpenseRepository.Prepared) -> [any PostgresEncodable] {
        [
            draft.vendorID, draft.categoryID, draft.amount, prepared.amount.currency.code, draft.department, draft.project,
            draft.campaign, draft.reference, draft.notes, draft.paid, draft.taxCodeID,
        ]
    }
}

extension RecurringExpense: RecurringTemplateRecord {
    /// The draft that posts this template's expenses.
    var draft: RecurringExpenseDraft {
        RecurringExpenseDraft(
            vendorID: vendorID, categoryID: categoryID, amount: amount.amount, currency: amount.currency,
            department: department, project: project, campaign: campaign, reference: reference, notes: notes, paid: paid,
            taxCodeID: taxCodeID, schedule: recurring.schedule)
    }
}
