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

    /// Read, lock, state changes, listing, occurrence record and cursor: the shared template SQL.
    static let template = RecurringTemplateStatements(
        prefix: "tasks_recurring", table: "recurring_tasks", columns: columns, occurrences: "recurring_task_occurrences", document: "task_id")
}
