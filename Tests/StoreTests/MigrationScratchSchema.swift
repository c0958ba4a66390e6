import Postgres
import StoreTestSupport
import TestSupport

@testable import Store

extension StoreFixture {
    /// A test of one tenant migration on existing data: builds a scratch tenant schema with the tenant migrations
    /// before `version` and runs `body` in one transaction with the search path on it; `body`'s `migrate` applies
    /// the migrations from `version` on (search path set again after). The schema is dropped afterwards.
    func migrating<Result>(
        from version: Int, _ prefix: String, _ body: (PostgresConnection, _ migrate: () throws -> Void) throws -> Result
    ) throws -> Result {
        let schema = TestDatabase.uniqueName(prefix)
        defer {
            _ = try? pool.withConnection { try $0.execute("DROP SCHEMA IF EXISTS \(try quoteIdentifier(schema)) CASCADE") }
        }
        let runner = MigrationRunner(migrations: migrations, control: control)
        let before = migrations.tenant.filter { $0.version < version }
        let after = migrations.tenant.filter { $0.version >= version }
        precondition(after.first?.version == version, "no tenant migration \(version)")
        return try pool.transaction { db in
            let quoted = try quoteIdentifier(schema)
            try db.execute("CREATE SCHEMA \(quoted)")
            try runner.applyTenant(before, schemaName: schema, on: db)
            try db.query(MigrationStatements.setSearchPath, [quoted])
            return try body(db) {
                try runner.applyTenant(after, schemaName: schema, on: db)
                try db.query(MigrationStatements.setSearchPath, [quoted])
            }
        }
    }
}
