import Postgres

/// The budgets' SQL.
enum BudgetStatements {
    static let columns = """
        b.id, b.name, b.fiscal_year, b.period_start, b.scope, b.scope_value, b.currency, b.annual_action,
        b.monthly_action, b.created_at, b.updated_at,
        coalesce((SELECT string_agg(t.percent::text, ',' ORDER BY t.percent) FROM budget_thresholds t
                  WHERE t.budget_id = b.id), '') AS thresholds
        """

    /// $1 name, $2 fiscal year, $3 period start, $4 period end, $5 scope, $6 scope value, $7 currency,
    /// $8 annual action, $9 monthly action.
    static let insert = PostgresStatement(
        "budgets_insert",
        """
        INSERT INTO budgets (name, fiscal_year, period_start, period_end, scope, scope_value, currency, annual_action,
                             monthly_action)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
        """)

    /// $1 id, then as ``insert``.
    static let update = PostgresStatement(
        "budgets_update",
        """
        UPDATE budgets SET name = $2, fiscal_year = $3, period_start = $4, period_end = $5, scope = $6,
               scope_value = $7, currency = $8, annual_action = $9, monthly_action = $10, updated_at = now()
        WHERE id = $1
        """)

    /// Removes the lines (months and allocations cascade) and thresholds before they are written again.
    static let clearLines = PostgresStatement("budgets_clear_lines", "DELETE FROM budget_lines WHERE budget_id = $1")
    static let clearThresholds = PostgresStatement(
        "budgets_clear_thresholds", "DELETE FROM budget_thresholds WHERE budget_id = $1")

    /// $1 budget, $2 line number, $3 account, $4 amount.
    static let insertLine = PostgresStatement(
        "budgets_insert_line",
        "INSERT INTO budget_lines (budget_id, line_no, account_id, amount) VALUES ($1, $2, $3, $4)")

    /// $1 budget, $2 line number, $3 the twelve amounts, comma-separated.
    static let insertMonths = PostgresStatement(
        "budgets_insert_months",
        """
        INSERT INTO budget_months (budget_id, line_no, month, amount)
        SELECT $1, $2, o.month, o.amount::numeric
        FROM unnest(string_to_array($3::text, ',')) WITH ORDINALITY AS o(amount, month)
        """)

    /// $1 budget, $2 line number, $3 position, $4 name, $5 amount.
    static let insertAllocation = PostgresStatement(
        "budgets_insert_allocation",
        "INSERT INTO budget_allocations (budget_id, line_no, position, name, amount) VALUES ($1, $2, $3, $4, $5)")

    /// $1 budget, $2 the percentages, comma-separated.
    static let insertThresholds = PostgresStatement(
        "budgets_insert_thresholds",
        """
        INSERT INTO budget_thresholds (budget_id, percent)
        SELECT $1, p::numeric FROM unnest(string_to_array($2::text, ',')) AS p
        """)

    static let byID = PostgresStatement("budgets_by_id", "SELECT \(columns) FROM budgets b WHERE b.id = $1")

    /// Locks the budget against a concurrent replacement.
    static let lockByID = PostgresStatement("budgets_lock_by_id", "SELECT id FROM budgets WHERE id = $1 FOR UPDATE")

    /// $1/$2 cursor, $3 limit; newest first.
    static let list = PostgresStatement(
        "budgets_list",
        """
        SELECT \(columns), b.created_at::text AS cursor_at FROM budgets b
        WHERE ($1::timestamptz IS NULL OR (b.created_at, b.id) < ($1::timestamptz, $2::uuid))
        ORDER BY b.created_at DESC, b.id DESC LIMIT $3
        """)

    /// The lines of budget $1 with their accounts and months (comma-separated, in fiscal order).
    static let lines = PostgresStatement(
        "budgets_lines",
        """
        SELECT bl.line_no, bl.account_id, a.code, a.name AS account_name, a.type, bl.amount,
               (SELECT string_agg(m.amount::text, ',' ORDER BY m.month) FROM budget_months m
                WHERE m.budget_id = bl.budget_id AND m.line_no = bl.line_no) AS months
        FROM budget_lines bl JOIN accounts a ON a.id = bl.account_id
        WHERE bl.budget_id = $1 ORDER BY bl.line_no
        """)

    static let allocations = PostgresStatement(
        "budgets_allocations",
        "SELECT line_no, name, amount FROM budget_allocations WHERE budget_id = $1 ORDER BY line_no, position")

    /// The accounts named by a draft's lines: $1 comma-separated ids.
    static let accounts = PostgresStatement(
        "budgets_accounts",
        """
        SELECT id, type, archived_at IS NOT NULL AS archived FROM accounts
        WHERE id = ANY (string_to_array($1::text, ',')::uuid[])
        """)

    /// Actuals of budget $1 through $2, per line and fiscal month, as debit and credit sums: one aggregate.
    static let actuals = PostgresStatement(
        "budgets_actuals",
        """
        SELECT bl.line_no, \(BudgetSQL.monthIndex("e.entry_date")) AS month,
               sum(jl.debit) AS debit, sum(jl.credit) AS credit
        FROM budgets b
        JOIN budget_lines bl ON bl.budget_id = b.id
        JOIN journal_lines jl ON jl.account_id = bl.account_id
        JOIN journal_entries e ON e.id = jl.entry_id
        WHERE b.id = $1 AND e.currency = b.currency AND e.entry_date BETWEEN b.period_start AND least(b.period_end, $2::date)
          AND \(BudgetSQL.inScope)
        GROUP BY bl.line_no, month
        """)
}
