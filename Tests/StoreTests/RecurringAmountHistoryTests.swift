import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// `recurring_amount_changes` (0034): written with every change of a setup, append-only, and its backfilled rows (no
/// amount) read as the setup stands until its first change fills them with what it had.
final class RecurringAmountHistoryTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() { fixture?.drop() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    private func draft(_ party: Party, _ amount: String) throws -> RecurringInvoiceSetupDraft {
        RecurringInvoiceSetupDraft(
            partyID: party.id, content: .amount(ExactDecimal(amount)!, description: "Care", taxRate: ExactDecimal("20")),
            statementReference: "Care", schedule: try Schedule(rule: .quarterly(), start: date("2026-01-01")))
    }

    /// Closing MRR per month end, as "month_end closing".
    private func closings(_ db: PostgresConnection, from: String, to: String) throws -> [String] {
        let reports = try RecurringAmountReportRepository(db).report(.revenue, from: date(from), to: date(to), timeZone: "UTC")
        return reports.flatMap { report in report.months.map { "\($0.monthEnd) \($0.closing.rounded(toPlaces: 2))" } }
    }

    func testBackfilledRowsReadAsTheSetupStandsUntilItsFirstChangeFillsThem() throws {
        let id = try fixture.transaction { db in
            let party = try InvoicingBuilder(db: db).customer()
            // A setup from before 0034: inserted without the store, then backfilled as the migration does.
            let id = try RecurringInvoiceKind.insert(try draft(party, "300"), on: db)
            try db.query(
                """
                INSERT INTO recurring_amount_changes (template_kind, template_id, reason, state, effective_on)
                SELECT 'invoice', id, 'baseline', 'active', (schedule ->> 'start')::date FROM recurring_invoice_setups WHERE id = $1
                """, [id])
            // 300 a quarter, net of tax: 100 a month, from the schedule's start.
            XCTAssertEqual(
                try closings(db, from: "2025-12-01", to: "2026-02-28"),
                ["2025-12-31 0.00", "2026-01-31 100.00", "2026-02-28 100.00"])
            // Raised to 600 from March: the backfilled row keeps 100 (filled from the setup before the change).
            _ = try RecurringInvoiceSetupRepository(db).replace(id, with: try draft(party, "600"), effectiveFrom: date("2026-03-01"))
            XCTAssertEqual(
                try closings(db, from: "2026-01-01", to: "2026-03-31"),
                ["2026-01-31 100.00", "2026-02-28 100.00", "2026-03-31 200.00"])
            let filled = try db.query(
                "SELECT reason, monthly_amount::text AS m FROM recurring_amount_changes WHERE template_id = $1 ORDER BY seq", [id])
            XCTAssertEqual(try filled.map { "\(try $0.decode(String.self, "reason")) \(try $0.decode(String.self, "m"))" }, ["baseline 100.0000", "updated 200.0000"])
            return id
        }
        // Append-only: no delete, no rewrite of a filled row.
        for sql in [
            "DELETE FROM recurring_amount_changes WHERE template_id = $1",
            "UPDATE recurring_amount_changes SET monthly_amount = 0 WHERE template_id = $1",
        ] {
            XCTAssertThrowsError(try fixture.transaction { db in try db.query(sql, [id]) }, sql)
        }
    }

    func testEveryLifecycleChangeAppendsARowInItsTransaction() throws {
        try fixture.transaction { db in
            let party = try InvoicingBuilder(db: db).customer()
            let repository = RecurringInvoiceSetupRepository(db)
            let setup = try repository.create(try draft(party, "300"))
            _ = try repository.pause(setup.id)
            _ = try repository.resume(setup.id, today: date("2026-06-01"))
            _ = try repository.end(setup.id)
            let rows = try db.query(
                "SELECT reason, state, monthly_amount::text AS m FROM recurring_amount_changes WHERE template_id = $1 ORDER BY seq",
                [setup.id])
            XCTAssertEqual(
                try rows.map { "\(try $0.decode(String.self, "reason")) \(try $0.decode(String.self, "state")) \(try $0.decode(String.self, "m"))" },
                ["created active 100.0000", "paused paused 100.0000", "resumed active 100.0000", "ended ended 100.0000"])
        }
    }
}
