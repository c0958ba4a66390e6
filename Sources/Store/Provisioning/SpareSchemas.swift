import Crypto
import Foundation
import Postgres

/// Spare tenant schemas: empty tenant schemas built ahead of time, so that creating a tenant renames one
/// (`ALTER SCHEMA … RENAME`, a catalogue update) instead of building its tables, indexes, functions and triggers.
///
/// A spare is `recur_spare_<16 hex>`, built exactly like a new tenant (``MigrationRunner/provisionTenant(schemaName:on:)``:
/// the baseline, then any later migration), with its migration records under its own name, and listed in
/// `<control>.spare_schemas` with the ``MigrationSet/tenantFingerprint`` of the files it was built from, in the
/// same transaction. ``TenantService/create(_:keyLabel:)`` claims the oldest spare of its own fingerprint
/// (`FOR UPDATE SKIP LOCKED`, so concurrent creations never take the same one), renames it, moves its records and
/// points its functions' `search_path` at the new name; with no spare it builds the schema as before. A
/// creation that fails rolls back, and the spare is a spare again.
///
/// ``fill(upTo:)`` tops the pool up (the server's ``SpareSchemaKeeper`` calls it in the background;
/// `recur-admin tenant spares --fill N` by hand); ``dropStale()`` removes spares built from other files (the
/// migration runner calls it after a run).
public struct SpareSchemas: Sendable {
    public let pool: PostgresPool
    public let runner: MigrationRunner
    /// How long filling waits for a running migration before giving up this round.
    public var migrationWaitTimeout: Duration = .seconds(5)

    public init(pool: PostgresPool, migrations: MigrationSet, control: ControlSchema = .standard) {
        self.pool = pool
        runner = MigrationRunner(migrations: migrations, control: control)
    }

    public var control: ControlSchema { runner.control }
    var statements: SpareSchemaStatements { SpareSchemaStatements(control: control) }
    var fingerprint: String { runner.migrations.tenantFingerprint }

    /// Spares built from this process's files (the ones its creations can claim).
    public func count() throws -> Int {
        let statement = statements.countMatching
        return try control.mappingMissingSchema {
            try pool.withConnection { try $0.query(statement, [fingerprint]).singleRow()?.decode(Int.self, "spares") ?? 0 }
        }
    }

    /// Builds spares, one transaction each, until `target` of this fingerprint exist; returns how many it built.
    /// Two fillers at once may overshoot by a few (each counts, then builds): harmless, the surplus is claimed later.
    @discardableResult
    public func fill(upTo target: Int) throws -> Int {
        let missing = max(0, target - (try count()))
        for _ in 0..<missing { try makeOne() }
        return missing
    }

    /// Builds one spare and lists it, in one transaction.
    func makeOne() throws {
        let statements = self.statements
        let name = "recur_spare_" + String(SecretToken.hex().prefix(16))
        try control.mappingMissingSchema {
            try pool.transaction { connection in
                try MigrationLock(control).acquireShared(on: connection, timeout: migrationWaitTimeout)
                // The name is fixed text and hex digits; quoteIdentifier checks it all the same.
                try connection.execute("CREATE SCHEMA \(try quoteIdentifier(name))")
                // Building a schema fills the backend's catalogue cache as entering a tenant does: it counts
                // towards the pool's `maxSchemasPerConnection`.
                connection.noteSchemaEntered(name)
                try runner.provisionTenant(schemaName: name, on: connection)
                try connection.query(statements.insert, [name, fingerprint])
            }
        }
    }

    /// Drops the spares built from other migration files (after a migration, or a roll-back of the code); returns
    /// how many.
    @discardableResult
    public func dropStale() throws -> Int {
        try pool.withConnection { try dropStale(on: $0) }
    }

    /// ``dropStale()`` on `connection` (outside any transaction), one transaction per spare. The migration runner
    /// calls it after a run, on its own connection.
    @discardableResult
    func dropStale(on connection: PostgresConnection) throws -> Int {
        try Self.dropStale(control: control, fingerprint: fingerprint, on: connection)
    }

    static func dropStale(control: ControlSchema, fingerprint: String, on connection: PostgresConnection) throws -> Int {
        let statements = SpareSchemaStatements(control: control)
        return try drop(statements.takeStale, [fingerprint], control: control, on: connection)
    }

    /// Drops every spare (tests, and `recur-admin tenant spares --drop-all`); returns how many.
    @discardableResult
    public func dropAll() throws -> Int {
        try pool.withConnection { try Self.drop(statements.takeAny, [], control: control, on: $0) }
    }

