import Domain
import EOD
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

final class ExpenseRecurringEODTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// A tenant with `templates` monthly recurring expenses of 99.99 from `start`.
    private func tenant(templates: Int, start: CalendarDate, paid: Bool = false) throws -> (TenantContext, [UUID]) {
        let tenant = try fixture.tenant(setups: 0, start: start)
        let ids = try fixture.store.database.transaction(tenant) { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor()
            let category = try build.category()
            return try (0..<templates).map { index in
                try RecurringExpenseRepository(db).create(
                    RecurringExpenseDraft(
                        vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal("99.99")!,
                        department: "IT", project: "SaaS", reference: "Subscription \(index)", paid: paid,
                        schedule: try Schedule(rule: .monthly(interval: 1, day: nil), start: start))
                ).id
            }
        }
        return (tenant, ids)
    }

    func testARecurringExpenseWithATaxCodePostsAsAManualExpenseDoes() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-15"))
        let store = fixture.store
        let (template, manual) = try store.database.transaction(tenant) { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor(), category = try build.category()
            let code = try TaxCodeRepository(db).create(
                TaxCodeDraft(code: "FR-5.5", name: "TVA 5,5 %", rate: ExactDecimal("5.5")!, category: .reduced))
            let template = try RecurringExpenseRepository(db).create(
                RecurringExpenseDraft(
                    vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal("99.99")!, project: "SaaS",
                    paid: true, taxCodeID: code.id,
                    schedule: try Schedule(rule: .monthly(interval: 1, day: nil), start: self.date("2026-01-15"))))
            XCTAssertEqual(template.taxCodeID, code.id)
            let manual = try ExpenseRepository(db).create(
                ExpenseDraft(
                    vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal("99.99")!, date: self.date("2026-01-15"),
                    project: "SaaS", paid: true, taxCodeID: code.id))
            return (template.id, manual)
        }
        let report = fixture.runner().runPass(tenants: [tenant], asOf: date("2026-01-31"), requestedBy: .command)
        XCTAssertTrue(report.succeeded, "\(report.errors)")
        try store.database.transaction(tenant) { db in
            let posted = try ExpenseRepository(db).list(ExpenseFilter()).items.filter { $0.recurringExpenseID == template }
            XCTAssertEqual(posted.count, 1)
            let expense = try XCTUnwrap(posted.first)
            // 99.99 × 5.5 / 105.5 = 5.2128… → 5.21.
            XCTAssertEqual(expense.taxAmount.amount, ExactDecimal("5.21"))
            XCTAssertEqual(expense.taxCodeID, manual.taxCodeID)
            XCTAssertEqual(expense.taxAmount, manual.taxAmount)
            func lines(_ entry: UUID) throws -> [String] {
                try JournalRepository(db).get(entry).lines.map { "\($0.accountID) \($0.side) \($0.amount)" }
            }
            XCTAssertEqual(try lines(expense.entryID), try lines(manual.entryID))
            XCTAssertEqual(try lines(expense.entryID).count, 3)
        }
        try fixture.assertInvariants(tenant)
    }

    func testTwoConcurrentWorkersCatchUpThreeMonthsPostingEachOccurrenceOnce() throws {
        var made: [(TenantContext, [UUID])] = []
        for _ in 0..<3 { made.append(try tenant(templates: 4, start: date("2026-01-15"))) }
        let tenants = made.map(\.0)
        let control = fixture.control
        let asOf = date("2026-03-31")
        let errors = SharedList<String>()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            do {
                let pool = try TestDatabase.pool(maxConnections: 2)
                defer { pool.close() }
                let runner = EODRunner.standard(pool: pool, control: control, batchSize: 5)
                let order = tenants.indices.map { tenants[($0 + worker) % tenants.count] }
                let report = runner.runPass(tenants: order, asOf: asOf, requestedBy: .worker)
                if !report.succeeded { errors.append("worker \(worker): \(report.errors) \(report.failed) failed") }
            } catch {
                errors.append("worker \(worker): \(error)")
            }
        }
        XCTAssertEqual(errors.all, [])
        let rerun = fixture.runner().runPass(tenants: tenants, asOf: asOf, requestedBy: .command)
        XCTAssertEqual(rerun.completed, tenants.count)
        for tenant in tenants {
            XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM expenses"), 4 * 3)
            XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM recurring_expense_occurrences"), 4 * 3)
            XCTAssertEqual(
                try fixture.count(tenant, "SELECT count(DISTINCT (recurring_expense_id, expense_date)) AS n FROM expenses"), 4 * 3)
            XCTAssertEqual(
                try fixture.count(tenant, "SELECT count(*) AS n FROM journal_entries WHERE source_type = 'expense'"), 4 * 3)
            XCTAssertEqual(
                try fixture.count(tenant, "SELECT count(*) AS n FROM journal_lines WHERE project = 'SaaS' AND department = 'IT'"), 4 * 3)
            try fixture.assertInvariants(tenant)
            let cursor = try fixture.store.database.transaction(tenant) { db in
                try db.query("SELECT min(last_posted_date) AS d, min(next_posting_date) AS next FROM recurring_expenses")[0]
            }
            XCTAssertEqual(try cursor.decode(CalendarDate?.self, "d"), date("2026-03-15"))
            XCTAssertEqual(try cursor.decode(CalendarDate?.self, "next"), date("2026-04-15"))
        }
    }

    func testPauseResumeWithoutCatchUpSkipsAndWithCatchUpPosts() throws {
        let (tenant, ids) = try tenant(templates: 2, start: date("2026-01-10"), paid: true)
        let (skipping, catchingUp) = (ids[0], ids[1])
        let context = tenant.scheduleContext
        try fixture.store.database.transaction(tenant) { db in
            let repository = RecurringExpenseRepository(db)
            _ = try repository.pause(skipping)
            _ = try repository.pause(catchingUp)
            XCTAssertEqual(try repository.get(skipping).recurring.state, .paused)
        }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-02-28"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM expenses"), 0, "paused templates post nothing")
        try fixture.store.database.transaction(tenant) { db in
            let repository = RecurringExpenseRepository(db)
            _ = try repository.resume(skipping, today: date("2026-03-01"))
            _ = try repository.resume(catchingUp, today: date("2026-03-01"), catchUp: true)
            let preview = try repository.preview(skipping, count: 3, context: context)
            XCTAssertEqual(preview.map(\.documentDate), [date("2026-03-10"), date("2026-04-10"), date("2026-05-10")])
            XCTAssertEqual(
                try repository.preview(catchingUp, count: 1, context: context).map(\.documentDate), [date("2026-01-10")])
            XCTAssertEqual(ledgerError(thrownError(try repository.preview(skipping, count: 0, context: context)))?.violations.map(\.path), ["count"])
        }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-10"), requestedBy: .command)
        let posted = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT recurring_expense_id, count(*) AS n FROM expenses GROUP BY 1").reduce(into: [UUID: Int]()) {
                $0[try $1.decode(UUID.self, "recurring_expense_id")] = try $1.decode(Int.self, "n")
            }
        }
        XCTAssertEqual(posted, [skipping: 1, catchingUp: 3])
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM expenses WHERE paid_on IS NULL"), 0, "paid templates")
        try fixture.store.database.transaction(tenant) { db in
            let repository = RecurringExpenseRepository(db)
            XCTAssertEqual(try repository.end(skipping).recurring.state, .ended)
            XCTAssertEqual(ledgerError(thrownError(try repository.resume(skipping, today: self.date("2026-03-11"))))?.category, .conflict)
            // A second posting of an occurrence is refused by the unique key and leaves nothing behind.
            let first = try XCTUnwrap(try repository.get(catchingUp).recurring.schedule.occurrences(context: context).first)
            XCTAssertEqual(
                ledgerError(thrownError(try repository.postOccurrence(templateID: catchingUp, occurrence: first, context: context)))?.category,
                .conflict)
        }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-06-30"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM expenses WHERE recurring_expense_id = '\(skipping)'"), 1)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM expenses"), 1 + 6)
        try fixture.assertInvariants(tenant)
    }
}
