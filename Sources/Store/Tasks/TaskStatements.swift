import Postgres

/// The tasks' SQL.
enum TaskStatements {
    static let columns = """
        id, title, description, assignee, due_date, status, party_id, invoice_id, sales_order_id, expense_id,
        recurring_task_id, reminder_days::text AS reminder_days, completed_at, created_at, updated_at
        """

    /// $1 title, $2 description, $3 assignee, $4 due date, $5 party, $6 invoice, $7 sales order, $8 expense,
    /// $9 reminder days (``ReminderDays/column(_:)``), $10 recurring task.
    static let insert = PostgresStatement(
        "tasks_insert",
        """
        INSERT INTO tasks (title, description, assignee, due_date, party_id, invoice_id, sales_order_id, expense_id,
                           reminder_days, recurring_task_id)
        VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9::int[], $10)
        RETURNING \(columns)
        """)

    static let byID = PostgresStatement("tasks_by_id", "SELECT \(columns) FROM tasks WHERE id = $1")

    /// $1 id, then the fields of `insert` without the recurring task.
    static let update = PostgresStatement(
        "tasks_update",
        """
        UPDATE tasks SET title = $2, description = $3, assignee = $4, due_date = $5::date, party_id = $6,
               invoice_id = $7, sales_order_id = $8, expense_id = $9, reminder_days = $10::int[], updated_at = now()
        WHERE id = $1 RETURNING \(columns)
        """)

    /// $1 id, $2 status.
    static let setStatus = PostgresStatement(
        "tasks_set_status",
        """
        UPDATE tasks SET status = $2,
               completed_at = CASE WHEN $2 = 'done' THEN coalesce(completed_at, now()) END, updated_at = now()
        WHERE id = $1 RETURNING \(columns)
        """)

    /// $1 status, $2 assignee, $3 due from, $4 due through, $5 party, $6 invoice, $7 sales order, $8 expense,
    /// $9/$10 cursor, $11 limit.
    static let list = PostgresStatement.newestFirstPage(
        "tasks_list", columns: columns, from: "tasks", filterParameters: 8,
        where: """
            ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR assignee = $2)
              AND ($3::date IS NULL OR due_date >= $3) AND ($4::date IS NULL OR due_date <= $4)
              AND ($5::uuid IS NULL OR party_id = $5) AND ($6::uuid IS NULL OR invoice_id = $6)
              AND ($7::uuid IS NULL OR sales_order_id = $7) AND ($8::uuid IS NULL OR expense_id = $8)
            """)
}