    private static func drop(
        _ take: PostgresStatement, _ parameters: [any PostgresEncodable], control: ControlSchema,
        on connection: PostgresConnection
    ) throws -> Int {
        let statements = SpareSchemaStatements(control: control)
        var dropped = 0
        while true {
            let done: Bool = try control.mappingMissingSchema {
                try connection.transaction { connection in
                    guard let row = try connection.query(take, parameters).first else { return true }
                    let name = try row.decode(String.self, "schema_name")
                    try connection.execute("DROP SCHEMA IF EXISTS \(try quoteIdentifier(name)) CASCADE")
                    try connection.query(statements.forgetRecords, [name])
                    return false
                }
            }
            if done { return dropped }
            dropped += 1
        }
    }

    /// Inside a tenant creation's transaction: takes a spare of this fingerprint, renames it to `schemaName`,
    /// moves its migration records and re-points its functions' captured `search_path`. `false` when there is
    /// none (the caller builds the schema).
    func claim(as schemaName: String, on connection: PostgresConnection) throws -> Bool {
        guard let row = try connection.query(statements.claim, [fingerprint]).first else { return false }
        let spare = try quoteIdentifier(try row.decode(String.self, "schema_name"))
        let quoted = try quoteIdentifier(schemaName)
        do {
            try connection.execute("ALTER SCHEMA \(spare) RENAME TO \(quoted)")
        } catch let error as PostgresError where error.sqlState == .duplicateSchema {
            throw TenantError.schemaExists(schemaName)
        }
        try connection.query(statements.moveRecords, [try row.decode(String.self, "schema_name"), schemaName])
        try connection.query(MigrationStatements.setSearchPath, [quoted])
        try connection.simpleQuery(SpareSchemaStatements.repinFunctions)
        return true
    }
}

extension MigrationSet {
    /// SHA-256 (lowercase hex) over the tenant migrations' versions, names and texts: two processes with the same
    /// files build the same tenant schema. Spares are matched on it.
    static func fingerprint(of tenant: [Migration]) -> String {
        var hasher = SHA256()
        for migration in tenant {
            hasher.update(data: Data("\(migration.version)\t\(migration.fileName)\t\(migration.sql.utf8.count)\n".utf8))
            hasher.update(data: Data(migration.sql.utf8))
        }
        return hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }
}

/// The SQL of the spare schemas, qualified with one control schema.
struct SpareSchemaStatements {
    let control: ControlSchema

    var countMatching: PostgresStatement {
        control.statement(
            "recur_spares_count",
            "SELECT count(*) AS spares FROM \(control.table("spare_schemas")) WHERE fingerprint = $1")
    }

    var insert: PostgresStatement {
        control.statement(
            "recur_spares_insert",
            "INSERT INTO \(control.table("spare_schemas")) (schema_name, fingerprint) VALUES ($1, $2)")
    }

    /// The oldest spare of fingerprint `$1` whose schema exists, removed from the list (back on rollback).
    var claim: PostgresStatement {
        control.statement(
            "recur_spares_claim",
            """
            DELETE FROM \(control.table("spare_schemas")) WHERE schema_name = (
                SELECT s.schema_name FROM \(control.table("spare_schemas")) s
                WHERE s.fingerprint = $1 AND EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = s.schema_name)
                ORDER BY s.created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING schema_name
            """)
    }

    /// One spare of another fingerprint than `$1`, removed from the list.
    var takeStale: PostgresStatement {
        control.statement(
            "recur_spares_take_stale",
            """
            DELETE FROM \(control.table("spare_schemas")) WHERE schema_name = (
                SELECT schema_name FROM \(control.table("spare_schemas")) WHERE fingerprint <> $1
                LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING schema_name
            """)
    }

    /// Any one spare, removed from the list.
    var takeAny: PostgresStatement {
        control.statement(
            "recur_spares_take_any",
            """
            DELETE FROM \(control.table("spare_schemas")) WHERE schema_name = (
                SELECT schema_name FROM \(control.table("spare_schemas")) LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING schema_name
            """)
    }

    /// The spare `$1`'s migration records become the tenant `$2`'s.
    var moveRecords: PostgresStatement {
        control.statement(
            "recur_spares_move_records",
            "UPDATE \(control.table("schema_migrations")) SET schema_name = $2 WHERE schema_name = $1")
    }

    var forgetRecords: PostgresStatement {
        control.statement(
            "recur_spares_forget_records", "DELETE FROM \(control.table("schema_migrations")) WHERE schema_name = $1")
    }

    /// Functions created with `SET search_path FROM CURRENT` captured the spare's name; after the rename (and with
    /// the transaction's search path set to the new name) they capture the new one, exactly as if built under it.
    /// Fixed text: the schema comes from the search path, not from the SQL.
    static let repinFunctions = """
        DO $repin$
        DECLARE f regprocedure;
        BEGIN
            FOR f IN
                SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = current_schema()
                  AND EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
            LOOP
                EXECUTE format('ALTER FUNCTION %s SET search_path FROM CURRENT', f);
            END LOOP;
        END $repin$
        """
}
