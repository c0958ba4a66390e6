import Postgres

/// The cashflow report's SQL (docs/reports.md, "Cashflow").
enum CashflowStatements {
    /// $1 currency, $2 from, $3 to. Every bank account (``ReportAccountSets/bank``) with its balance in the currency
    /// before `from` (opening) and at the end of `to` (closing), by code, from the ledger summaries (0032): the
    /// months before `from`'s (opening) and through `to`'s (closing) from `ledger_month_balances`, plus the days of
    /// `from`'s month before it, less the days of `to`'s month after it, from `ledger_day_balances`.
    static let accounts = PostgresStatement(
        "report_cashflow_accounts",
        """
        WITH bank AS (\(ReportAccountSets.bank)),
        movements AS (
            SELECT m.account_id, CASE WHEN m.month < date_trunc('month', $2::date)::date THEN m.debit - m.credit
                                      ELSE 0 END AS opening,
                   m.debit - m.credit AS closing
            FROM ledger_month_balances m
            WHERE m.account_id IN (SELECT id FROM bank) AND m.currency = $1
              AND m.month <= date_trunc('month', $3::date)::date
            UNION ALL
            SELECT d.account_id, d.debit - d.credit, 0
            FROM ledger_day_balances d
            WHERE d.account_id IN (SELECT id FROM bank) AND d.currency = $1
              AND d.day >= date_trunc('month', $2::date)::date AND d.day < $2
            UNION ALL
            SELECT d.account_id, 0, d.credit - d.debit
            FROM ledger_day_balances d
            WHERE d.account_id IN (SELECT id FROM bank) AND d.currency = $1
              AND d.day > $3 AND d.day < (date_trunc('month', $3::date) + interval '1 month')::date
        ), balances AS (
            SELECT account_id, sum(opening) AS opening, sum(closing) AS closing FROM movements GROUP BY account_id
        )
        SELECT a.id, a.code, a.name, coalesce(b.opening, 0) AS opening, coalesce(b.closing, 0) AS closing
        FROM accounts a LEFT JOIN balances b ON b.account_id = a.id
        WHERE a.id IN (SELECT id FROM bank)
        ORDER BY a.code
        """, planning: .perExecution)

    /// $1 bank account ids, $2 currency, $3 from, $4 to. Money in (debits) and out (credits) of the bank accounts
    /// per month and category. A bank line's category is its expense's (`expenses`, with the expense category)
    /// when it is filed under an expense; else it follows the other accounts of its entry: a receivable →
    /// `customerReceipts`, a payable → `supplierPayments`, an expense account → `expenses`, a tax account → `tax`,
    /// only bank accounts → `transfers`, anything else → `other`. Read from `ledger_flow_balances` (0040: the bank
    /// lines per day, expense and accounts of their entry), grouped per month and expense category or set of entry
    /// accounts first, so each distinct set is classified once and no journal line is read. The lines filed under an
    /// expense come from `ledger_expense_category_days` (0048: per day and expense category), the others from
    /// `ledger_flow_balances` (its rows without an expense): a row per category and day, not per expense joined to
    /// `expenses`.
    static let movements = PostgresStatement(
        "report_cashflow_movements",
        """
        WITH flows AS (
            SELECT u.month, u.filed, u.category_id, u.entry_accounts, sum(u.debit) AS debit, sum(u.credit) AS credit
            FROM (
                SELECT date_trunc('month', f.day)::date AS month, false AS filed, NULL::uuid AS category_id,
                       f.entry_accounts, f.debit, f.credit
                FROM ledger_flow_balances f
                WHERE f.account_id = ANY ($1::uuid[]) AND f.currency = $2 AND f.day BETWEEN $3 AND $4
                  AND f.expense_id IS NULL
                UNION ALL
                SELECT date_trunc('month', c.day)::date, true, c.category_id, NULL::uuid[], c.debit, c.credit
                FROM ledger_expense_category_days c
                WHERE c.account_id = ANY ($1::uuid[]) AND c.currency = $2 AND c.day BETWEEN $3 AND $4
            ) u
            GROUP BY 1, 2, 3, 4
        ), signatures AS (
            SELECT s.entry_accounts,
                   bool_or(o.id IN (\(ReportAccountSets.receivable))) AS receivable,
                   bool_or(o.id IN (\(ReportAccountSets.payable))) AS payable,
                   bool_or(o.type = 'expense') AS expense,
                   bool_or(o.id IN (\(ReportAccountSets.tax))) AS tax
            FROM (SELECT DISTINCT entry_accounts FROM flows WHERE NOT filed) s
            JOIN accounts o ON o.id = ANY (s.entry_accounts) AND o.id <> ALL ($1::uuid[])
            GROUP BY s.entry_accounts
        ), classified AS (
            SELECT f.month,
                   CASE WHEN f.filed THEN 'expenses'
                        WHEN o.entry_accounts IS NULL THEN 'transfers'
                        WHEN o.receivable THEN 'customerReceipts'
                        WHEN o.payable THEN 'supplierPayments'
                        WHEN o.expense THEN 'expenses'
                        WHEN o.tax THEN 'tax'
                        ELSE 'other' END AS category,
                   f.category_id, f.debit, f.credit
            FROM flows f LEFT JOIN signatures o ON NOT f.filed AND o.entry_accounts = f.entry_accounts
        )
        SELECT c.month, c.category, c.category_id AS expense_category_id, ec.name AS expense_category_name,
               sum(c.debit) AS money_in, sum(c.credit) AS money_out
        FROM classified c LEFT JOIN expense_categories ec ON ec.id = c.category_id
        GROUP BY c.month, c.category, c.category_id, ec.name
        ORDER BY c.month, c.category, ec.name, c.category_id
        """, planning: .perExecution)
}
