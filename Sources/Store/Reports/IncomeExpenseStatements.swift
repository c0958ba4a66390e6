import Domain
import Postgres

/// The income and expense report's SQL (docs/reports.md, "Income and expense").
///
/// Both statements take $1 currency, $2 from, $3 to, $4 grouping (`account`, `category`, `party`, `department`,
/// `project`, `campaign`) and answer, per section (`income`: credit − debit of income accounts; `expense`: debit −
/// credit of expense accounts), group and month, a row named by `group_kind` and `group_key` (an id as text, or the
/// dimension's value; NULL for lines without one), with code and name from the account, expense category or party.
enum IncomeExpenseStatements {
    /// By account or dimension: from the ledger summaries (0032) — whole months from `ledger_month_balances`, less the
    /// days outside the period in its first and last month from `ledger_day_balances`; no raw line is read. The rows
    /// are named from the accounts alone (a dimension's value is its own name), so this statement does not join
    /// expense categories or parties as ``named(_:)`` does: planning it costs less, and the report is a few
    /// milliseconds in all (docs/reports.md, "Fixed costs").
    static let fromSummaries = PostgresStatement(
        "report_income_expense_summaries",
        """
        WITH movements AS (
            SELECT b.account_id, b.department, b.project, b.campaign, b.month, b.debit, b.credit, b.line_count
            FROM ledger_month_balances b
            WHERE b.currency = $1 AND b.month BETWEEN date_trunc('month', $2::date)::date AND date_trunc('month', $3::date)::date
            UNION ALL
            SELECT d.account_id, d.department, d.project, d.campaign, date_trunc('month', d.day)::date,
                   -d.debit, -d.credit, -d.line_count
            FROM ledger_day_balances d
            WHERE d.currency = $1
              AND ((d.day >= date_trunc('month', $2::date)::date AND d.day < $2::date)
                OR (d.day > $3::date AND d.day < (date_trunc('month', $3::date) + interval '1 month')::date))
        ),
        \(grouped("movements"))
        \(accountNamed)
        """, planning: .perExecution)

    /// ``fromSummaries`` when the period is whole months ($2 a first day, $3 a last day of a month): the month summary
    /// alone, grouped as it is read — no day row to subtract, so no `UNION ALL` and no second aggregate. The same rows
    /// as ``fromSummaries`` (nothing is cut off). Prepared: its plan does not depend on the values (an index range of
    /// one currency's months, a few thousand summary rows), so it is planned once per connection, not per request
    /// (docs/reports.md, "Fixed costs, reports-ratio2").
    static let wholeMonths = PostgresStatement(
        "report_income_expense_months",
        """
        WITH \(grouped("(SELECT * FROM ledger_month_balances WHERE currency = $1 AND month BETWEEN $2::date AND $3::date)"))
        \(accountNamed)
        """)

    /// The CTE `grouped` of ``fromSummaries`` and ``wholeMonths``: the rows of `source` (account_id, department,
    /// project, campaign, month, debit, credit, line_count) of income and expense accounts, per section, account (by
    /// account) or dimension value, and month.
    private static func grouped(_ source: String) -> String {
        """
        grouped AS (
            SELECT a.type AS section, CASE WHEN $4 = 'account' THEN m.account_id END AS account_id,
                   CASE $4 WHEN 'department' THEN m.department WHEN 'project' THEN m.project
                           WHEN 'campaign' THEN m.campaign END AS dimension,
                   m.month,
                   sum(CASE a.type WHEN 'income' THEN m.credit - m.debit ELSE m.debit - m.credit END) AS amount
            FROM \(source) m JOIN accounts a ON a.id = m.account_id
            WHERE a.type IN ('income', 'expense')
            GROUP BY 1, 2, 3, 4
            HAVING sum(m.line_count) > 0
        )
        """
    }

    /// The rows of ``fromSummaries`` and ``wholeMonths`` from their CTE `grouped` (section, account_id, dimension,
    /// month, amount), named from the accounts alone.
    private static let accountNamed = """
        SELECT g.section, CASE WHEN g.account_id IS NOT NULL THEN 'account' ELSE $4 END AS group_kind,
               coalesce(g.account_id::text, g.dimension) AS group_key,
               ac.code AS group_code, coalesce(ac.name, g.dimension) AS group_name, g.month, g.amount
        FROM grouped g
        LEFT JOIN accounts ac ON ac.id = g.account_id
        ORDER BY g.section DESC, 2, 3, g.month
        """

