import Foundation
import Postgres
import Store
import TestSupport
import XCTest

/// A private control schema (`ctl_<random>`) migrated with the repository's sql folder, and the services over
/// it. Everything it made (tenant schemas, the control schema) is dropped by ``tearDown()``.
final class StoreFixture {
    let control: ControlSchema
    let pool: PostgresPool
    let migrations: MigrationSet
    var tenants: TenantService
    let keys: APIKeyService
    let database: TenantDatabase

    init(migrations: MigrationSet? = nil, maxConnections: Int = 4) throws {
        control = try ControlSchema(TestDatabase.uniqueName("ctl"))
        pool = try TestDatabase.pool(maxConnections: maxConnections)
        self.migrations = try migrations ?? MigrationSet.locate()
        tenants = TenantService(pool: pool, migrations: self.migrations, control: control)
        keys = APIKeyService(pool: pool, control: control)
        database = TenantDatabase(pool: pool)
        _ = try MigrationRunner(migrations: self.migrations, control: control).run(pool: pool)
    }

    /// A draft with a fresh slug.
    func draft(_ prefix: String = "t", timeZone: String = "Europe/Paris", currency: String = "EUR") -> TenantDraft {
        TenantDraft(slug: uniqueSlug(prefix), displayName: "Test \(prefix)", timeZone: timeZone, currency: currency)
    }

    /// Runs one query on a fresh connection and returns its rows.
    func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> PostgresRows {
        try pool.withConnection { try $0.query(sql, parameters) }
    }

    /// Whether a schema of this name exists.
    func schemaExists(_ name: String) throws -> Bool {
        try query("SELECT count(*) AS n FROM pg_namespace WHERE nspname = $1", [name]).first?.decode(Int.self, "n") == 1
    }

    /// `"ctl_x".table`.
    func table(_ name: String) -> String { "\(control.quotedName).\(name)" }

    func tearDown() {
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
func uniqueSlug(_ prefix: String = "t") -> String {
    TestDatabase.uniqueName(prefix).replacingOccurrences(of: "_", with: "-")
}

/// A temporary sql folder: the repository's control and tenant files, plus `extraTenant` (file name → SQL).
final class MigrationFolder {
    let url: URL

    init(extraTenant: [String: String] = [:], dropping: Set<String> = []) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("recur_sql"))
        let real = try SQLDirectory.locate()
        for scope in ["control", "tenant"] {
            let target = url.appendingPathComponent(scope)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let source = real.appendingPathComponent(scope)
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where !dropping.contains(name) {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        }
        for (name, sql) in extraTenant {
            try sql.write(to: url.appendingPathComponent("tenant").appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func write(_ scope: String, _ name: String, _ sql: String) throws {
        try sql.write(to: url.appendingPathComponent(scope).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func load() throws -> MigrationSet { try MigrationSet.load(from: url) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
