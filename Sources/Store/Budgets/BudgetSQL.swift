/// SQL fragments shared by the budget statements.
enum BudgetSQL {
    /// Whether journal line `jl` falls in the scope of budget `b`.
    static let inScope = """
        (b.scope = 'company' OR (b.scope = 'department' AND jl.department = b.scope_value)
         OR (b.scope = 'project' AND jl.project = b.scope_value) OR (b.scope = 'campaign' AND jl.campaign = b.scope_value))
        """

    /// The fiscal month (1…12) of budget `b` that date expression `date` falls in.
    static func monthIndex(_ date: String) -> String {
        """
        ((extract(year FROM \(date))::int * 12 + extract(month FROM \(date))::int)
         - (extract(year FROM b.period_start)::int * 12 + extract(month FROM b.period_start)::int) + 1)
        """
    }

    /// Threshold notifications for rows `x(budget_id, line_no, actual)` (expense lines only, positive budgets),
    /// one per budget, line, threshold and fiscal year; the recipient is the tenant setting
    /// `budgets.alert_recipient` when set. Amounts print in the currency's minor units: `codes`/`units` name the
    /// two parameters that carry ``CurrencySQL/parameters``.
    static func thresholdNotifications(from source: String, codes: String, units: String) -> String {
        let actual = CurrencySQL.rounded("x.actual", currency: "b.currency", codes: codes, units: units)
        let budget = CurrencySQL.rounded("bl.amount", currency: "b.currency", codes: codes, units: units)
        return """
        INSERT INTO notification_outbox (kind, dedupe_key, recipient, subject, body, payload)
        SELECT 'budget_threshold',
               'budget_threshold:' || b.id || ':' || bl.line_no || ':' || t.percent || ':' || b.fiscal_year,
               (SELECT s.value #>> '{}' FROM tenant_settings s WHERE s.key = 'budgets.alert_recipient'),
               'Budget "' || b.name || '": ' || a.code || ' reached ' || t.percent || '%',
               'Budget "' || b.name || '" (fiscal year ' || b.fiscal_year || '), account ' || a.code || ' ' || a.name
                   || ': actual ' || \(actual) || ' ' || b.currency || ' of ' || \(budget) || ' '
                   || b.currency || ' reached the ' || t.percent || '% threshold.',
               jsonb_build_object('budget_id', b.id, 'line_no', bl.line_no, 'account_id', a.id,
                                  'threshold_percent', t.percent::text, 'fiscal_year', b.fiscal_year,
                                  'actual', x.actual::text, 'budget', bl.amount::text, 'currency', b.currency,
                                  'budget_name', b.name, 'account_code', a.code, 'account_name', a.name)
        FROM (\(source)) AS x
        JOIN budgets b ON b.id = x.budget_id
        JOIN budget_lines bl ON bl.budget_id = x.budget_id AND bl.line_no = x.line_no
        JOIN accounts a ON a.id = bl.account_id AND a.type = 'expense'
        JOIN budget_thresholds t ON t.budget_id = b.id
        WHERE bl.amount > 0 AND x.actual * 100 >= t.percent * bl.amount
        ON CONFLICT (dedupe_key) DO NOTHING
        """
    }
}
