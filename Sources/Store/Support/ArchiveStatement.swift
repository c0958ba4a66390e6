import Postgres

extension PostgresStatement {
    /// Archives (`$2` true; the first archiving date is kept) or restores (`$2` false) the row `$1` of `table`, a
    /// table with `archived_at` and `updated_at` (items, parties, accounts, tax codes): returning `columns`, when
    /// given.
    static func setArchived(_ name: String, table: String, returning columns: String? = nil) -> PostgresStatement {
        PostgresStatement(
            name,
            """
            UPDATE \(table) SET archived_at = CASE WHEN $2::boolean THEN coalesce(archived_at, now()) END, updated_at = now()
            WHERE id = $1\(columns.map { " RETURNING \($0)" } ?? "")
            """)
    }
}
