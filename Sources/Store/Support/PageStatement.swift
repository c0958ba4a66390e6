import Postgres

extension PostgresStatement {
    /// One page of `table`'s rows, newest first on `(created_at, id)` — the listing every paged resource shares: its
    /// `columns` and the `cursor_at` that ``Page/make(rows:limit:_:)`` reads, the rows `filter` keeps (a condition on
    /// `$1…$filterParameters`; `nil`: every row), then the cursor and the limit on the next three parameters, in the
    /// order ``PageRequest/parameters`` binds them.
    static func newestFirstPage(
        _ name: String, columns: String, from table: String, filterParameters: Int = 0, where filter: String? = nil
    ) -> PostgresStatement {
        let cursor = filterParameters + 1
        let keyset = "($\(cursor)::timestamptz IS NULL OR (created_at, id) < ($\(cursor)::timestamptz, $\(cursor + 1)::uuid))"
        return PostgresStatement(
            name,
            """
            SELECT \(columns), created_at::text AS cursor_at FROM \(table)
            WHERE \(filter.map { "(\($0))\n  AND " } ?? "")\(keyset)
            ORDER BY created_at DESC, id DESC LIMIT $\(cursor + 2)
            """)
    }
}