    /// By expense category: every income and expense account's lines from the ledger summaries (0032, as
    /// ``fromSummaries``: whole months less the days outside the period), except the lines filed under an expense on
    /// that expense's own expense account, which move from their account to the expense's category — both read from
    /// `ledger_expense_category_days` (0048: per account, day and category) for the days of the period. A row per
    /// account, category and day, never a row per expense; no journal line is read. The reports tests check every
    /// group against the raw journal lines, whole months and cut mid-month.
    static let byCategory = PostgresStatement(
        "report_income_expense_by_category",
        named(
            """
            movements AS (
                SELECT b.account_id, NULL::uuid AS category_id, b.month, b.debit, b.credit, b.line_count
                FROM ledger_month_balances b
                WHERE b.currency = $1 AND b.month BETWEEN date_trunc('month', $2::date)::date AND date_trunc('month', $3::date)::date
                UNION ALL
                SELECT d.account_id, NULL, date_trunc('month', d.day)::date, -d.debit, -d.credit, -d.line_count
                FROM ledger_day_balances d
                WHERE d.currency = $1
                  AND ((d.day >= date_trunc('month', $2::date)::date AND d.day < $2::date)
                    OR (d.day > $3::date AND d.day < (date_trunc('month', $3::date) + interval '1 month')::date))
                UNION ALL
                SELECT c.account_id, v.category_id, date_trunc('month', c.day)::date, v.sign * c.debit,
                       v.sign * c.credit, v.sign * c.line_count
                FROM ledger_expense_category_days c
                CROSS JOIN LATERAL (VALUES (NULL::uuid, -1), (c.category_id, 1)) v (category_id, sign)
                WHERE c.currency = $1 AND c.expense_account AND c.day BETWEEN $2::date AND $3::date
            ),
            grouped AS (
                SELECT a.type AS section, CASE WHEN m.category_id IS NULL THEN m.account_id END AS account_id,
                       m.category_id, NULL::uuid AS party_id, NULL::text AS dimension, m.month,
                       sum(CASE a.type WHEN 'income' THEN m.credit - m.debit ELSE m.debit - m.credit END) AS amount
                FROM movements m JOIN accounts a ON a.id = m.account_id
                WHERE a.type IN ('income', 'expense')
                GROUP BY 1, 2, 3, 4, 5, 6
                HAVING sum(m.line_count) > 0
            )
            """), planning: .perExecution)

    /// By party: from `ledger_income_expense_months` (0040: per account, month, party and the expense a line is filed
    /// under) for whole months, less the lines of the days outside the period in its first and last month (from the
    /// journal: none when the period is whole months). (By category it read the same summary, one row per expense
    /// joined to `expenses`, until ``byCategory``.)
    static let fromPartySummary = PostgresStatement(
        "report_income_expense",
        named(
            """
            movements AS (
                SELECT s.account_id, s.party_id, s.expense_id, s.month, s.debit, s.credit, s.line_count
                FROM ledger_income_expense_months s
                WHERE s.currency = $1 AND s.month BETWEEN date_trunc('month', $2::date)::date AND date_trunc('month', $3::date)::date
                UNION ALL
                SELECT l.account_id, l.party_id, CASE WHEN l.document_type = 'expense' THEN l.document_id END,
                       date_trunc('month', e.entry_date)::date, -l.debit, -l.credit, -1
                FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                WHERE e.currency = $1 AND e.entry_date >= date_trunc('month', $2::date)::date AND e.entry_date < $2::date
                UNION ALL
                SELECT l.account_id, l.party_id, CASE WHEN l.document_type = 'expense' THEN l.document_id END,
                       date_trunc('month', e.entry_date)::date, -l.debit, -l.credit, -1
                FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                WHERE e.currency = $1 AND e.entry_date > $3::date
                  AND e.entry_date < (date_trunc('month', $3::date) + interval '1 month')::date
            ),
            grouped AS (
                SELECT a.type AS section, NULL::uuid AS account_id, NULL::uuid AS category_id, m.party_id,
                       NULL::text AS dimension, m.month,
                       sum(CASE a.type WHEN 'income' THEN m.credit - m.debit ELSE m.debit - m.credit END) AS amount
                FROM movements m JOIN accounts a ON a.id = m.account_id
                WHERE a.type IN ('income', 'expense')
                GROUP BY 1, 2, 3, 4, 5, 6
                HAVING sum(m.line_count) > 0
            )
            """), planning: .perExecution)

    /// The statement for `grouping` over `from`…`to`.
    static func report(_ grouping: IncomeExpenseGrouping, from: CalendarDate, to: CalendarDate) -> PostgresStatement {
        switch grouping {
        case .account, .department, .project, .campaign:
            from == from.firstDayOfMonth && to == to.lastDayOfMonth ? wholeMonths : fromSummaries
        case .category: byCategory
        case .party: fromPartySummary
        }
    }

    /// The rows named from the CTE `grouped` (section, account_id, category_id, party_id, dimension, month, amount)
    /// that `ctes` define.
    private static func named(_ ctes: String) -> String {
        """
        WITH \(ctes)
        SELECT g.section, CASE WHEN g.account_id IS NOT NULL THEN 'account' ELSE $4 END AS group_kind,
               coalesce(coalesce(g.account_id, g.category_id, g.party_id)::text, g.dimension) AS group_key,
               ac.code AS group_code, coalesce(ac.name, c.name, p.name, g.dimension) AS group_name, g.month, g.amount
        FROM grouped g
        LEFT JOIN accounts ac ON ac.id = g.account_id
        LEFT JOIN expense_categories c ON c.id = g.category_id
        LEFT JOIN parties p ON p.id = g.party_id
        ORDER BY g.section DESC, 2, 3, g.month
        """
    }
}
