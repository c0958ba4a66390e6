import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Issue 24, finding 4: an expense naming a tax code splits its tax-inclusive amount into the expense and the input
/// tax (docs/expenses-tasks.md, "Input tax"); the reversal undoes both.
final class ExpenseTaxCodeTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture(prefix: "exptax") }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    private let today = ExpenseBuilder.today

    /// A 20 % code whose input tax goes to a receivable asset account of its own.
    private func code(_ db: PostgresConnection, rate: ExactDecimal = 20) throws -> (TaxCode, UUID) {
        let receivable = try AccountRepository(db).create(AccountDraft(code: "4456", name: "Input VAT", type: .asset))
        let code = try TaxCodeRepository(db).create(
            TaxCodeDraft(code: "FR-20", name: "TVA 20 %", rate: rate, category: .standard, receivableAccountID: receivable.id))
        return (code, receivable.id)
    }

    func testAnExpenseWithATaxCodeDebitsItsNetAndTheInputTaxAndTheReversalNetsBothToZero() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor(), category = try build.category()
            let (code, receivable) = try code(db)
            let repository = ExpenseRepository(db)
            let expense = try repository.create(
                ExpenseDraft(
                    vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal("99.99")!, date: today,
                    project: "Launch", taxCodeID: code.id))
            // 99.99 × 20 / 120 = 16.665 → 16.66 (half-even).
            XCTAssertEqual(expense.taxCodeID, code.id)
            XCTAssertEqual(expense.taxAmount, Money(ExactDecimal("16.66")!, .eur))
            XCTAssertEqual(expense.amount, Money(ExactDecimal("99.99")!, .eur))
            let entry = try JournalRepository(db).get(expense.entryID)
            XCTAssertEqual(entry.lines.map(\.accountID), [category.expenseAccountID, receivable, vendor.controlAccountID])
            XCTAssertEqual(entry.lines.map(\.side), [.debit, .debit, .credit])
            XCTAssertEqual(entry.lines.map(\.amount), [ExactDecimal("83.33")!, ExactDecimal("16.66")!, ExactDecimal("99.99")!])
            // Only the expense line carries the budget dimension.
            let projects = try db.query(
                "SELECT project FROM journal_lines WHERE entry_id = $1 ORDER BY line_no", [expense.entryID]
            ).map { try $0.decode(String?.self, "project") }
            XCTAssertEqual(projects, ["Launch", nil, nil])
            XCTAssertTrue(try TaxCodeRepository(db).get(code.id).isUsed)

            let reversed = try repository.reverse(expense.id, on: today.adding(days: 3))
            let reversal = try JournalRepository(db).get(try XCTUnwrap(reversed.reversalEntryID))
            XCTAssertEqual(reversal.lines.map(\.accountID), entry.lines.map(\.accountID))
            XCTAssertEqual(reversal.lines.map(\.side), [.credit, .credit, .debit])
            XCTAssertEqual(reversal.lines.map(\.amount), entry.lines.map(\.amount))
            for account in [category.expenseAccountID, receivable, vendor.controlAccountID] {
                XCTAssertEqual(try build.balance(account), .zero)
            }
        }
    }

    func testAPaidExpenseCreditsTheBankTheWholeAmount() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor(), category = try build.category()
            let (code, receivable) = try code(db)
            let expense = try ExpenseRepository(db).create(
                ExpenseDraft(
                    vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal("120.00")!, date: today, paid: true,
                    taxCodeID: code.id))
            XCTAssertEqual(try build.balance(category.expenseAccountID), ExactDecimal("100.00"))
            XCTAssertEqual(try build.balance(receivable), ExactDecimal("20.00"))
            XCTAssertEqual(try build.balance(try build.account(.bank)), ExactDecimal("-120.00"))
            XCTAssertEqual(expense.taxAmount.amount, ExactDecimal("20.00"))
        }
    }

    func testABudgetIsChargedTheExpenseAccountsPartNotTheInputTax() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor(), category = try build.category()
            let (code, _) = try code(db)
            let tenant = try TenantContext(
                id: 1, slug: "exptax", schemaName: fixture.schema, timeZone: "UTC", currency: .eur, fiscalYearStartMonth: 4,
                status: .active)
            // 100.00 a month, stop beyond it.
            _ = try BudgetRepository(db).create(
                BudgetDraft(
                    name: "Monthly", fiscalYear: 2026, scope: .project, scopeValue: "Web", annualAction: .ignore,
                    monthlyAction: .stop,
                    lines: [BudgetLineDraft(accountID: category.expenseAccountID, plan: BudgetLinePlan(amount: 1200))]),
                tenant: tenant)
            let expenses = ExpenseRepository(db)
            func draft(_ amount: ExactDecimal) -> ExpenseDraft {
                ExpenseDraft(
                    vendorID: vendor.id, categoryID: category.id, amount: amount, date: CalendarDate("2026-04-20")!,
                    project: "Web", taxCodeID: code.id)
            }
            // 120.00 with 20.00 of input tax charges 100.00: within the month's 100.00.
            _ = try expenses.create(draft(120))
            let error = thrownError(try expenses.create(draft(ExactDecimal("1.20")!)))
            let messages = (error as? LedgerError)?.violations.map(\.message) ?? []
            XCTAssertTrue(
                messages.first?.contains("monthly: actual 101.00 exceeds the budget 100.00 by 1.00") ?? false, "\(messages)")
        }
    }

    func testUnknownAndArchivedCodesAreRefusedAtTaxCodeId() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor(), category = try build.category()
            let (code, _) = try code(db)
            let repository = ExpenseRepository(db)
            func refusal(_ id: UUID) -> [String] {
                let error = ledgerError(thrownError(try repository.create(
                    ExpenseDraft(vendorID: vendor.id, categoryID: category.id, amount: 10, date: self.today, taxCodeID: id))))
                return error?.violations.map { "\($0.path) \($0.message)" } ?? []
            }
            XCTAssertEqual(refusal(UUID()), ["taxCodeId names no tax code"])
            _ = try TaxCodeRepository(db).setArchived(code.id, true)
            XCTAssertEqual(refusal(code.id), ["taxCodeId names an archived tax code"])
            XCTAssertEqual(try db.query("SELECT count(*) AS n FROM expenses")[0].decode(Int64.self, "n"), 0)
        }
    }
}
