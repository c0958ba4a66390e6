import Domain
import Postgres
@testable import Store
import StoreTestSupport
import TestSupport
import XCTest

/// The access check of a tenant transaction goes to the server in one round trip with the body's first statement
/// (``PostgresConnection/sendBeforeFirstStatement(_:_:)``): it must raise when the access does not hold, so that the
/// statement sent with it never runs, and the statement after it must run in the tenant's schema. A sequence in each
/// tenant's schema shows whether a statement ran: `nextval` is not undone by a rollback.
final class TenantAccessCheckTests: XCTestCase {
    private var fixture: StoreFixture!
    private let probe = PostgresStatement(
        "test_access_probe", "SELECT nextval('access_probe') AS n, current_schema() AS schema")
    private let schemaProbe = PostgresStatement("test_access_schema", "SELECT current_schema() AS schema")

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func makeTenant(_ prefix: String) throws -> (created: CreatedTenant, access: TenantAccess) {
        let created = try fixture.tenants.create(fixture.draft(prefix))
        try fixture.database.transaction(created.tenant.context) { try $0.simpleQuery("CREATE SEQUENCE access_probe") }
        let access = TenantAccess(
            tenant: created.tenant.context, keyID: created.apiKey.info.id, role: .owner,
            keyName: created.apiKey.info.displayName)
        return (created, access)
    }

    /// How many times the probe ran in `tenant`'s schema.
    private func probes(_ tenant: CreatedTenant) throws -> Int {
        try fixture.database.transaction(tenant.tenant.context) { connection in
            let row = try XCTUnwrap(connection.query("SELECT last_value, is_called FROM access_probe").first)
            return try row.decode(Bool.self, "is_called") ? row.decode(Int.self, "last_value") : 0
        }
    }

    func testARefusedCheckStopsTheStatementSentWithItAndTheConnectionThenServesAnotherTenant() throws {
        let (a, accessA) = try makeTenant("chk-a")
        let (b, accessB) = try makeTenant("chk-b")
        // One connection: every transaction below runs on the same backend.
        let database = TenantDatabase(pool: try TestDatabase.pool(maxConnections: 1), control: fixture.control)
        func backend(_ connection: PostgresConnection) throws -> Int {
            try XCTUnwrap(connection.query("SELECT pg_backend_pid() AS pid").first).decode(Int.self, "pid")
        }

        // The check holds: the statement sent with it runs in the tenant's schema, read-only or not (a read-only
        // transaction cannot call nextval: it reads the schema alone).
        for probe in [probe, schemaProbe, probe] {
            let schema = try database.transaction(accessA, readOnly: probe == schemaProbe) {
                try XCTUnwrap($0.query(probe).first).decode(String.self, "schema")
            }
            XCTAssertEqual(schema, a.tenant.context.schemaName)
        }
        XCTAssertEqual(try probes(a), 2)
        let pid = try database.transaction(accessA) { try backend($0) }

        _ = try fixture.keys.revoke(slug: a.tenant.slug, prefix: a.apiKey.info.prefix)
        func assertWithdrawn(_ work: @autoclosure () throws -> some Any, _ line: UInt = #line) {
            XCTAssertThrowsError(try work(), line: line) { XCTAssertTrue($0 is TenantAccessWithdrawn, "\($0)", line: line) }
        }
        // Refused: the probe sent in the same round trip never runs, whatever the body does with the error.
        assertWithdrawn(try database.transaction(accessA) { try $0.query(probe) })
        // (Read-only: the probe would fail with 25006 had it run; the refusal comes first.)
        assertWithdrawn(try database.transaction(accessA, readOnly: true) { try $0.query(probe) })
        assertWithdrawn(try database.transaction(accessA) { try $0.queries([(probe, []), (probe, [])]) })
        assertWithdrawn(try database.transaction(accessA) { db in _ = try? db.query(probe) })
        assertWithdrawn(try database.transaction(accessA) { try $0.query("SELECT nextval('access_probe')") })
        // A body that sends nothing, or throws before sending anything, still gets the refusal.
        assertWithdrawn(try database.transaction(accessA) { _ in 1 })
        assertWithdrawn(try database.transaction(accessA) { _ in throw LedgerError.invalid("x", .invalidValue, "body") })
        XCTAssertEqual(try probes(a), 2)

        // The same connection then serves tenant B, in B's schema, with B's probe.
        let (schema, pidB) = try database.transaction(accessB) { db in
            (try XCTUnwrap(db.query(probe).first).decode(String.self, "schema"), try backend(db))
        }
        XCTAssertEqual(schema, b.tenant.context.schemaName)
        XCTAssertEqual(pidB, pid)
        XCTAssertEqual(try probes(b), 1)
        XCTAssertEqual(try probes(a), 2)
        // B's own errors are B's, not a refusal: the body's first statement failing keeps its SQLSTATE.
        XCTAssertThrowsError(try database.transaction(accessB) { try $0.query("SELECT 1 / 0") }) {
            XCTAssertEqual(($0 as? PostgresError)?.sqlState, SQLState(rawValue: "22012"))
        }
        XCTAssertThrowsError(try database.transaction(accessB) { _ in throw LedgerError.invalid("x", .invalidValue, "body") }) {
            XCTAssertTrue($0 is LedgerError, "\($0)")
        }
        // A suspended tenant is refused the same way, and served again once resumed.
        _ = try fixture.tenants.suspend(slug: b.tenant.slug)
        assertWithdrawn(try database.transaction(accessB) { try $0.query(probe) })
        XCTAssertEqual(try probes(b), 1)
        try fixture.tenants.resume(slug: b.tenant.slug)
        XCTAssertEqual(try database.transaction(accessB) { try XCTUnwrap($0.query(probe).first).decode(Int.self, "n") }, 2)
        // `confirm` (the check alone, outside a transaction) refuses and accepts the same way.
        assertWithdrawn(try database.confirm(accessA))
        XCTAssertNoThrow(try database.confirm(accessB))
    }
}
