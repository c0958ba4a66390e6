import Foundation
import Postgres

/// The catalogue statements of ``TenantMover`` (on the clusters, not the control schema).
enum TenantMoveSQL {
    static let tablesWithoutKey = PostgresStatement(
        "recur_move_tables_without_key",
        """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relreplident = $2::"char"
            AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)
        ORDER BY c.relname
        """)
    static let tables = PostgresStatement(
        "recur_move_tables", "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename")
    static let tableCount = PostgresStatement(
        "recur_move_table_count", "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1")
    static let sequences = PostgresStatement(
        "recur_move_sequences",
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = $1 AND last_value IS NOT NULL ORDER BY sequencename")
    /// Sets each sequence `$2[i]` of schema `$1` to `$3[i]` (called: the next value follows it).
    static let setSequences = PostgresStatement(
        "recur_move_set_sequences",
        """
        SELECT count(setval(format('%I.%I', $1::text, s.name)::regclass, s.value, true))::int AS n
        FROM unnest($2::text[], $3::bigint[]) AS s(name, value)
        """)
    static let publicationExists = PostgresStatement(
        "recur_move_publication_exists", "SELECT 1 AS one FROM pg_publication WHERE pubname = $1")
    static let subscriptionExists = PostgresStatement(
        "recur_move_subscription_exists", "SELECT 1 AS one FROM pg_subscription WHERE subname = $1")
    static let dropIdleSlot = PostgresStatement(
        "recur_move_drop_idle_slot",
        "SELECT pg_drop_replication_slot(slot_name) IS NULL AS dropped FROM pg_replication_slots WHERE slot_name = $1 AND NOT active")
    /// Tables of subscription `$1` whose initial copy is done.
    static let copyState = PostgresStatement(
        "recur_move_copy_state",
        """
        SELECT count(*) FILTER (WHERE r.srsubstate = 'r')::int AS ready
        FROM pg_subscription s JOIN pg_subscription_rel r ON r.srsubid = s.oid WHERE s.subname = $1
        """)
    static let currentLSN = PostgresStatement("recur_move_current_lsn", "SELECT pg_current_wal_lsn()::text AS lsn")
    /// Whether slot `$1` has confirmed everything up to `$2`.
    static let slotCaughtUp = PostgresStatement(
        "recur_move_slot_caught_up",
        "SELECT confirmed_flush_lsn >= $2::pg_lsn AS caught FROM pg_replication_slots WHERE slot_name = $1")

    /// One statement (one snapshot) giving each table's row count and the md5 of its rows' text in a fixed order.
    static func checksums(tables: [String], quotedSchema: String) throws -> String {
        try tables.map { table in
            let quoted = try quoteIdentifier(table)
            let literal = "'" + table.replacingOccurrences(of: "'", with: "''") + "'"
            return """
                SELECT \(literal)::text AS t, count(*)::int AS n, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS s
                FROM \(quotedSchema).\(quoted) r
                """
        }.joined(separator: "\nUNION ALL\n")
    }
}
