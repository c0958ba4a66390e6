import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

/// `sql/schema/tenant.sql` builds the same tenant schema as replaying every migration: same tables (and which of
/// them have a TOAST table: tenant migration 0056 bounds columns so that 18 need none), columns (in order),
/// constraints, indexes, triggers, functions and starting rows; new tenants are built from it.
/// `sql/schema/control.sql` builds the same control schema as the migration runner, and `sql/schema/shared.sql` the
/// same shared functions (`recur_shared`) as the control migrations.
final class SchemaBaselineTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture?.tearDown() }

    private var runner: MigrationRunner { MigrationRunner(migrations: fixture.migrations, control: fixture.control) }

    /// Everything a schema holds that matters to the application, one line per object, the schema's own name
    /// replaced by `<schema>`, sorted.
    static let catalog = """
        SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(array_to_string(c.reloptions, ','), '')
            || ' toast=' || (c.reltoastrelid <> 0)::text AS item
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
        UNION ALL
        SELECT 'column ' || c.relname || ' #' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum)::text || ' '
            || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull::text
            || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' identity=' || a.attidentity::text
            || ' generated=' || a.attgenerated::text || ' collation=' || a.attcollation::regcollation::text
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
        UNION ALL
        SELECT 'constraint ' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            || ' deferrable=' || con.condeferrable::text || ' deferred=' || con.condeferred::text || ' valid=' || con.convalidated::text
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1
        UNION ALL
        SELECT 'index ' || pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1
        UNION ALL
        SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND NOT t.tgisinternal
        UNION ALL
        SELECT 'function ' || pg_get_functiondef(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1
        """

    private func catalog(of schema: String, on connection: PostgresConnection) throws -> [String] {
        try connection.query(Self.catalog, [schema]).map { row in
            try row.decode(String.self, "item")
                .replacingOccurrences(of: "\"\(schema)\"", with: "<schema>")
                .replacingOccurrences(of: schema, with: "<schema>")
                // A reference is printed qualified unless its schema is on the search path: compare unqualified.
                .replacingOccurrences(of: "<schema>.", with: "")
        }.sorted()
    }

    /// The rows the migrations insert, without the per-tenant ids and times.
    private func startingRows(on connection: PostgresConnection) throws -> [String] {
        try connection.query(
            """
            SELECT 'account ' || code || ' ' || name || ' ' || type || ' ' || coalesce(role, '') AS item FROM accounts
            UNION ALL SELECT 'setting ' || key || ' ' || value::text FROM tenant_settings
            UNION ALL SELECT 'numbering ' || prefix || ' ' || pattern || ' ' || next_value FROM invoice_numbering
            """
        ).map { try $0.decode(String.self, "item") }.sorted()
    }

    private func build(_ schema: String, fromBaseline: Bool) throws -> (catalog: [String], rows: [String]) {
        try fixture.pool.transaction { connection in
            try connection.execute("CREATE SCHEMA \(try quoteIdentifier(schema))")
            if fromBaseline {
                try runner.provisionTenant(schemaName: schema, on: connection)
            } else {
                try runner.applyTenant(fixture.migrations.tenant, schemaName: schema, on: connection)
            }
            let catalog = try catalog(of: schema, on: connection)
            try connection.query(MigrationStatements.setSearchPath, [try quoteIdentifier(schema)])
            return (catalog, try startingRows(on: connection))
        }
    }

    func testTheBaselineBuildsTheSameSchemaAsEveryMigration() throws {
        let baseline = try XCTUnwrap(fixture.migrations.tenantBaseline, "sql/schema/tenant.sql is missing")
        let replayName = TestDatabase.uniqueName("replay"), baselineName = TestDatabase.uniqueName("baseline")
        defer {
            _ = try? fixture.pool.withConnection { connection in
                for name in [replayName, baselineName] {
                    try connection.execute("DROP SCHEMA IF EXISTS \(try quoteIdentifier(name)) CASCADE")
                }
            }
        }
        let replayed = try build(replayName, fromBaseline: false)
        let built = try build(baselineName, fromBaseline: true)
        XCTAssertGreaterThan(replayed.catalog.count, 300, "the catalog query sees the schema")
        let missing = Set(replayed.catalog).subtracting(built.catalog).sorted()
        let extra = Set(built.catalog).subtracting(replayed.catalog).sorted()
        XCTAssertEqual(missing, [], "in the replay, not in sql/schema/tenant.sql (regenerate it: deploy/schema-files.sh)")
        XCTAssertEqual(extra, [], "in sql/schema/tenant.sql, not in the replay")
        XCTAssertEqual(built.catalog.count, replayed.catalog.count)
        XCTAssertEqual(built.rows, replayed.rows)
        XCTAssertEqual(baseline.version, fixture.migrations.tenant.last?.version, "sql/schema/tenant.sql includes every migration")
    }

    func testATenantBuiltFromTheBaselineIsUpToDateWithEveryChecksum() throws {
        let created = try fixture.tenants.create(fixture.draft("base"))
        let plan = try fixture.pool.withConnection { try runner.plan(on: $0) }
        XCTAssertTrue(plan.isUpToDate, "\(plan)")
        let recorded = try fixture.query(
            "SELECT version, checksum FROM \(fixture.table("schema_migrations")) WHERE schema_name = $1 ORDER BY version",
            [created.tenant.context.schemaName])
        XCTAssertEqual(try recorded.map { try $0.decode(Int.self, "version") }, fixture.migrations.tenant.map(\.version))
    }

    func testTheControlSchemaFileBuildsWhatTheRunnerBuilds() throws {
        let url = fixture.migrations.directory.appendingPathComponent("schema/control.sql")
        let sql = try String(contentsOf: url, encoding: .utf8)
        let name = TestDatabase.uniqueName("ctlfile")
        defer { _ = try? fixture.pool.withConnection { try $0.execute("DROP SCHEMA IF EXISTS \(try quoteIdentifier(name)) CASCADE") } }
        let (built, migrated) = try fixture.pool.transaction { connection -> ([String], [String]) in
            try connection.execute("CREATE SCHEMA \(try quoteIdentifier(name))")
            try connection.query(MigrationStatements.setSearchPath, [try quoteIdentifier(name)])
            try connection.simpleQuery(sql)
            return (try catalog(of: name, on: connection), try catalog(of: fixture.control.name, on: connection))
        }
        XCTAssertGreaterThan(migrated.count, 40, "the catalog query sees the control schema")
        XCTAssertEqual(Set(migrated).subtracting(built).sorted(), [], "built by the runner, not by sql/schema/control.sql (regenerate it: deploy/schema-files.sh)")
        XCTAssertEqual(Set(built).subtracting(migrated).sorted(), [], "in sql/schema/control.sql, not built by the runner")
    }

    /// `sql/schema/shared.sql` (for reading) shows what control migrations build in `recur_shared`.
    func testTheSharedSchemaFileShowsWhatTheMigrationsBuild() throws {
        let url = fixture.migrations.directory.appendingPathComponent("schema/shared.sql")
        let name = TestDatabase.uniqueName("sharedfile")
        let sql = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "recur_shared.", with: "\(name).")
        defer { _ = try? fixture.pool.withConnection { try $0.execute("DROP SCHEMA IF EXISTS \(try quoteIdentifier(name)) CASCADE") } }
        let functions = """
            SELECT replace(pg_get_functiondef(p.oid), n.nspname || '.', '<shared>.') AS item
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
            """
        let (built, migrated) = try fixture.pool.transaction { connection -> ([String], [String]) in
            try connection.execute("CREATE SCHEMA \(try quoteIdentifier(name))")
            try connection.simpleQuery(sql)
            let read = { (schema: String) in try connection.query(functions, [schema]).map { try $0.decode(String.self, "item") }.sorted() }
            return (try read(name), try read("recur_shared"))
        }
        XCTAssertGreaterThan(migrated.count, 50)
        XCTAssertEqual(Set(migrated).subtracting(built).sorted(), [], "built by the migrations, not in sql/schema/shared.sql (regenerate it: deploy/schema-files.sh)")
        XCTAssertEqual(Set(built).subtracting(migrated).sorted(), [], "in sql/schema/shared.sql, not built by the migrations")
    }
}
