import Domain
import Foundation

/// The journal entries of an expense (docs/expenses-tasks.md): every line names the vendor and the expense as its
/// document, so the expense line picks up the expense's department and project (a trigger) for budget actuals.
enum ExpensePosting {
    /// Recording: Dr the expense account, Cr the vendor's payable (unpaid) or the bank account (paid).
    static func record(
        id: UUID, vendorID: UUID, expenseAccountID: UUID, creditAccountID: UUID, amount: Money, date: CalendarDate,
        memo: String?
    ) -> JournalEntryDraft {
        let document = DocumentReference(type: "expense", id: id)
        return JournalEntryDraft(
            date: date, currency: amount.currency, memo: memo, sourceType: "expense", sourceID: id,
            lines: [
                JournalLineDraft(accountID: expenseAccountID, side: .debit, amount: amount.amount, partyID: vendorID, document: document),
                JournalLineDraft(accountID: creditAccountID, side: .credit, amount: amount.amount, partyID: vendorID, document: document),
            ])
    }

    /// Paying an unpaid expense: Dr the vendor's payable, Cr the bank account.
    static func payment(_ expense: Expense, bankAccountID: UUID, date: CalendarDate) -> JournalEntryDraft {
        let document = DocumentReference(type: "expense", id: expense.id)
        return JournalEntryDraft(
            date: date, currency: expense.amount.currency, memo: expense.reference.map { "Payment of \($0)" },
            sourceType: "expensePayment", sourceID: expense.id,
            lines: [
                JournalLineDraft(
                    accountID: expense.payableAccountID, side: .debit, amount: expense.amount.amount,
                    partyID: expense.vendorID, document: document),
                JournalLineDraft(
                    accountID: bankAccountID, side: .credit, amount: expense.amount.amount, partyID: expense.vendorID,
                    document: document),
            ])
    }
}
