import Postgres

/// The SQL of the migration runner, qualified with one control schema.
struct MigrationStatements {
    let control: ControlSchema

    /// Creates the control schema and its `schema_migrations` table if missing (run under the migration lock).
    var bootstrap: String {
        """
        CREATE SCHEMA IF NOT EXISTS \(control.quotedName);
        CREATE TABLE IF NOT EXISTS \(control.table("schema_migrations")) (
            schema_name text NOT NULL,
            version     integer NOT NULL,
            file_name   text NOT NULL,
            checksum    text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
            applied_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (schema_name, version)
        )
        """
    }

    /// Whether the control schema's `schema_migrations` and `tenants` tables exist.
    var tablesPresent: PostgresStatement {
        control.statement(
            "recur_migrations_tables_present",
            """
            SELECT to_regclass($1) IS NOT NULL AS migrations, to_regclass($2) IS NOT NULL AS tenants
            """)
    }

    /// Whether the relation `$1` (a qualified name) exists.
    static let relationPresent = PostgresStatement(
        "recur_migrations_relation_present", "SELECT to_regclass($1) IS NOT NULL AS present")

    /// The lowercase hex SHA-256 of a file's bytes, computed by PostgreSQL.
    static let checksum = PostgresStatement(
        "recur_migration_checksum", "SELECT encode(sha256($1), 'hex') AS checksum")

    /// The versions and checksums applied to one schema.
    var applied: PostgresStatement {
        control.statement(
            "recur_migrations_applied",
            """
            SELECT version, file_name, checksum FROM \(control.table("schema_migrations"))
            WHERE schema_name = $1 ORDER BY version
            """)
    }

    /// Records one applied file; the checksum is computed here from the file's bytes.
    var record: PostgresStatement {
        control.statement(
            "recur_migrations_record",
            """
            INSERT INTO \(control.table("schema_migrations")) (schema_name, version, file_name, checksum, applied_at)
            VALUES ($1, $2, $3, encode(sha256($4), 'hex'), clock_timestamp())
            """)
    }

    /// Records migrations `$2` (versions), `$3` (file names), `$4` (texts) as applied to schema `$1`: a tenant
    /// built from the baseline file that includes them.
    var recordIncluded: PostgresStatement {
        control.statement(
            "recur_migrations_record_included",
            """
            INSERT INTO \(control.table("schema_migrations")) (schema_name, version, file_name, checksum, applied_at)
            SELECT $1, f.version, f.file_name, encode(sha256(convert_to(f.sql, 'UTF8')), 'hex'), clock_timestamp()
            FROM unnest($2::int[], $3::text[], $4::text[]) AS f(version, file_name, sql)
            """)
    }

    /// Sets the search path for the rest of the transaction only; `$1` is a quoted schema name.
    static let setSearchPath = PostgresStatement(
        "recur_set_search_path", "SELECT set_config('search_path', $1, true) AS search_path")

    /// `lock_timeout` for the rest of the transaction; `$1` in milliseconds.
    static let setLockTimeout = PostgresStatement(
        "recur_set_lock_timeout", "SELECT set_config('lock_timeout', $1, true) AS lock_timeout")

    /// Live tenants (not deleted), counted.
    /// Live tenants on another cluster than the control schema's (migration 0010's column), with their cluster.
    var tenantsElsewhere: PostgresStatement {
        control.statement(
            "recur_migrations_tenants_elsewhere",
            """
            SELECT schema_name, cluster FROM \(control.table("tenants"))
            WHERE status <> 'deleted' AND cluster <> 'default'
            """)
    }

    var tenantCount: PostgresStatement {
        control.statement(
            "recur_migrations_tenant_count",
            "SELECT count(*) AS tenants FROM \(control.table("tenants")) WHERE status <> 'deleted'")
    }

    /// Live tenants that lack at least one of the versions in `$1` (an `int[]` literal), with what they lack.
    /// One query for all tenants: (tenants × versions) hash-anti-joined with `schema_migrations`.
    var pendingByTenant: PostgresStatement {
        control.statement(
            "recur_migrations_pending_by_tenant",
            """
            SELECT t.slug, t.schema_name, array_agg(f.version ORDER BY f.version)::text AS pending
            FROM \(control.table("tenants")) t
            CROSS JOIN unnest($1::int[]) AS f(version)
            WHERE t.status <> 'deleted'
              AND NOT EXISTS (
                  SELECT 1 FROM \(control.table("schema_migrations")) m
                  WHERE m.schema_name = t.schema_name AND m.version = f.version)
            GROUP BY t.id, t.slug, t.schema_name
            ORDER BY t.id
            """)
    }

    /// Applied tenant migrations whose checksum differs from the file's (`$1` versions, `$2` checksums, as
    /// array literals) or whose version has no file, grouped by version. `$3` is the control schema's name,
    /// whose own rows are checked apart.
    var tenantDiscrepancies: PostgresStatement {
        control.statement(
            "recur_migrations_tenant_discrepancies",
            """
            SELECT m.version, min(m.file_name) AS file_name, min(m.schema_name) AS schema_name,
                   count(*) AS schemas, bool_or(f.version IS NULL) AS unknown
            FROM \(control.table("schema_migrations")) m
            LEFT JOIN unnest($1::int[], $2::text[]) AS f(version, checksum) ON f.version = m.version
            WHERE m.schema_name <> $3 AND (f.version IS NULL OR f.checksum <> m.checksum)
            GROUP BY m.version, f.version IS NULL
            ORDER BY m.version
            """)
    }
}

/// `{1,2,3}`: an array literal built from integers, bound as a parameter and cast in SQL.
func arrayLiteral(_ values: [Int]) -> String {
    "{" + values.map(String.init).joined(separator: ",") + "}"
}

/// `{"ab","cd"}`: an array literal of strings known to hold only `[0-9a-f]` (checksums).
func arrayLiteral(hexStrings values: [String]) -> String {
    "{" + values.map { "\"\($0)\"" }.joined(separator: ",") + "}"
}

/// Parses `{1,2,3}` (PostgreSQL's text form of an `int[]`).
func parseIntArray(_ text: String) -> [Int] {
    text.filter { $0 != "{" && $0 != "}" }.split(separator: ",").compactMap { Int($0) }
}
