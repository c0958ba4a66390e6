import Postgres

/// The recurring expenses' SQL.
enum RecurringExpenseStatements {
    static let columns = "id, vendor_id, category_id, amount, currency, department, project, campaign, reference, notes, paid, tax_code_id"

    /// $1 vendor, $2 category, $3 amount, $4 currency, $5 department, $6 project, $7 campaign, $8 reference, $9 notes,
    /// $10 paid, $11 tax code, $12 schedule.
    static let insert = PostgresStatement(
        "expenses_recurring_insert",
        """
        INSERT INTO recurring_expenses (vendor_id, category_id, amount, currency, department, project, campaign,
                                        reference, notes, paid, tax_code_id, schedule)
        VALUES ($1, $2, $3::numeric, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
        RETURNING id
        """)

    /// $1 id, then the payload as in ``insert``.
    static let update = PostgresStatement(
        "expenses_recurring_update",
        """
        UPDATE recurring_expenses
        SET vendor_id = $2, category_id = $3, amount = $4::numeric, currency = $5, department = $6, project = $7,
            campaign = $8, reference = $9, notes = $10, paid = $11, tax_code_id = $12, updated_at = now()
        WHERE id = $1
        """)

    /// Read, lock, lifecycle, listing, occurrence record and cursor: the shared template SQL.
    static let template = RecurringTemplateStatements(
        prefix: "expenses_recurring", table: "recurring_expenses", columns: columns, party: "vendor_id",
        occurrences: "recurring_expense_occurrences", document: "expense_id")
}
