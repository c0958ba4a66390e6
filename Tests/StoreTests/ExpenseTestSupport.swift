import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Builders for the expense and task tests: a vendor, a category, an expense.
struct ExpenseBuilder {
    let db: PostgresConnection
    static let today = CalendarDate(year: 2026, month: 3, day: 10)!

    func vendor(_ name: String = "CloudCo", currency: Currency = .eur) throws -> Party {
        try PartyRepository(db).create(PartyDraft(kind: .vendor, name: name, currency: currency), defaultCurrency: .eur)
    }

    /// A category on a new expense account `code`.
    func category(_ name: String = "Software", accountCode: String = "6100") throws -> ExpenseCategory {
        let account = try AccountRepository(db).create(AccountDraft(code: accountCode, name: "\(name) expense", type: .expense))
        return try ExpenseCategoryRepository(db).create(ExpenseCategoryDraft(name: name, expenseAccountID: account.id))
    }

    func account(_ role: AccountRole) throws -> UUID { try AccountRepository(db).account(role: role).id }

    /// Σ debit − Σ credit of `account`.
    func balance(_ account: UUID) throws -> ExactDecimal {
        try db.query(
            "SELECT coalesce(sum(debit) - sum(credit), 0) AS net FROM journal_lines WHERE account_id = $1", [account]
        )[0].decode(ExactDecimal.self, "net")
    }
}
