import Domain
import Foundation
import HTTPServer
import Store

/// Writing expenses and categories as JSON: amounts as decimal strings at the currency's minor units.
enum ExpenseWriting {
    /// `warnings`: the budget warnings of a create (docs/budgets.md); omitted elsewhere.
    static func write(_ expense: Expense, warnings: [BudgetWarning]? = nil, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(expense.id)
            w.key("vendor_id"); w.id(expense.vendorID)
            w.key("category_id"); w.id(expense.categoryID)
            w.key("expense_account_id"); w.id(expense.expenseAccountID)
            w.key("amount"); w.money(expense.amount.amount, expense.amount.currency)
            w.key("currency"); w.string(expense.amount.currency.code)
            w.key("tax_code_id"); w.optionalID(expense.taxCodeID)
            w.key("tax_amount"); w.money(expense.taxAmount.amount, expense.taxAmount.currency)
            w.key("date"); w.date(expense.date)
            w.expenseDetails(expense)
            w.key("status"); w.string(expense.status.wireValue)
            w.key("paid"); w.bool(expense.status == .paid)
            w.key("paid_on"); w.date(expense.paidOn)
            w.key("bank_account_id"); w.optionalID(expense.bankAccountID)
            w.key("entry_id"); w.id(expense.entryID)
            w.key("payment_entry_id"); w.optionalID(expense.paymentEntryID)
            w.key("reversed_on"); w.date(expense.reversedOn)
            w.key("reversal_entry_id"); w.optionalID(expense.reversalEntryID)
            w.key("recurring_expense_id"); w.optionalID(expense.recurringExpenseID)
            w.key("created_at"); w.instant(expense.createdAt)
            if let warnings { w.key("warnings"); BudgetWriting.write(warnings, into: &w) }
        }
    }

    static func write(_ category: ExpenseCategory, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(category.id)
            w.key("name"); w.string(category.name)
            w.key("expense_account_id"); w.id(category.expenseAccountID)
            w.key("created_at"); w.instant(category.createdAt)
        }
    }
}

/// The members an expense and a recurring expense share after their amount (``ExpenseReading/details(_:)`` reads
/// them): budget dimensions, reference and notes.
protocol ExpenseDetails {
    var department: String? { get }
    var project: String? { get }
    var campaign: String? { get }
    var reference: String? { get }
    var notes: String? { get }
}

extension Expense: ExpenseDetails {}
extension RecurringExpense: ExpenseDetails {}

extension JSONWriter {
    /// `department`, `project`, `campaign`, `reference`, `notes`, in this order.
    mutating func expenseDetails(_ details: some ExpenseDetails) {
        key("department"); optionalString(details.department)
        key("project"); optionalString(details.project)
        key("campaign"); optionalString(details.campaign)
        key("reference"); optionalString(details.reference)
        key("notes"); optionalString(details.notes)
    }
}

/// The CSV export of a filtered expense list: every matching expense, newest first.
enum ExpenseCSV {
    static let header = [
        "id", "date", "vendor_id", "category_id", "amount", "currency", "status", "paid_on", "department", "project", "campaign",
        "reference", "notes",
    ]

    static func export(_ repository: ExpenseRepository, _ filter: ExpenseFilter) throws -> CSVWriter {
        var csv = CSVWriter(header: header)
        var page = PageRequest(limit: PageRequest.maxLimit)
        while true {
            let result = try repository.list(filter, page: page)
            for expense in result.items {
                csv.row([
                    expense.id.uuidString.lowercased(), expense.date.description, expense.vendorID.uuidString.lowercased(),
                    expense.categoryID.uuidString.lowercased(),
                    expense.amount.amount.rounded(toPlaces: expense.amount.currency.minorUnits).description,
                    expense.amount.currency.code, expense.status.wireValue, expense.paidOn?.description, expense.department,
                    expense.project, expense.campaign, expense.reference, expense.notes,
                ])
            }
            guard let next = result.next else { return csv }
            page = PageRequest(limit: PageRequest.maxLimit, after: next)
        }
    }
}
