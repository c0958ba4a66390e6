import Domain
import EOD
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

/// Recurring sales orders posted by the EOD: each occurrence creates one new order, won on its posting date with
/// its invoice issued and posted, exactly once whatever the reruns and concurrent workers.
final class EODRecurringSalesOrderTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// A tenant with `templates` recurring orders (monthly from `start`, 2 × 50.00 at 20% tax, 10% off).
    private func tenant(templates: Int, start: CalendarDate) throws -> (TenantContext, [UUID]) {
        let tenant = try fixture.tenant(setups: 0, start: start)
        let ids = try fixture.store.database.transaction(tenant) { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer(terms: 14)
            let item = try build.item("SUPPLIES", price: "50.00", taxRate: "20")
            let orders = RecurringSalesOrderRepository(db)
            return try (0..<templates).map { index in
                try orders.create(
                    RecurringSalesOrderDraft(
                        partyID: party.id, reference: "SO-\(index)", discount: .percent(10),
                        lines: [SalesOrderLineDraft(itemID: item.id, quantity: 2)],
                        schedule: try Schedule(rule: .monthly(interval: 1, day: nil), start: start))
                ).id
            }
        }
        return (tenant, ids)
    }

    func testCatchUpOverThreeMonthsPostsEachOrderAndInvoiceOnceAndARerunPostsNothing() throws {
        let (tenant, ids) = try tenant(templates: 1, start: date("2026-01-15"))
        let template = ids[0]
        let run = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-03-31"), requestedBy: .command)))
        XCTAssertEqual(run.counts["recurring_sales_orders"], 3)

        let rows = try fixture.store.database.transaction(tenant) { db in
            try db.query(
                """
                SELECT o.order_date, o.status, o.confirmed_on, o.currency, o.discount_kind, o.reference,
                       i.invoice_date, i.status AS invoice_status, i.number, i.total::text AS total,
                       i.discount_total::text AS discount_total, i.issue_entry_id IS NOT NULL AS posted,
                       (SELECT count(*) FROM sales_order_lines l WHERE l.order_id = o.id) AS lines
                FROM sales_orders o JOIN invoices i ON i.sales_order_id = o.id
                WHERE o.recurring_sales_order_id = $1 ORDER BY o.order_date
                """, [template])
        }
        XCTAssertEqual(try rows.map { try $0.decode(CalendarDate.self, "order_date") }, ["2026-01-15", "2026-02-15", "2026-03-15"].map(date))
        for row in rows {
            let orderDate = try row.decode(CalendarDate.self, "order_date")
            XCTAssertEqual(try row.decode(String.self, "status"), "won")
            XCTAssertEqual(try row.decode(CalendarDate?.self, "confirmed_on"), orderDate)
            XCTAssertEqual(try row.decode(CalendarDate?.self, "invoice_date"), orderDate)
            XCTAssertEqual(try row.decode(String.self, "invoice_status"), "issued")
            XCTAssertNotNil(try row.decode(String?.self, "number"))
            XCTAssertEqual(try row.decode(Bool.self, "posted"), true)
            XCTAssertEqual(try row.decode(String.self, "currency"), "EUR")
            XCTAssertEqual(try row.decode(String?.self, "discount_kind"), "percent")
            XCTAssertEqual(try row.decode(String?.self, "reference"), "SO-0")
            XCTAssertEqual(try row.decode(Int.self, "lines"), 1)
            XCTAssertEqual(try row.decode(String.self, "total"), "108.0000")
            XCTAssertEqual(try row.decode(String.self, "discount_total"), "10.0000")
        }
        // One invoice per occurrence (the template is no order).
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 3)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM recurring_sales_order_occurrences"), 3)
        XCTAssertEqual(
            try fixture.count(tenant, "SELECT count(*) AS n FROM notification_outbox WHERE kind = 'invoice_issued'"), 3)
        let cursor = try fixture.store.database.transaction(tenant) { db in
            try db.query(
                """
                SELECT last_posted_index AS i, last_posted_date AS d, next_posting_date AS next
                FROM recurring_sales_orders WHERE id = $1
                """, [template])[0]
        }
        XCTAssertEqual(try cursor.decode(Int?.self, "i"), 2)
        XCTAssertEqual(try cursor.decode(CalendarDate?.self, "d"), date("2026-03-15"))
        XCTAssertEqual(try cursor.decode(CalendarDate?.self, "next"), date("2026-04-15"))

        let rerun = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-03-31"), requestedBy: .command)))
        XCTAssertEqual(rerun.counts["recurring_sales_orders"], 0)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM sales_orders"), 3)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 3)

        // Posting an occurrence again by hand is refused by the unique key and leaves nothing behind.
        try fixture.store.database.transaction(tenant) { db in
            let schedule = try RecurringSalesOrderRepository(db).get(template).recurring.schedule
            let first = try XCTUnwrap(schedule.occurrences(context: tenant.scheduleContext).first)
            XCTAssertEqual(
                ledgerError(thrownError(
                    try RecurringSalesOrderRepository(db).postOccurrence(
                        templateID: template, occurrence: first, context: tenant.scheduleContext)))?.category,
                .conflict)
        }
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 3)
        try fixture.assertInvariants(tenant)
    }

    func testTwoConcurrentRunnersPostEachOccurrenceOnce() throws {
        var made: [(TenantContext, [UUID])] = []
        for _ in 0..<2 { made.append(try tenant(templates: 3, start: date("2026-01-15"))) }
        let tenants = made.map(\.0)
        let control = fixture.control
        let asOf = date("2026-03-31")
        let errors = SharedList<String>()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            do {
                let pool = try TestDatabase.pool(maxConnections: 2)
                defer { pool.close() }
                let runner = EODRunner.standard(pool: pool, control: control, batchSize: 2)
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
            XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM sales_orders WHERE recurring_sales_order_id IS NOT NULL"), 3 * 3)
            XCTAssertEqual(
                try fixture.count(tenant, "SELECT count(DISTINCT (recurring_sales_order_id, order_date)) AS n FROM sales_orders WHERE recurring_sales_order_id IS NOT NULL"), 3 * 3)
            XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM recurring_sales_order_occurrences"), 3 * 3)
            XCTAssertEqual(
                try fixture.count(
                    tenant,
                    "SELECT count(*) AS n FROM invoices i JOIN sales_orders o ON o.id = i.sales_order_id WHERE o.recurring_sales_order_id IS NOT NULL"),
                3 * 3)
            try fixture.assertInvariants(tenant)
        }
    }

    func testPausedOrEndedTemplatePostsNothing() throws {
        let (tenant, ids) = try tenant(templates: 3, start: date("2026-01-15"))
        try fixture.store.database.transaction(tenant) { db in
            let templates = RecurringSalesOrderRepository(db)
            _ = try templates.pause(ids[0])
            _ = try templates.pause(ids[1])
            _ = try templates.end(ids[2])
        }
        let run = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-03-31"), requestedBy: .command)))
        XCTAssertEqual(run.counts["recurring_sales_orders"], 0)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM sales_orders WHERE recurring_sales_order_id IS NOT NULL"), 0)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 0)

        // Resumed with catch-up, a paused template posts what it missed.
        try fixture.store.database.transaction(tenant) { db in
            _ = try RecurringSalesOrderRepository(db).resume(ids[1], today: date("2026-03-31"), catchUp: true)
        }
        let resumed = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-03-31"), requestedBy: .command)))
        XCTAssertEqual(resumed.counts["recurring_sales_orders"], 3)
        XCTAssertEqual(
            try fixture.count(tenant, "SELECT count(*) AS n FROM sales_orders WHERE recurring_sales_order_id = '\(ids[1])'"), 3)
        try fixture.assertInvariants(tenant)
    }
}
