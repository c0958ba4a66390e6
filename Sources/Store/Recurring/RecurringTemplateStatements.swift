import Postgres

/// The SQL every recurring template table shares (recurring invoices, expenses, tasks, sales orders): read, lock,
/// list, write the lifecycle, record an occurrence, move the cursor. Each kind supplies only its table, its
/// payload columns and its occurrence table.
///
/// The table has `id`, `schedule`, `is_active`, `ended_at`, `skip_through`, `last_posted_index`,
/// `last_posted_date`, `next_posting_date` (the EOD's; `'infinity'` once the schedule is over), `created_at`,
/// `updated_at`; its occurrence table (if any) has `template_id`, `occurrence_date`, `occurrence_index` and one
/// document column.
public struct RecurringTemplateStatements: Sendable {
    /// The lifecycle columns every row read carries, after the kind's own (decoded by
    /// ``RecurringTemplate/init(row:)``).
    static let lifecycleColumns = """
        schedule::text AS schedule, is_active, ended_at, coalesce(next_posting_date = 'infinity', false) AS schedule_finished,
        skip_through, last_posted_index, last_posted_date, created_at, updated_at
        """
    /// The state as ``RecurringState`` names it, for filtering in SQL.
    static let state = """
        CASE WHEN ended_at IS NOT NULL OR next_posting_date = 'infinity' THEN 'ended'
             WHEN is_active THEN 'active' ELSE 'paused' END
        """

    let byID: PostgresStatement
    let byIDs: PostgresStatement
    let lock: PostgresStatement
    /// $1 state or NULL, $2 party or NULL, $3/$4 cursor, $5 limit; newest first.
    let list: PostgresStatement
    /// $1 id, $2 schedule, $3 active, $4 ended at, $5 skip through, $6 last posted index, $7 its date.
    let writeLifecycle: PostgresStatement
    /// $1 template, $2 occurrence date, $3 index, $4 the document's id.
    let recordOccurrence: PostgresStatement?
    /// $1 template, $2 index, $3 date: the cursor moves forward only.
    let moveCursor: PostgresStatement
    /// All the columns a row read has: the kind's, then ``lifecycleColumns``.
    let columns: String
    /// $1 last date, $2 limit: the live active templates whose next EOD date (unknown: NULL) is on or before $1, the
    /// soonest first (upcoming postings, docs/reports.md).
    let upcoming: PostgresStatement

    /// All names are fixed text of this codebase (never input). `party` is the column the `party_id` filter
    /// applies to; `occurrences` and `document` name the occurrence table, if the kind has one.
    init(
        prefix: StaticString, table: StaticString, columns kindColumns: String, party: StaticString,
        occurrences: StaticString?, document: StaticString?
    ) {
        let prefix = "\(prefix)", table = "\(table)"
        let columns = "\(kindColumns), \(Self.lifecycleColumns)"
        self.columns = columns
        byID = PostgresStatement("\(prefix)_by_id", "SELECT \(columns) FROM \(table) WHERE id = $1")
        byIDs = PostgresStatement("\(prefix)_by_ids", "SELECT \(columns) FROM \(table) WHERE id = ANY($1::uuid[])")
        lock = PostgresStatement("\(prefix)_lock", "SELECT \(columns) FROM \(table) WHERE id = $1 FOR UPDATE")
        list = .newestFirstPage(
            "\(prefix)_list", columns: columns, from: table, filterParameters: 2,
            where: "($1::text IS NULL OR \(Self.state) = $1) AND ($2::uuid IS NULL OR \(party) = $2)")
        writeLifecycle = PostgresStatement(
            "\(prefix)_write_lifecycle",
            """
            UPDATE \(table)
            SET schedule = $2::jsonb, is_active = $3, ended_at = $4, skip_through = $5, last_posted_index = $6,
                last_posted_date = $7, updated_at = now()
            WHERE id = $1
            """)
        if let occurrences, let document {
            recordOccurrence = PostgresStatement(
                "\(prefix)_record_occurrence",
                """
                INSERT INTO \(occurrences) (template_id, occurrence_date, occurrence_index, \(document))
                VALUES ($1, $2::date, $3, $4)
                """)
        } else {
            recordOccurrence = nil
        }
        upcoming = PostgresStatement(
            "\(prefix)_upcoming",
            """
            SELECT \(columns) FROM \(table)
            WHERE is_active AND ended_at IS NULL AND (next_posting_date IS NULL OR next_posting_date <= $1::date)
            ORDER BY next_posting_date NULLS FIRST, id LIMIT $2
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
