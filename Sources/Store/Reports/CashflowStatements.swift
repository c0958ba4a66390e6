import Postgres

/// The cashflow report's SQL (docs/reports.md, "Cashflow").
enum CashflowStatements {
    /// $1 currency, $2 from, $3 to. Every bank account (``ReportAccountSets/bank``) with its balance in the currency
    /// before `from` (opening) and at the end of `to` (closing), by code.
    static let accounts = PostgresStatement(
        "report_cashflow_accounts",
        """
        WITH bank AS (\(ReportAccountSets.bank)),
        balances AS (
            SELECT l.account_id,
                   coalesce(sum(l.debit - l.credit) FILTER (WHERE e.entry_date < $2), 0) AS opening,
                   sum(l.debit - l.credit) AS closing
            FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
            WHERE l.account_id IN (SELECT id FROM bank) AND e.currency = $1 AND e.entry_date <= $3
            GROUP BY l.account_id
        )
        SELECT a.id, a.code, a.name, coalesce(b.opening, 0) AS opening, coalesce(b.closing, 0) AS closing
        FROM accounts a LEFT JOIN balances b ON b.account_id = a.id
        WHERE a.id IN (SELECT id FROM bank)
        ORDER BY a.code
        """, planning: .perExecution)

    /// $1 bank account ids, $2 currency, $3 from, $4 to. Money in (debits) and out (credits) of the bank accounts
    /// per month and category. A bank line's category is its expense's (`expenses`, with the expense category)
    /// when it is filed under an expense; else it follows the other lines of its entry: a receivable →
    /// `customerReceipts`, a payable → `supplierPayments`, an expense account → `expenses`, a tax account → `tax`,
    /// only bank lines → `transfers`, anything else → `other`.
    static let movements = PostgresStatement(
        "report_cashflow_movements",
        """
        WITH moves AS (
            SELECT l.entry_id, e.entry_date, l.debit, l.credit,
                   CASE WHEN l.document_type = 'expense' THEN l.document_id END AS expense_id
            FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
            WHERE l.account_id = ANY ($1::uuid[]) AND e.currency = $2 AND e.entry_date BETWEEN $3 AND $4
        ), others AS (
            SELECT o.entry_id,
                   bool_or(o.account_id IN (\(ReportAccountSets.receivable))) AS receivable,
                   bool_or(o.account_id IN (\(ReportAccountSets.payable))) AS payable,
                   bool_or(a.type = 'expense') AS expense,
                   bool_or(o.account_id IN (\(ReportAccountSets.tax))) AS tax
            FROM journal_lines o JOIN accounts a ON a.id = o.account_id
            WHERE o.entry_id IN (SELECT entry_id FROM moves) AND o.account_id <> ALL ($1::uuid[])
            GROUP BY o.entry_id
        ), classified AS (
            SELECT date_trunc('month', m.entry_date)::date AS month,
                   CASE WHEN m.expense_id IS NOT NULL THEN 'expenses'
                        WHEN o.entry_id IS NULL THEN 'transfers'
                        WHEN o.receivable THEN 'customerReceipts'
                        WHEN o.payable THEN 'supplierPayments'
                        WHEN o.expense THEN 'expenses'
                        WHEN o.tax THEN 'tax'
                        ELSE 'other' END AS category,
                   x.category_id, m.debit, m.credit
            FROM moves m LEFT JOIN others o ON o.entry_id = m.entry_id
            LEFT JOIN expenses x ON x.id = m.expense_id
        )
        SELECT c.month, c.category, c.category_id AS expense_category_id, ec.name AS expense_category_name,
               sum(c.debit) AS money_in, sum(c.credit) AS money_out
        FROM classified c LEFT JOIN expense_categories ec ON ec.id = c.category_id
        GROUP BY c.month, c.category, c.category_id, ec.name
        ORDER BY c.month, c.category, ec.name, c.category_id
        """, planning: .perExecution)
}
