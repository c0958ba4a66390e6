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

    /// Building a schema (a spare, or a tenant without one) fills the backend's catalogue cache like entering one:
    /// the server's spare keeper and `recur-admin tenant spares --fill` ran on one connection whose backend grew
    /// with every schema built (bench/tenants' provisioning backends: 176 MB of private memory at 6,755 tenants).
    func testBuildingSparesAndCreatingTenantsCountTowardsTheLimit() throws {
        let pool = PostgresPool(
            .init(connectionString: try TestDatabase.url(), maxConnections: 1, maxSchemasPerConnection: 2))
        defer { pool.close() }
        let service = TenantService(pool: pool, migrations: fixture.migrations, control: fixture.control)
        XCTAssertEqual(try service.spares.fill(upTo: 3), 3)
        // Three schemas built, two per connection: the first connection was replaced after the second spare.
        XCTAssertEqual(pool.statistics.retired, 1)
        // Three creations, each claiming a spare under the tenant's name: a schema entered each (B's second, then C's).
        for _ in 0..<3 { _ = try service.create(fixture.draft("built")) }
        XCTAssertEqual(pool.statistics.retired, 3)
        // Without spares left a creation builds its schema: it counts the same (D after its second).
        for _ in 0..<2 { _ = try service.create(fixture.draft("built")) }
        XCTAssertEqual(pool.statistics.retired, 4)
        XCTAssertEqual(try pool.withConnection { try $0.query("SELECT 1 AS one").first?.decode(Int.self, "one") }, 1)
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
