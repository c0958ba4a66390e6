import Postgres

/// The expenses' and expense categories' SQL.
enum ExpenseStatements {
    static let categoryColumns = "id, name, expense_account_id, created_at"

    static let insertCategory = PostgresStatement(
        "expenses_category_insert",
        "INSERT INTO expense_categories (name, expense_account_id) VALUES ($1, $2) RETURNING \(categoryColumns)")

    static let categoryByID = PostgresStatement(
        "expenses_category_by_id", "SELECT \(categoryColumns) FROM expense_categories WHERE id = $1")

    /// $1/$2 cursor, $3 limit.
    static let listCategories = PostgresStatement.newestFirstPage(
        "expenses_category_list", columns: categoryColumns, from: "expense_categories",
        where: "archived_at IS NULL")

    static let columns = """
        id, vendor_id, category_id, expense_account_id, payable_account_id, amount, currency, expense_date, department,
        project, campaign, reference, notes, entry_id, paid_on, bank_account_id, payment_entry_id, reversed_on, reversal_entry_id,
        payment_reversal_entry_id, recurring_expense_id, tax_code_id, tax_amount, created_at
        """

    /// $1 vendor, $2 category, $3 expense account, $4 payable account, $5 amount, $6 currency, $7 date,
    /// $8 department, $9 project, $10 campaign, $11 reference, $12 notes, $13 paid on, $14 bank account,
    /// $15 recurring expense, $16 tax code, $17 tax amount.
    static let insert = PostgresStatement(
        "expenses_insert",
        """
        INSERT INTO expenses (vendor_id, category_id, expense_account_id, payable_account_id, amount, currency,
                              expense_date, department, project, campaign, reference, notes, paid_on,
                              bank_account_id, recurring_expense_id, tax_code_id, tax_amount)
        VALUES ($1, $2, $3, $4, $5::numeric, $6, $7::date, $8, $9, $10, $11, $12, $13::date, $14, $15, $16, $17::numeric)
        RETURNING id
        """)

    static let attachEntry = PostgresStatement(
        "expenses_attach_entry", "UPDATE expenses SET entry_id = $2, updated_at = now() WHERE id = $1")

    static let byID = PostgresStatement("expenses_by_id", "SELECT \(columns) FROM expenses WHERE id = $1")

    static let lockByID = PostgresStatement("expenses_lock", "SELECT \(columns) FROM expenses WHERE id = $1 FOR UPDATE")

    /// $1 id, $2 paid on, $3 bank account, $4 payment entry.
    static let markPaid = PostgresStatement(
        "expenses_mark_paid",
        """
        UPDATE expenses SET paid_on = $2::date, bank_account_id = $3, payment_entry_id = $4, updated_at = now()
        WHERE id = $1
        """)

    /// $1 id, $2 reversed on, $3 reversal entry, $4 payment reversal entry.
    /// The payment undone (its entry reversed first; migration 0038 lets the guard take it back then).
    static let markUnpaid = PostgresStatement(
        "expenses_mark_unpaid",
        "UPDATE expenses SET paid_on = NULL, bank_account_id = NULL, payment_entry_id = NULL, updated_at = now() WHERE id = $1")

    static let markReversed = PostgresStatement(
        "expenses_mark_reversed",
        """
        UPDATE expenses SET reversed_on = $2::date, reversal_entry_id = $3, payment_reversal_entry_id = $4,
               updated_at = now()
        WHERE id = $1
        """)

    /// $1 vendor, $2 category, $3 project, $4 department, $5 from, $6 through, $7 paid, $8 status,
    /// $9 campaign, $10/$11 cursor, $12 limit.
    static let list = PostgresStatement.newestFirstPage(
        "expenses_list", columns: columns, from: "expenses", filterParameters: 9,
        where: """
            ($1::uuid IS NULL OR vendor_id = $1) AND ($2::uuid IS NULL OR category_id = $2)
              AND ($3::text IS NULL OR project = $3) AND ($4::text IS NULL OR department = $4)
              AND ($5::date IS NULL OR expense_date >= $5) AND ($6::date IS NULL OR expense_date <= $6)
              AND ($7::boolean IS NULL OR (reversed_on IS NULL AND (paid_on IS NOT NULL) = $7))
              AND ($8::text IS NULL OR $8 = CASE WHEN reversed_on IS NOT NULL THEN 'reversed'
                                                 WHEN paid_on IS NOT NULL THEN 'paid' ELSE 'unpaid' END)
              AND ($9::text IS NULL OR campaign = $9)
            """)
}
