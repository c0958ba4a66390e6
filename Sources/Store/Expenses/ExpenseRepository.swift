import Domain
import Foundation
import Postgres

/// The expenses of the tenant the connection is bound to. Recording, paying and reversing each post through
/// ``JournalRepository`` in one savepoint with the expense's own row, so either both happen or neither.
public struct ExpenseRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Records an expense and posts Dr expense account / Cr the vendor's payable (or the bank account when paid);
    /// with a tax code, its input tax goes to the code's receivable account (docs/expenses-tasks.md, "Input tax").
    /// - Throws: ``LedgerError/validation(_:)`` at `vendorId`, `categoryId`, `amount`, `currency`, `department`,
    ///   `project`, `campaign`, `reference`, `notes`, `bankAccountId`, `taxCodeId`.
    public func create(_ draft: ExpenseDraft) throws -> Expense {
        try createReportingBudgets(draft).expense
    }

    /// ``create(_:)`` with the warnings of budgets the expense takes over a `warn` limit (docs/budgets.md).
    /// - Throws: also ``LedgerError/validation(_:)`` at `amount` when a `stop` budget control refuses it.
    public func createReportingBudgets(_ draft: ExpenseDraft) throws -> (expense: Expense, budgetWarnings: [BudgetWarning]) {
        let recorded = try recordChecked(draft, recurringExpenseID: nil)
        return (try get(recorded.id), recorded.warnings)
    }

    /// ``create(_:)`` returning only the id: the EOD's path (and the recurring expense's link to it).
    func record(_ draft: ExpenseDraft, recurringExpenseID: UUID?) throws -> UUID {
        try recordChecked(draft, recurringExpenseID: recurringExpenseID).id
    }

    private func recordChecked(_ draft: ExpenseDraft, recurringExpenseID: UUID?) throws -> (id: UUID, warnings: [BudgetWarning]) {
        // A template keeps posting for a vendor archived since it was set up (stop the template to end it).
        // … and a tax code archived since (as recurring invoices keep billing theirs).
        let prepared = try prepare(
            draft, allowArchivedVendor: recurringExpenseID != nil, allowArchivedTaxCode: recurringExpenseID != nil)
        let (vendor, category) = (prepared.vendor, prepared.category)
        return try db.transaction { db in
            // Budget control first, in this transaction: it locks the budget lines the expense charges.
            let warnings = try BudgetControl(db).check(BudgetCharge(
                accountID: category.expenseAccountID, date: draft.date, amount: prepared.expenseAmount,
                department: draft.department, project: draft.project, campaign: draft.campaign), enforceStop: recurringExpenseID == nil)
            let id = try db.query(
                ExpenseStatements.insert,
                [
                    vendor.id, category.id, category.expenseAccountID, vendor.controlAccountID, draft.amount,
                    prepared.amount.currency.code, draft.date, draft.department, draft.project, draft.campaign, draft.reference,
                    draft.notes, draft.paid ? draft.date : nil, prepared.bankAccountID, recurringExpenseID,
                    prepared.taxCode?.id, prepared.inputTax,
                ]
            ).first(orNotFound: "expense").decode(UUID.self, "id")
            let entry = try JournalRepository(db).post(
                ExpensePosting.record(
                    id: id, vendorID: vendor.id, expenseAccountID: category.expenseAccountID,
                    creditAccountID: prepared.bankAccountID ?? vendor.controlAccountID, amount: prepared.amount,
                    inputTax: prepared.taxCode.map { (account: $0.receivableAccountID, amount: prepared.inputTax) }, date: draft.date, memo: draft.reference.map { "Expense \($0)" } ?? "Expense \(vendor.name)"))
            try db.query(ExpenseStatements.attachEntry, [id, entry])
            return (id, warnings)
        }
    }

    /// A draft checked against the tenant's data.
    struct Prepared {
        let vendor: Party
        let category: ExpenseCategory
        let amount: Money
        /// Set when the expense is paid at once.
        let bankAccountID: UUID?
        /// The tax code the amount includes, and its input tax in the amount (zero without a code).
        let taxCode: TaxCode?
        let inputTax: ExactDecimal

        /// What the expense account is debited: the amount less its input tax.
        var expenseAmount: Money {
            Money((try? amount.amount.subtracting(inputTax)) ?? amount.amount, amount.currency)
        }
    }

    /// Validates `draft`: every problem at once, by field.
    func prepare(_ draft: ExpenseDraft, allowArchivedVendor: Bool = false, allowArchivedTaxCode: Bool = false) throws -> Prepared {
        var errors = [FieldViolation]()
        let vendor = try vendor(draft.vendorID, allowArchived: allowArchivedVendor, errors: &errors)
        let category = try ExpenseCategoryRepository(db).find(draft.categoryID)
        if category == nil {
            errors.append(FieldViolation(path: "categoryId", code: .invalidValue, message: "names no expense category"))
        }
        let currency = draft.currency ?? vendor?.currency ?? .eur
        if let vendor, currency != vendor.currency {
            errors.append(FieldViolation(path: "currency", code: .conflict, message: "must be the vendor's currency \(vendor.currency.code)"))
        }
        errors += draft.violations(currency: currency)
        let bank = draft.paid ? try ExpenseAccounts.bank(draft.bankAccountID, at: "bankAccountId", errors: &errors, on: db) : nil
        // An expense has no other tax input than its code (no tax_rate), so only unknown and archived are refused.
        let taxCode = InvoiceLineResolver.taxCode(
            draft.taxCodeID, rate: nil, at: "taxCodeId", allowArchived: allowArchivedTaxCode,
            codes: try TaxCodeRepository(db).codes(draft.taxCodeID.map { [$0] } ?? []), errors: &errors)
        try LedgerError.check(errors)
        guard let vendor, let category else { throw LedgerError.invalid("vendorId", .required, "is required") }
        let inputTax = taxCode.map {
            PostingRules.expenseInputTax(amount: draft.amount, rate: $0.rate, minorUnits: currency.minorUnits)
        } ?? ExactDecimal.zero
        return Prepared(
            vendor: vendor, category: category, amount: Money(draft.amount, currency), bankAccountID: bank,
            taxCode: taxCode, inputTax: inputTax)
    }

    /// The expense with `id`.
    public func get(_ id: UUID) throws -> Expense {
        return try Self.expense(db.query(ExpenseStatements.byID, [id]).first(orNotFound: "expense", id: id))
    }

    /// A page of expenses matching `filter`, newest first.
    public func list(_ filter: ExpenseFilter = ExpenseFilter(), page: PageRequest = PageRequest()) throws -> Page<Expense> {
        let parameters: [any PostgresEncodable] = [
            filter.vendorID, filter.categoryID, filter.project, filter.department, filter.from, filter.through,
            filter.paid, filter.status?.rawValue, filter.campaign,
        ]
        return try Page.make(rows: db.query(ExpenseStatements.list, parameters + page.parameters), limit: page.limit, Self.expense).page
    }

    /// Pays an unpaid expense on `date`: Dr the vendor's payable, Cr `bankAccountID` (default: the bank account).
    /// - Throws: ``LedgerError/conflict(_:)`` when it is already paid or reversed; validation at `bankAccountId`.
    public func pay(_ id: UUID, on date: CalendarDate, bankAccountID: UUID? = nil) throws -> Expense {
        try db.transaction { db in
            let expense = try locked(id)
            guard expense.status == .unpaid else { throw LedgerError.conflict("the expense is \(expense.status.wireValue)") }
            var errors = [FieldViolation]()
            let bank = try ExpenseAccounts.bank(bankAccountID, at: "bankAccountId", errors: &errors, on: db)
            try LedgerError.check(errors)
            guard let bank else { throw LedgerError.invalid("bankAccountId", .required, "is required") }
            let entry = try JournalRepository(db).post(
                ExpensePosting.payment(expense, bankAccountID: bank, date: date), dateField: "paidOn")
            try db.query(ExpenseStatements.markPaid, [id, date, bank, entry])
            return try get(id)
        }
    }

    /// Undoes the payment of a paid expense on `date` (a bank line reconciled to it is unreconciled): the reverse
    /// of its payment entry is posted and the expense is unpaid again, to be paid anew or reversed.
    /// - Throws: ``LedgerError/conflict(_:)`` when it is not paid (unpaid or reversed); validation at `dateField`
    ///   for a date on or before the lock date.
    public func unpay(_ id: UUID, on date: CalendarDate, dateField: String = "date") throws -> Expense {
        try db.transaction { db in
            let expense = try locked(id)
            guard expense.status == .paid, let payment = expense.paymentEntryID else {
                throw LedgerError.conflict("the expense is \(expense.status.wireValue): only a paid expense's payment can be undone")
            }
            _ = try JournalRepository(db).reverse(
                payment, on: date, memo: "Payment undone", sourceType: "expensePaymentReversal", sourceID: id, dateField: dateField)
            try db.query(ExpenseStatements.markUnpaid, [id])
            return try get(id)
        }
    }

    /// Reverses an expense on `date`: the reverse of its recording entry and, if it was paid later, of its payment
    /// entry, so that every account nets to zero. The expense is marked reversed.
    /// - Throws: ``LedgerError/conflict(_:)`` when it is already reversed.
    public func reverse(_ id: UUID, on date: CalendarDate) throws -> Expense {
        try db.transaction { db in
            let expense = try locked(id)
            guard expense.status != .reversed else { throw LedgerError.conflict("the expense is already reversed") }
            let journal = JournalRepository(db)
            let paymentReversal = try expense.paymentEntryID.map {
                try journal.reverse(
                    $0, on: date, memo: "Reversal of expense payment", sourceType: "expenseReversal", sourceID: id,
                    dateField: "reversedOn")
            }
            let reversal = try journal.reverse(
                expense.entryID, on: date, memo: "Reversal of expense", sourceType: "expenseReversal", sourceID: id,
                dateField: "reversedOn")
            try db.query(ExpenseStatements.markReversed, [id, date, reversal, paymentReversal])
            return try get(id)
        }
    }

    private func locked(_ id: UUID) throws -> Expense {
        return try Self.expense(db.query(ExpenseStatements.lockByID, [id]).first(orNotFound: "expense", id: id))
    }

    /// The vendor, or a violation at `vendorId` when it is missing, archived or a customer.
    private func vendor(_ id: UUID, allowArchived: Bool, errors: inout [FieldViolation]) throws -> Party? {
        guard let party = try PartyRepository(db).find(id) else {
            errors.append(FieldViolation(path: "vendorId", code: .invalidValue, message: "names no party"))
            return nil
        }
        if party.kind != .vendor {
            errors.append(FieldViolation(path: "vendorId", code: .invalidValue, message: "must be a vendor"))
        } else if party.archivedAt != nil, !allowArchived {
            errors.append(FieldViolation(path: "vendorId", code: .invalidValue, message: "is archived"))
        }
        return party
    }

    static func expense(_ row: PostgresRow) throws -> Expense {
        let currency = try LedgerSQL.currency(row)
        let amount = try row.decode(ExactDecimal.self, "amount").rounded(toPlaces: currency.minorUnits)
        let paidOn = try row.decode(CalendarDate?.self, "paid_on")
        let reversedOn = try row.decode(CalendarDate?.self, "reversed_on")
        guard let entryID = try row.decode(UUID?.self, "entry_id") else {
            throw PostgresError.decoding(DecodingFailure(column: "entry_id", reason: .invalidValue(expected: "uuid")))
        }
        return Expense(
            id: try row.decode(UUID.self, "id"), vendorID: try row.decode(UUID.self, "vendor_id"),
            categoryID: try row.decode(UUID.self, "category_id"),
            expenseAccountID: try row.decode(UUID.self, "expense_account_id"),
            payableAccountID: try row.decode(UUID.self, "payable_account_id"), amount: Money(amount, currency),
            taxCodeID: try row.decode(UUID?.self, "tax_code_id"),
            taxAmount: Money(try row.decode(ExactDecimal.self, "tax_amount").rounded(toPlaces: currency.minorUnits), currency),
            date: try row.decode(CalendarDate.self, "expense_date"), department: try row.decode(String?.self, "department"),
            project: try row.decode(String?.self, "project"), campaign: try row.decode(String?.self, "campaign"),
            reference: try row.decode(String?.self, "reference"),
            notes: try row.decode(String?.self, "notes"),
            status: reversedOn != nil ? .reversed : paidOn != nil ? .paid : .unpaid, paidOn: paidOn,
            bankAccountID: try row.decode(UUID?.self, "bank_account_id"), entryID: entryID,
            paymentEntryID: try row.decode(UUID?.self, "payment_entry_id"), reversedOn: reversedOn,
            reversalEntryID: try row.decode(UUID?.self, "reversal_entry_id"),
            recurringExpenseID: try row.decode(UUID?.self, "recurring_expense_id"),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}

extension ExpenseCategoryRepository {
    /// The category with `id`, or `nil`.
    public func find(_ id: UUID) throws -> ExpenseCategory? {
        try db.query(ExpenseStatements.categoryByID, [id]).first.map(Self.category)
    }
}
