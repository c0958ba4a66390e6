import Domain
import Foundation

/// The journal entries of an expense (docs/expenses-tasks.md): every line names the vendor and the expense as its
/// document, so the expense line picks up the expense's department and project (a trigger) for budget actuals.
enum ExpensePosting {
    /// Recording: Dr the expense account (the amount less its input tax), Dr the tax code's receivable account (the
    /// input tax, if any), Cr the vendor's payable (unpaid) or the bank account (paid).
    static func record(
        id: UUID, vendorID: UUID, expenseAccountID: UUID, creditAccountID: UUID, amount: Money,
        inputTax: (account: UUID, amount: ExactDecimal)?, date: CalendarDate, memo: String?
    ) -> JournalEntryDraft {
        let document = DocumentReference(type: "expense", id: id)
        return JournalEntryDraft(
            date: date, currency: amount.currency, memo: memo, sourceType: "expense", sourceID: id,
            lines: PostingRules.expenseRecorded(
                expenseAccount: expenseAccountID, creditAccount: creditAccountID, amount: amount.amount,
                inputTax: inputTax).map { JournalLineDraft($0, partyID: vendorID, document: document) })
    }

    /// Paying an unpaid expense: Dr the vendor's payable, Cr the bank account.
    static func payment(_ expense: Expense, bankAccountID: UUID, date: CalendarDate) -> JournalEntryDraft {
        let document = DocumentReference(type: "expense", id: expense.id)
        return JournalEntryDraft(
            date: date, currency: expense.amount.currency, memo: expense.reference.map { "Payment of \($0)" },
            sourceType: "expensePayment", sourceID: expense.id,
            lines: PostingRules.expensePaid(
                payableAccount: expense.payableAccountID, bankAccount: bankAccountID, amount: expense.amount.amount
            ).map { JournalLineDraft($0, partyID: expense.vendorID, document: document) })
    }
}
