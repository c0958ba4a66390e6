import Postgres

/// The recurring tasks' SQL.
enum RecurringTaskStatements {
    static let columns = "id, title, description, assignee, party_id, lead_days, reminder_days::text AS reminder_days"

    /// $1 title, $2 description, $3 assignee, $4 party, $5 lead days, $6 reminder days, $7 schedule.
    static let insert = PostgresStatement(
        "tasks_recurring_insert",
        """
        INSERT INTO recurring_tasks (title, description, assignee, party_id, lead_days, reminder_days, schedule)
        VALUES ($1, $2, $3, $4, $5, $6::int[], $7::jsonb) RETURNING id
        """)

    /// $1 id, then the payload as in ``insert``.
    static let update = PostgresStatement(
        "tasks_recurring_update",
        """
        UPDATE recurring_tasks SET title = $2, description = $3, assignee = $4, party_id = $5, lead_days = $6,
               reminder_days = $7::int[], updated_at = now()
        WHERE id = $1
        """)

    /// Read, lock, lifecycle, listing, occurrence record and cursor: the shared template SQL.
    static let template = RecurringTemplateStatements(
        prefix: "tasks_recurring", table: "recurring_tasks", columns: columns, party: "party_id",
        occurrences: "recurring_task_occurrences", document: "task_id")
}
