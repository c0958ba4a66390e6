import Domain
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

/// Tenant migration 0056 retypes the short columns of 18 tables (docs/tenancy.md, "Bounded short columns"): on a
/// tenant that already has postings it keeps every ledger summary row and its sums exactly, keeps the chart and
/// the numbering, and leaves those 18 tables without a TOAST table, as a new tenant has them.
final class BoundedColumnsMigrationTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture?.tearDown() }

    static let bounded = [
        "accounts", "bank_rules", "bank_statement_imports", "budget_allocations", "budgets", "credit_note_numbering",
        "customer_credit_uses", "expense_categories", "invoice_numbering", "ledger_day_balances",
        "ledger_document_balances", "ledger_due_balances", "ledger_expense_category_days",
        "ledger_income_expense_months", "ledger_month_balances", "payments", "recurring_amount_changes", "sales_orders",
    ]

    /// Every summary row and the tenant's starting rows, sums without trailing zeros (the types' scales differ).
    private static let snapshot = """
        SELECT 'day ' || account_id || ' ' || currency || ' ' || day || ' ' || coalesce(department, '-') || ' '
               || coalesce(project, '-') || ' ' || coalesce(campaign, '-') || ' ' || trim_scale(debit) || ' '
               || trim_scale(credit) || ' ' || line_count AS item FROM ledger_day_balances
        UNION ALL SELECT 'month ' || account_id || ' ' || currency || ' ' || month || ' ' || coalesce(campaign, '-')
               || ' ' || trim_scale(debit) || ' ' || trim_scale(credit) || ' ' || line_count FROM ledger_month_balances
        UNION ALL SELECT 'document ' || account_id || ' ' || currency || ' ' || coalesce(document_type, '-') || ' '
               || trim_scale(debit) || ' ' || trim_scale(credit) || ' ' || open FROM ledger_document_balances
        UNION ALL SELECT 'due ' || account_id || ' ' || currency || ' ' || trim_scale(debit) || ' ' || trim_scale(credit)
               FROM ledger_due_balances
        UNION ALL SELECT 'income-expense ' || account_id || ' ' || currency || ' ' || month || ' ' || trim_scale(debit)
               || ' ' || trim_scale(credit) FROM ledger_income_expense_months
        UNION ALL SELECT 'account ' || code || ' ' || name || ' ' || type || ' ' || coalesce(role, '-') FROM accounts
        UNION ALL SELECT 'numbering ' || prefix || ' ' || pattern || ' ' || next_value FROM invoice_numbering
        """

    private static let toasted = """
        SELECT c.relname AS name FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.reltoastrelid <> 0
        """

    func testPostingsSurviveTheRetypingAndTheEighteenTablesLoseTheirTOASTTable() throws {
        let day = try XCTUnwrap(CalendarDate(year: 2026, month: 3, day: 1))
        let (old, new, toastedBefore, toastedAfter) = try fixture.migrating(from: 56, "mig56") { db, migrate in
            let chart = AccountRepository(db)
            let bank = try chart.account(role: .bank).id, income = try chart.account(role: .salesIncome).id
            for (amount, campaign) in [("12.34", "Spring"), ("99999999999.99", nil), ("0.01", "Spring")] {
                let value = try XCTUnwrap(ExactDecimal(amount))
                _ = try JournalRepository(db).post(
                    JournalEntryDraft(
                        date: day, currency: .eur, memo: "sale",
                        lines: [
                            JournalLineDraft(accountID: bank, side: .debit, amount: value),
                            JournalLineDraft(accountID: income, side: .credit, amount: value, campaign: campaign),
                        ]))
            }
            let old = try db.query(Self.snapshot).map { try $0.decode(String.self, "item") }.sorted()
            let toastedBefore = try db.query(Self.toasted).map { try $0.decode(String.self, "name") }
            try migrate()
            let new = try db.query(Self.snapshot).map { try $0.decode(String.self, "item") }.sorted()
            let toastedAfter = try db.query(Self.toasted).map { try $0.decode(String.self, "name") }
            return (old, new, Set(toastedBefore), Set(toastedAfter))
        }
        XCTAssertGreaterThan(old.filter { $0.hasPrefix("day ") }.count, 2, "the postings reached the summaries")
        XCTAssertTrue(old.contains { $0.contains(" 100000000012.34 ") }, "the bank day: a sum of the three amounts: \(old)")
        XCTAssertEqual(new, old)
        XCTAssertEqual(toastedBefore.subtracting(toastedAfter), Set(Self.bounded))
        XCTAssertEqual(toastedAfter.intersection(Self.bounded), [])
    }
}
