import Postgres

/// The budget control's SQL. Parameters: $1 account, $2 date, $3 currency, $4 department, $5 project, $6 campaign.
enum BudgetControlStatements {
    /// Expense budget lines of the account whose budget covers the date, currency and dimensions.
    static let matching = """
        bl.account_id = $1 AND $2::date BETWEEN b.period_start AND b.period_end AND b.currency = $3
          AND a.type = 'expense'
          AND (b.scope = 'company' OR (b.scope = 'department' AND b.scope_value = $4::text)
               OR (b.scope = 'project' AND b.scope_value = $5::text) OR (b.scope = 'campaign' AND b.scope_value = $6::text))
        """

    /// Locks the matching lines, in key order so that two charges never wait on each other crosswise.
    static let lockLines = PostgresStatement(
        "budget_control_lock_lines",
        """
        SELECT bl.budget_id, bl.line_no
        FROM budget_lines bl JOIN budgets b ON b.id = bl.budget_id JOIN accounts a ON a.id = bl.account_id
        WHERE \(matching)
        ORDER BY bl.budget_id, bl.line_no
        FOR UPDATE OF bl
        """)

    /// For each matching line: the limits and the actuals (one aggregate), read after the lock in a new snapshot.
    static let actuals = PostgresStatement(
        "budget_control_actuals",
        """
        SELECT b.id AS budget_id, b.name, b.annual_action, b.monthly_action, bl.line_no, bl.amount,
               (SELECT coalesce(sum(m.amount), 0) FROM budget_months m
                WHERE m.budget_id = b.id AND m.line_no = bl.line_no AND m.month <= \(BudgetSQL.monthIndex("$2::date")))
                   AS budget_to_month,
               coalesce(sum(jl.debit - jl.credit), 0) AS annual_actual,
               coalesce(sum(jl.debit - jl.credit) FILTER (
                   WHERE e.entry_date <= (date_trunc('month', $2::date) + interval '1 month - 1 day')::date), 0)
                   AS actual_to_month
        FROM budgets b
        JOIN budget_lines bl ON bl.budget_id = b.id
        JOIN accounts a ON a.id = bl.account_id
        LEFT JOIN (journal_lines jl JOIN journal_entries e ON e.id = jl.entry_id)
            ON jl.account_id = bl.account_id AND e.currency = b.currency
           AND e.entry_date BETWEEN b.period_start AND b.period_end AND \(BudgetSQL.inScope)
        WHERE \(matching)
        GROUP BY b.id, bl.budget_id, bl.line_no
        ORDER BY bl.budget_id, bl.line_no
        """)

    /// $1 budget, $2 line, $3 the annual actual with the charge: notifications of the thresholds it reaches.
    static let notify = PostgresStatement(
        "budget_control_notify",
        BudgetSQL.thresholdNotifications(
            from: "SELECT $1::uuid AS budget_id, $2::int AS line_no, $3::numeric AS actual", codes: "$4", units: "$5"))
}
