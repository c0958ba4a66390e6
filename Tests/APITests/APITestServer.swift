import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport

/// A real recur API server on an ephemeral port, backed by the test database, with tenants made for the test.
final class APITestServer {
    let pool: PostgresPool
    let environment: APIEnvironment
    let server: HTTPServer
    let tenants: TenantService
    private var created: [String] = []

    var port: Int { server.port }

    init(keyCacheTTL: Duration = .milliseconds(300)) throws {
        pool = try TestDatabase.pool(maxConnections: 8)
        let runner = MigrationRunner(migrations: try MigrationSet.locate())
        _ = try runner.run(pool: pool)
        environment = APIEnvironment(pool: pool, migrations: runner, metrics: MetricsRegistry(), keyCacheTTL: keyCacheTTL)
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.workerThreads = 8
        server = HTTPServer(
            configuration: configuration, router: RecurAPI.makeRouter(environment), metrics: environment.metrics,
            logger: NullRequestLogger())
        tenants = environment.tenantService
        try server.start()
    }

    /// Creates a tenant with a unique slug; returns it with its first API key.
    func makeTenant(_ prefix: String = "api", timeZone: String = "Europe/Paris", currency: String = "EUR") throws
        -> CreatedTenant
    {
        let slug = TestDatabase.uniqueName(prefix).replacingOccurrences(of: "_", with: "-")
        let tenant = try tenants.create(
            TenantDraft(slug: slug, displayName: "Test \(slug)", timeZone: timeZone, currency: currency))
        created.append(slug)
        return tenant
    }

    func client() throws -> HTTPTestClient { try HTTPTestClient(port: port) }

    func stop() {
        server.shutdown()
        for slug in created { _ = try? tenants.delete(slug: slug) }
        pool.close()
    }
}
