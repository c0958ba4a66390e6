import Postgres
@testable import Store
import StoreTestSupport
import TestSupport
import XCTest

/// Bounded backend memory (issue 28): a pooled connection is replaced after it has entered N tenants' schemas,
/// and the pool keeps serving.
final class TenantPoolRetirementTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    func testAConnectionIsReplacedAfterEnteringNTenantsAndThePoolKeepsServing() throws {
        let tenants = try (0..<7).map { _ in try fixture.tenants.create(fixture.draft("ret")).tenant.context }
        let pool = PostgresPool(
            .init(connectionString: try TestDatabase.url(), maxConnections: 1, maxSchemasPerConnection: 3))
        defer { pool.close() }
        let database = TenantDatabase(pool: pool, control: fixture.control)
        var backends: [Int] = []
        // Entering a schema again does not count: tenants 1, 1, 2, 1, 3 are three.
        let order = [0, 0, 1, 0, 2, 3, 4, 5, 6].map { tenants[$0] }
        for tenant in order {
            let (backend, settings) = try database.transaction(tenant) { connection in
                (
                    try connection.query("SELECT pg_backend_pid() AS pid").first?.decode(Int.self, "pid") ?? 0,
                    try connection.query("SELECT count(*) AS n FROM tenant_settings").first?.decode(Int.self, "n") ?? -1
                )
            }
            XCTAssertGreaterThan(settings, 0)
            backends.append(backend)
        }
        // Three tenants per backend: the first five transactions on one, the next three on another, the last on a third.
        XCTAssertEqual(Set(backends[0..<5]).count, 1, "\(backends)")
        XCTAssertEqual(Set(backends[5..<8]).count, 1, "\(backends)")
        XCTAssertEqual(Set([backends[0], backends[5], backends[8]]).count, 3, "\(backends)")
        XCTAssertEqual(pool.statistics.retired, 2)
        XCTAssertEqual(pool.statistics.open, 1)
    }

    func testTheMemoryLimitRetiresAConnectionWhenTheBackendCanReadIt() throws {
        let tenant = try fixture.tenants.create(fixture.draft("mem")).tenant.context
        var configuration = PostgresPool.Configuration(
            connectionString: try TestDatabase.url(), maxConnections: 1, maxBackendMemoryBytes: 1)
        configuration.memoryCheckInterval = 1
        let pool = PostgresPool(configuration)
        defer { pool.close() }
        let readable = try pool.withConnection { connection in
            (try? connection.query("SELECT count(*) AS n FROM pg_backend_memory_contexts")) != nil
        }
        try XCTSkipUnless(readable, "pg_backend_memory_contexts is not readable by this role (PostgreSQL < 16 needs a superuser)")
        let before = pool.statistics.retired
        try TenantDatabase(pool: pool, control: fixture.control).transaction(tenant) { _ in }
        XCTAssertGreaterThan(pool.statistics.retired, before)
    }
}
