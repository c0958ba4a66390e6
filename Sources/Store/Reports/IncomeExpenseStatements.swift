import Postgres

/// The income and expense report's SQL (docs/reports.md, "Income and expense").
enum IncomeExpenseStatements {
    /// $1 currency, $2 from, $3 to, $4 grouping (`account`, `category`, `party`, `department`, `project`,
    /// `campaign`). Per section (`income`: credit − debit of income accounts; `expense`: debit − credit of expense
    /// accounts), group and month. A group is named by `group_kind` and `group_key` (an id as text, or the dimension's
    /// value; NULL for lines without one); by `category`, an expense account's line filed under an expense groups by
    /// the expense's category, every other line by its account. Code and name come from the account, expense
    /// category or party.
    static let report = PostgresStatement(
        "report_income_expense",
        """
        WITH grouped AS (
            SELECT a.type AS section,
                   CASE WHEN $4 = 'account' OR ($4 = 'category' AND x.category_id IS NULL) THEN l.account_id END AS account_id,
                   x.category_id,
                   CASE WHEN $4 = 'party' THEN l.party_id END AS party_id,
                   CASE $4 WHEN 'department' THEN l.department WHEN 'project' THEN l.project
                           WHEN 'campaign' THEN l.campaign END AS dimension,
                   date_trunc('month', e.entry_date)::date AS month,
                   sum(CASE a.type WHEN 'income' THEN l.credit - l.debit ELSE l.debit - l.credit END) AS amount
            FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
            JOIN accounts a ON a.id = l.account_id
            LEFT JOIN expenses x ON $4 = 'category' AND l.document_type = 'expense' AND x.id = l.document_id
                                AND x.expense_account_id = l.account_id
            WHERE a.type IN ('income', 'expense') AND e.currency = $1 AND e.entry_date BETWEEN $2 AND $3
            GROUP BY 1, 2, 3, 4, 5, 6
        )
        SELECT g.section, CASE WHEN g.account_id IS NOT NULL THEN 'account' ELSE $4 END AS group_kind,
               coalesce(coalesce(g.account_id, g.category_id, g.party_id)::text, g.dimension) AS group_key,
               ac.code AS group_code, coalesce(ac.name, c.name, p.name, g.dimension) AS group_name, g.month, g.amount
        FROM grouped g
        LEFT JOIN accounts ac ON ac.id = g.account_id
        LEFT JOIN expense_categories c ON c.id = g.category_id
        LEFT JOIN parties p ON p.id = g.party_id
        ORDER BY g.section DESC, 2, 3, g.month
        """, planning: .perExecution)
}
