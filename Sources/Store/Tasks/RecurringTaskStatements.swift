import Postgres

/// The recurring tasks' SQL.
enum RecurringTaskStatements {
    static let columns = """
        id, title, description, assignee, party_id, schedule::text AS schedule, is_active,
        stopped_at IS NOT NULL AS stopped, skip_through, last_posted_index, last_posted_date, created_at
        """

    static let insert = PostgresStatement(
        "tasks_recurring_insert",
        """
        INSERT INTO recurring_tasks (title, description, assignee, party_id, schedule)
        VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING \(columns)
        """)

    static let byID = PostgresStatement("tasks_recurring_by_id", "SELECT \(columns) FROM recurring_tasks WHERE id = $1")

    static let lock = PostgresStatement(
        "tasks_recurring_lock", "SELECT \(columns) FROM recurring_tasks WHERE id = $1 FOR UPDATE")

    /// $1 id, $2 active, $3 skip through (forward only), $4 stop.
    static let setState = PostgresStatement(
        "tasks_recurring_set_state",
        """
        UPDATE recurring_tasks
        SET is_active = $2, skip_through = CASE WHEN $3::date IS NULL THEN skip_through
                                                ELSE greatest(skip_through, $3::date) END,
            stopped_at = CASE WHEN $4 THEN now() END, updated_at = now()
        WHERE id = $1 AND stopped_at IS NULL
        RETURNING \(columns)
        """)

    static let list = PostgresStatement(
        "tasks_recurring_list",
        """
        SELECT \(columns), created_at::text AS cursor_at FROM recurring_tasks
        WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $3
        """)

    static let recordOccurrence = PostgresStatement(
        "tasks_recurring_record_occurrence",
        """
        INSERT INTO recurring_task_occurrences (template_id, occurrence_date, occurrence_index, task_id)
        VALUES ($1, $2::date, $3, $4)
        """)

    static let moveCursor = PostgresStatement(
        "tasks_recurring_move_cursor",
        """
        UPDATE recurring_tasks
        SET last_posted_index = greatest(last_posted_index, $2), last_posted_date = greatest(last_posted_date, $3::date),
            updated_at = now()
        WHERE id = $1
        """)
}
