import Foundation
import Postgres
import Store

/// What every database command needs: the connection string, the control schema, the migration files.
struct AdminEnvironment {
    let pool: PostgresPool
    let control: ControlSchema

    /// Distinct tenant schemas a pooled connection enters or builds (`tenant spares --fill`, `tenant create`)
    /// before it is replaced: its backend's catalogue cache grows with each (docs/tenancy.md).
    static let tenantsPerConnection = 200

    /// Reads `DATABASE_URL` (required) and `RECUR_CONTROL_SCHEMA` (optional, default `recur_control`; for tests
    /// and benchmarks).
    static func fromProcess() throws -> AdminEnvironment {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["DATABASE_URL"], !url.isEmpty else {
            throw AdminError.usage("DATABASE_URL is not set (a libpq conninfo or postgresql:// URI)")
        }
        let control: ControlSchema
        if let name = environment["RECUR_CONTROL_SCHEMA"], !name.isEmpty {
            do {
                control = try ControlSchema(name)
            } catch {
                throw AdminError.usage("RECUR_CONTROL_SCHEMA: \(error)")
            }
        } else {
            control = .standard
        }
        let pool = PostgresPool(
            .init(
                connectionString: url, maxConnections: 2, acquireTimeout: .seconds(30), connectTimeoutSeconds: 5,
                applicationName: "recur-admin", maxSchemasPerConnection: Self.tenantsPerConnection))
        do {
            ClusterPools.register(ClusterPools(control: pool, connections: try ClusterConnections.fromEnvironment(environment)))
        } catch {
            throw AdminError.usage("\(error)")
        }
        return AdminEnvironment(pool: pool, control: control)
    }

    func migrations() throws -> MigrationSet {
        try MigrationSet.locate()
    }

    /// The tenant service; only creation needs the migration files, so only then are they read.
    func tenants(creating: Bool = false) throws -> TenantService {
        let migrations = creating ? try migrations() : MigrationSet(directory: URL(fileURLWithPath: "."), control: [], tenant: [])
        return TenantService(pool: pool, migrations: migrations, control: control)
    }

    /// Runs `body` in one transaction on the schema of the tenant `slug` (refused when it is deleted).
    func transaction<Result>(slug: String, _ body: (PostgresConnection) throws -> Result) throws -> Result {
        let tenant = try tenants().context(slug: slug)
        return try TenantDatabase(pool: pool, control: control).transaction(tenant, body)
    }

    var keys: APIKeyService {
        APIKeyService(pool: pool, control: control)
    }
}
