import Postgres

/// The SQL every recurring template table shares (recurring expenses, recurring tasks): read, lock, change state,
/// list, record an occurrence, move the cursor. Each kind supplies only its table, its columns and its insert.
///
/// The table has `id`, `is_active`, `stopped_at`, `skip_through`, `last_posted_index`, `last_posted_date`,
/// `created_at`, `updated_at`; its occurrence table has `template_id`, `occurrence_date`, `occurrence_index` and
/// one document column.
struct RecurringTemplateStatements: Sendable {
    let byID: PostgresStatement
    let lock: PostgresStatement
    /// $1 id, $2 active, $3 skip through (moves only forward), $4 stop. A stopped template never changes again.
    let setState: PostgresStatement
    /// $1/$2 cursor, $3 limit; newest first.
    let list: PostgresStatement
    /// $1 template, $2 occurrence date, $3 index, $4 the document's id.
    let recordOccurrence: PostgresStatement
    /// $1 template, $2 index, $3 date: the cursor moves forward only.
    let moveCursor: PostgresStatement

    /// All names are fixed text of this codebase (never input).
    init(prefix: StaticString, table: StaticString, columns: String, occurrences: StaticString, document: StaticString) {
        let prefix = "\(prefix)", table = "\(table)"
        byID = PostgresStatement("\(prefix)_by_id", "SELECT \(columns) FROM \(table) WHERE id = $1")
        lock = PostgresStatement("\(prefix)_lock", "SELECT \(columns) FROM \(table) WHERE id = $1 FOR UPDATE")
        setState = PostgresStatement(
            "\(prefix)_set_state",
            """
            UPDATE \(table)
            SET is_active = $2, skip_through = CASE WHEN $3::date IS NULL THEN skip_through
                                                    ELSE greatest(skip_through, $3::date) END,
                stopped_at = CASE WHEN $4 THEN now() END, updated_at = now()
            WHERE id = $1 AND stopped_at IS NULL
            RETURNING \(columns)
            """)
        list = PostgresStatement(
            "\(prefix)_list",
            """
            SELECT \(columns), created_at::text AS cursor_at FROM \(table)
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
            ORDER BY created_at DESC, id DESC LIMIT $3
            """)
        recordOccurrence = PostgresStatement(
            "\(prefix)_record_occurrence",
            """
            INSERT INTO \(occurrences) (template_id, occurrence_date, occurrence_index, \(document))
            VALUES ($1, $2::date, $3, $4)
            """)
        moveCursor = PostgresStatement(
            "\(prefix)_move_cursor",
            """
            UPDATE \(table)
            SET last_posted_index = greatest(last_posted_index, $2),
                last_posted_date = greatest(last_posted_date, $3::date), updated_at = now()
            WHERE id = $1
            """)
    }
}
