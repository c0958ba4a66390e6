import Foundation
import Postgres
import Store
import TestSupport
import XCTest

/// A scratch tenant schema with every `sql/tenant/NNNN_*.sql` migration applied, the way the migration runner
/// applies them (one transaction, `search_path` set to the schema), dropped again by ``drop()``.
final class TenantSchemaFixture {
    /// The unquoted schema name, e.g. `inv_3fa2…`.
    let schema: String
    /// The schema name as `search_path` takes it.
    let quotedSchema: String
    /// A connection for the test's own use.
    let connection: PostgresConnection

    init(prefix: String = "inv") throws {
        schema = TestDatabase.uniqueName(prefix)
        quotedSchema = "\"\(schema)\""
        try Self.sharedSchema.get()
        connection = try TestDatabase.connect()
        let files = try FileManager.default.contentsOfDirectory(at: Self.tenantSQL, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" && $0.lastPathComponent.first?.isNumber == true }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        try connection.transaction { db in
            try db.simpleQuery("CREATE SCHEMA \(quotedSchema)")
            for file in files {
                try db.query("SELECT set_config('search_path', $1, true)", [quotedSchema])
                try db.simpleQuery(String(contentsOf: file, encoding: .utf8))
            }
        }
    }

    /// The tenant files' triggers call functions of `recur_shared`, which control migrations build (0009 and
    /// later): the migration runner brings it up to date once per test process, as `recur-admin migrate` does before
    /// any tenant migration, with a scratch control schema dropped afterwards.
    private static let sharedSchema = Result<Void, any Error> {
        let control = try ControlSchema(TestDatabase.uniqueName("ctl_shared"))
        let connection = try TestDatabase.connect()
        defer { _ = try? connection.simpleQuery("DROP SCHEMA IF EXISTS \(control.quotedName) CASCADE") }
        _ = try MigrationRunner(migrations: try MigrationSet.locate(), control: control).run(on: connection)
    }

    /// `sql/tenant` of the checkout.
    static let tenantSQL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sql/tenant")

    /// Runs `body` in a transaction bound to the schema, on the fixture's connection.
    func transaction<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        try Self.transaction(on: connection, schema: quotedSchema, body)
    }

    /// Runs `body` in a transaction bound to `schema` on `connection`.
    static func transaction<Result>(
        on connection: PostgresConnection, schema: String, _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        try connection.transaction { db in
            try db.query("SELECT set_config('search_path', $1, true)", [schema])
            return try body(db)
        }
    }

    /// Drops the schema and everything in it.
    func drop() {
        _ = try? connection.simpleQuery("DROP SCHEMA IF EXISTS \(quotedSchema) CASCADE")
    }

    /// Fails the test unless Σ debit = Σ credit over the schema's whole journal.
    func assertLedgerBalances(file: StaticString = #filePath, line: UInt = #line) {
        do {
            let row = try transaction { db in
                try db.query("SELECT coalesce(sum(debit), 0)::text AS d, coalesce(sum(credit), 0)::text AS c FROM journal_lines")[0]
            }
            XCTAssertEqual(try row.decode(String.self, "d"), try row.decode(String.self, "c"), "ledger out of balance", file: file, line: line)
        } catch {
            XCTFail("cannot read the ledger: \(error)", file: file, line: line)
        }
    }

    /// One integer from `sql` run in the schema (`count(*)`, …).
    func count(_ sql: String) throws -> Int {
        try transaction { db in try db.query(sql)[0].decode(Int.self, at: 0) }
    }
}

/// The error `body` throws, or a test failure if it returns.
func thrownError<T>(
    _ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line
) -> (any Error)? {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}
