import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Budgets in a scratch tenant schema: a fiscal year starting in April, actuals from manual entries and expenses,
/// the EOD threshold step (set-based, once per threshold), and the control inside the expense transaction.
final class BudgetStoreTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture(prefix: "bud") }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    private func tenant() throws -> TenantContext {
        try TenantContext(
            id: 1, slug: "bud", schemaName: fixture.schema, timeZone: "UTC", currency: .eur, fiscalYearStartMonth: 4,
            status: .active)
    }

    private func date(_ text: String) throws -> CalendarDate { try XCTUnwrap(CalendarDate(text)) }

    private func post(_ db: PostgresConnection, _ account: UUID, _ amount: String, on day: String) throws {
        let bank = try AccountRepository(db).account(role: .bank).id
        _ = try JournalRepository(db).post(JournalEntryDraft(date: try date(day), currency: .eur, lines: [
            JournalLineDraft(accountID: account, side: .debit, amount: try XCTUnwrap(ExactDecimal(amount))),
            JournalLineDraft(accountID: bank, side: .credit, amount: try XCTUnwrap(ExactDecimal(amount))),
        ]))
    }

    func testFiscalMonthsActualsAndEODThresholdsOnce() throws {
        try fixture.transaction { db in
            let tenant = try tenant()
            let build = ExpenseBuilder(db: db)
            let category = try build.category("Travel", accountCode: "6100")
            let budget = try BudgetRepository(db).create(
                BudgetDraft(
                    name: "FY26 travel", fiscalYear: 2026, annualAction: .ignore, thresholds: [50, 90],
                    lines: [BudgetLineDraft(accountID: category.expenseAccountID, plan: BudgetLinePlan(amount: 1200))]),
                tenant: tenant)
            XCTAssertEqual(budget.fiscalYear.start.description, "2026-04-01")
            XCTAssertEqual(budget.fiscalYear.end.description, "2027-03-31")

            try post(db, category.expenseAccountID, "400", on: "2026-03-31")  // the previous fiscal year
            try post(db, category.expenseAccountID, "650", on: "2026-05-10")
            let step = BudgetThresholdAlerts()
            XCTAssertEqual(try step.run(tenant: tenant, asOf: try date("2026-05-31"), on: db), 1, "50% reached")
            XCTAssertEqual(try step.run(tenant: tenant, asOf: try date("2026-06-01"), on: db), 0, "once")

            let monitor = try BudgetRepository(db).monitor(budget.id, asOf: try date("2026-05-31"))
            let figures = try XCTUnwrap(monitor.lines.first?.figures)
            XCTAssertEqual(monitor.elapsedMonths, 2)
            XCTAssertEqual(figures.month(2).actual, 650)
            XCTAssertEqual(figures.yearToDate.budget, 200)
            XCTAssertEqual(figures.annual.utilisation?.description, "54.17")

            // An expense taking the line to 90% notifies inside its own transaction; the EOD then adds nothing.
            let vendor = try build.vendor()
            let (_, warnings) = try ExpenseRepository(db).createReportingBudgets(
                ExpenseDraft(vendorID: vendor.id, categoryID: category.id, amount: 450, date: try date("2026-06-02")))
            XCTAssertEqual(warnings, [], "ignore")
            XCTAssertEqual(try fixture.count("SELECT count(*) FROM notification_outbox WHERE kind = 'budget_threshold'"), 2)
            XCTAssertEqual(try step.run(tenant: tenant, asOf: try date("2026-06-30"), on: db), 0)
            let keys = try db.query("SELECT dedupe_key FROM notification_outbox ORDER BY dedupe_key").map { try $0.decode(String.self, "dedupe_key") }
            XCTAssertEqual(keys, [
                "budget_threshold:\(budget.id.uuidString.lowercased()):1:50.00:2026",
                "budget_threshold:\(budget.id.uuidString.lowercased()):1:90.00:2026",
            ])
        }
    }

    func testMonthlyStopRefusesInsideTheExpenseTransaction() throws {
        try fixture.transaction { db in
            let tenant = try tenant()
            let build = ExpenseBuilder(db: db)
            let category = try build.category("Travel", accountCode: "6100")
            let vendor = try build.vendor()
            _ = try BudgetRepository(db).create(
                BudgetDraft(
                    name: "Monthly", fiscalYear: 2026, scope: .project, scopeValue: "Web", annualAction: .ignore,
                    monthlyAction: .stop,
                    lines: [BudgetLineDraft(accountID: category.expenseAccountID, plan: BudgetLinePlan(amount: 1200))]),
                tenant: tenant)
            let expenses = ExpenseRepository(db)
            // Accumulated: 100 through April (month 1), 200 through May.
            _ = try expenses.create(ExpenseDraft(
                vendorID: vendor.id, categoryID: category.id, amount: 90, date: try date("2026-04-20"), project: "Web"))
            let refused = ExpenseDraft(
                vendorID: vendor.id, categoryID: category.id, amount: 120, date: try date("2026-05-02"), project: "Web")
            let error = thrownError(try expenses.create(refused))
            let violations = (error as? LedgerError)?.violations ?? []
            XCTAssertEqual(violations.map(\.path), ["amount"])
            XCTAssertTrue(violations.first?.message.contains("Monthly") ?? false, "\(violations)")
            XCTAssertTrue(violations.first?.message.contains("monthly: actual 210.00 exceeds the budget 200.00 by 10.00") ?? false, "\(violations)")
            // Unenforced (the EOD's recurring expenses), the same stop only warns.
            let unenforced = try BudgetControl(db).check(
                BudgetCharge(
                    accountID: category.expenseAccountID, date: try date("2026-05-02"), amount: Money(120, .eur), project: "Web"),
                enforceStop: false)
            XCTAssertEqual(unenforced.map(\.period), [.monthly])
            XCTAssertEqual(unenforced.first?.overrun, Money(10, .eur))
            // Another project is out of scope.
            XCTAssertEqual(try BudgetControl(db).check(BudgetCharge(
                accountID: category.expenseAccountID, date: try date("2026-05-02"), amount: Money(500, .eur), project: "App")), [])
            _ = try expenses.create(ExpenseDraft(
                vendorID: vendor.id, categoryID: category.id, amount: 50, date: try date("2026-05-02"), project: "Web"))
            XCTAssertEqual(try fixture.count("SELECT count(*) FROM expenses"), 2, "the refused expense left nothing")
        }
    }
}
