import Foundation
import Postgres
import Store
import TestSupport

/// A private control schema (`ctl_<random>`) migrated with the repository's sql folder, and the services over
/// it. Everything it made (tenant schemas, the control schema) is dropped by ``tearDown()``.
public final class StoreFixture {
    public let control: ControlSchema
    public let pool: PostgresPool
    public let migrations: MigrationSet
    public var tenants: TenantService
    public let keys: APIKeyService
    public let database: TenantDatabase

    public init(migrations: MigrationSet? = nil, maxConnections: Int = 4) throws {
        control = try ControlSchema(TestDatabase.uniqueName("ctl"))
        pool = try TestDatabase.pool(maxConnections: maxConnections)
        self.migrations = try migrations ?? MigrationSet.locate()
        tenants = TenantService(pool: pool, migrations: self.migrations, control: control)
        keys = APIKeyService(pool: pool, control: control)
        database = TenantDatabase(pool: pool)
        _ = try MigrationRunner(migrations: self.migrations, control: control).run(pool: pool)
    }

    /// A draft with a fresh slug.
    public func draft(_ prefix: String = "t", timeZone: String = "Europe/Paris", currency: String = "EUR") -> TenantDraft {
        TenantDraft(slug: uniqueSlug(prefix), displayName: "Test \(prefix)", timeZone: timeZone, currency: currency)
    }

    /// Runs one query on a fresh connection and returns its rows.
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> PostgresRows {
        try pool.withConnection { try $0.query(sql, parameters) }
    }

    /// Whether a schema of this name exists.
    public func schemaExists(_ name: String) throws -> Bool {
        try query("SELECT count(*) AS n FROM pg_namespace WHERE nspname = $1", [name]).first?.decode(Int.self, "n") == 1
    }

    /// `"ctl_x".table`.
    public func table(_ name: String) -> String { "\(control.quotedName).\(name)" }

    public func tearDown() {
        _ = try? tenants.spares.dropAll()
        _ = try? pool.withConnection { connection in
            let rows = try connection.query("SELECT DISTINCT schema_name FROM \(table("tenants"))")
            for row in rows {
                let quoted = try quoteIdentifier(try row.decode(String.self, "schema_name"))
                try connection.execute("DROP SCHEMA IF EXISTS \(quoted) CASCADE")
            }
        }
        _ = try? pool.withConnection { try $0.execute("DROP SCHEMA IF EXISTS \(control.quotedName) CASCADE") }
        pool.close()
    }
}

/// A slug no other test run uses: `prefix-<12 hex>`.
public func uniqueSlug(_ prefix: String = "t") -> String {
    TestDatabase.uniqueName(prefix).replacingOccurrences(of: "_", with: "-")
}
