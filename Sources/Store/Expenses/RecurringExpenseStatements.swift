import Postgres

/// The recurring expenses' SQL.
enum RecurringExpenseStatements {
    static let columns = """
        id, vendor_id, category_id, amount, currency, department, project, reference, notes, paid,
        schedule::text AS schedule, is_active, stopped_at IS NOT NULL AS stopped, skip_through, last_posted_index,
        last_posted_date, created_at
        """

    /// $1 vendor, $2 category, $3 amount, $4 currency, $5 department, $6 project, $7 reference, $8 notes, $9 paid,
    /// $10 schedule.
    static let insert = PostgresStatement(
        "expenses_recurring_insert",
        """
        INSERT INTO recurring_expenses (vendor_id, category_id, amount, currency, department, project, reference,
                                        notes, paid, schedule)
        VALUES ($1, $2, $3::numeric, $4, $5, $6, $7, $8, $9, $10::jsonb)
        RETURNING \(columns)
        """)

    static let byID = PostgresStatement(
        "expenses_recurring_by_id", "SELECT \(columns) FROM recurring_expenses WHERE id = $1")

    static let lock = PostgresStatement(
        "expenses_recurring_lock", "SELECT \(columns) FROM recurring_expenses WHERE id = $1 FOR UPDATE")

    /// $1 id, $2 active, $3 skip through (moves only forward), $4 stop. A stopped template never changes again.
    static let setState = PostgresStatement(
        "expenses_recurring_set_state",
        """
        UPDATE recurring_expenses
        SET is_active = $2, skip_through = CASE WHEN $3::date IS NULL THEN skip_through
                                                ELSE greatest(skip_through, $3::date) END,
            stopped_at = CASE WHEN $4 THEN now() END, updated_at = now()
        WHERE id = $1 AND stopped_at IS NULL
        RETURNING \(columns)
        """)

    /// $1/$2 cursor, $3 limit.
    static let list = PostgresStatement(
        "expenses_recurring_list",
        """
        SELECT \(columns), created_at::text AS cursor_at FROM recurring_expenses
        WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $3
        """)

    /// $1 template, $2 occurrence date, $3 index, $4 expense.
    static let recordOccurrence = PostgresStatement(
        "expenses_recurring_record_occurrence",
        """
        INSERT INTO recurring_expense_occurrences (template_id, occurrence_date, occurrence_index, expense_id)
        VALUES ($1, $2::date, $3, $4)
        """)

    /// $1 template, $2 index, $3 date: the cursor moves forward only.
    static let moveCursor = PostgresStatement(
        "expenses_recurring_move_cursor",
        """
        UPDATE recurring_expenses
        SET last_posted_index = greatest(last_posted_index, $2), last_posted_date = greatest(last_posted_date, $3::date),
            updated_at = now()
        WHERE id = $1
        """)
}
