import Domain
import EOD
import Foundation
import Postgres
import Store
import XCTest

/// Tenants with recurring invoice setups in a private control schema, and checks over what the EOD posted.
public final class EODFixture {
    public let store: StoreFixture
    public private(set) var tenants: [TenantContext] = []

    public init(maxConnections: Int = 6) throws {
        store = try StoreFixture(maxConnections: maxConnections)
    }

    public var pool: PostgresPool { store.pool }
    public var control: ControlSchema { store.control }

    public func runner(batchSize: Int = 50) -> EODRunner {
        EODRunner.standard(pool: pool, control: control, batchSize: batchSize)
    }

    /// A tenant with `setups` monthly setups of one customer, each starting on `start` (one a day apart when
    /// `staggered`), by amount "100.00".
    @discardableResult
    public func tenant(
        setups: Int, rule: ScheduleRule = .monthly(interval: 1, day: nil), start: CalendarDate,
        count: Int? = nil, staggered: Bool = false
    ) throws -> TenantContext {
        let created = try store.tenants.create(store.draft("eod"))
        let tenant = created.tenant.context
        tenants.append(tenant)
        try store.database.transaction(tenant) { db in
            let party = try PartyRepository(db).create(
                PartyDraft(kind: .customer, name: "Acme", email: "billing@acme.test", paymentTermsDays: 14, currency: .eur),
                defaultCurrency: .eur)
            let income = try AccountRepository(db).account(role: .salesIncome).id
            let repository = RecurringInvoiceSetupRepository(db)
            for index in 0..<setups {
                let first = staggered ? start.adding(days: index % 28) : start
                _ = try repository.create(
                    RecurringInvoiceSetupDraft(
                        partyID: party.id, content: .amount(ExactDecimal("100.00")!, description: "Subscription"),
                        incomeAccountID: income, statementReference: "Invoice for {RIMonth}-{RIYear}",
                        schedule: try Schedule(rule: rule, start: first, count: count)))
            }
        }
        return tenant
    }

    public func count(_ tenant: TenantContext, _ sql: String) throws -> Int {
        try store.database.transaction(tenant) { try $0.query(sql).first?.decode(Int.self, "n") ?? -1 }
    }

    /// Checks the invariants the EOD must keep: gapless unique invoice numbers, one invoice per recorded
    /// occurrence, each occurrence at most once, a balanced ledger.
    public func assertInvariants(_ tenant: TenantContext, file: StaticString = #filePath, line: UInt = #line) throws {
        try store.database.transaction(tenant) { db in
            let numbers = try db.query("SELECT sequence_number FROM invoices WHERE sequence_number IS NOT NULL ORDER BY 1")
                .map { try $0.decode(Int.self, "sequence_number") }
            XCTAssertEqual(numbers, Array(0..<numbers.count).map { $0 + 1 }, "gapless numbers", file: file, line: line)
            let unbalanced = try db.query(
                "SELECT count(*) AS n FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit)) u"
            ).first?.decode(Int.self, "n")
            XCTAssertEqual(unbalanced, 0, "every entry balances", file: file, line: line)
            let totals = try XCTUnwrap(
                db.query("SELECT sum(debit) = sum(credit) AS balanced FROM journal_lines").first, file: file, line: line)
            XCTAssertEqual(try totals.decode(Bool?.self, "balanced") ?? true, true, "ledger balances", file: file, line: line)
            let orphans = try db.query(
                """
                SELECT count(*) AS n FROM invoices i WHERE i.recurring_setup_id IS NOT NULL
                AND (i.occurrence_date IS NULL OR i.occurrence_index IS NULL)
                """
            ).first?.decode(Int.self, "n")
            XCTAssertEqual(orphans, 0, "every generated invoice belongs to a recorded occurrence", file: file, line: line)
        }
    }

    public func tearDown() { store.tearDown() }
}

/// The run of a completed outcome; any other outcome fails the test and gives `nil`.
public func completed(_ outcome: EODRunner.Outcome, file: StaticString = #filePath, line: UInt = #line) -> EODRun? {
    guard case .completed(let run) = outcome else {
        XCTFail("expected a completed run, got \(outcome)", file: file, line: line)
        return nil
    }
    return run
}
