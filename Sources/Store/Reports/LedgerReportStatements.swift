import Postgres

/// The ledger reports' SQL (docs/reports.md, "Ledger reports"). The statements read the monthly summary
/// `ledger_month_balances` (0032, kept by the posting transaction) and only the raw lines of the months a period
/// cuts: the lines of the first month before `from` and of the last month after `to` are subtracted.
enum LedgerReportStatements {
    /// $1 currency, $2 from, $3 to, $4 by month, $5 account id (NULL: every account), $6 department, $7 project,
    /// $8 campaign (NULL: any), $9 account types (NULL: every type). Σ debit, Σ credit of the lines dated
    /// `from`…`to`, per account (and per month with $4), accounts with lines only, by code and month.
    static let movements = PostgresStatement(
        "report_ledger_movements",
        """
        WITH bounds AS (
            SELECT date_trunc('month', $2::date)::date AS first_month, date_trunc('month', $3::date)::date AS last_month
        ), movements AS (
            SELECT b.account_id, b.month, b.debit, b.credit, b.line_count
            FROM ledger_month_balances b, bounds
            WHERE b.currency = $1 AND b.month BETWEEN bounds.first_month AND bounds.last_month
              AND ($5::uuid IS NULL OR b.account_id = $5) AND ($6::text IS NULL OR b.department = $6)
              AND ($7::text IS NULL OR b.project = $7) AND ($8::text IS NULL OR b.campaign = $8)
            UNION ALL
            SELECT l.account_id, date_trunc('month', e.entry_date)::date, -l.debit, -l.credit, -1
            FROM bounds, journal_entries e JOIN journal_lines l ON l.entry_id = e.id
            WHERE e.currency = $1
              AND ((e.entry_date >= bounds.first_month AND e.entry_date < $2)
                   OR (e.entry_date > $3 AND e.entry_date < (bounds.last_month + interval '1 month')::date))
              AND ($5::uuid IS NULL OR l.account_id = $5) AND ($6::text IS NULL OR l.department = $6)
              AND ($7::text IS NULL OR l.project = $7) AND ($8::text IS NULL OR l.campaign = $8)
        )
        SELECT m.account_id, a.code, a.name, a.type, CASE WHEN $4::boolean THEN m.month END AS month,
               sum(m.debit) AS debit, sum(m.credit) AS credit
        FROM movements m JOIN accounts a ON a.id = m.account_id
        WHERE $9::text[] IS NULL OR a.type = ANY ($9::text[])
        GROUP BY m.account_id, a.code, a.name, a.type, 5
        HAVING sum(m.line_count) > 0
        ORDER BY a.code, 5
        """)

    /// $1 as of (NULL: every line). Σ debit and Σ credit per account and currency of the lines dated on or before
    /// $1, with the account's code and name, by account id and currency.
    static let balances = PostgresStatement(
        "report_ledger_balances",
        """
        WITH movements AS (
            SELECT account_id, currency, debit, credit, line_count
            FROM ledger_month_balances
            WHERE $1::date IS NULL OR month <= $1::date
            UNION ALL
            SELECT l.account_id, e.currency, -l.debit, -l.credit, -1
            FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
            WHERE e.entry_date > $1::date AND e.entry_date < (date_trunc('month', $1::date) + interval '1 month')::date
        )
        SELECT m.account_id, a.code, a.name, m.currency, sum(m.debit) AS debit, sum(m.credit) AS credit
        FROM movements m JOIN accounts a ON a.id = m.account_id
        GROUP BY m.account_id, a.code, a.name, m.currency
        HAVING sum(m.line_count) > 0
        ORDER BY m.account_id, m.currency
        """)

    /// $1 account, $2 currency, $3 from, $4 to, then the position to continue after: $5 date, $6 entry number,
    /// $7 line number; $8 limit. The account's lines in date, entry number and line order, with the party's name.
    static let generalLedgerLines = PostgresStatement(
        "report_general_ledger_lines",
        """
        SELECT e.entry_date, e.id AS entry_id, e.entry_number, l.line_no, e.source_type, coalesce(l.memo, e.memo) AS memo,
               l.party_id, p.name AS party_name, l.debit, l.credit
        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id LEFT JOIN parties p ON p.id = l.party_id
        WHERE l.account_id = $1 AND e.currency = $2 AND e.entry_date BETWEEN $3 AND $4
          AND (e.entry_date, e.entry_number, l.line_no) > ($5::date, $6::bigint, $7::integer)
        ORDER BY e.entry_date, e.entry_number, l.line_no
        LIMIT $8
        """)

    /// $1 account, $2 currency, $3 from, then the position: $4 date, $5 entry number, $6 line number. Σ debit − Σ
    /// credit of the account's lines from $3 up to and including the position: what a page's running balance
    /// starts from, after the opening balance.
    static let generalLedgerBefore = PostgresStatement(
        "report_general_ledger_before",
        """
        SELECT coalesce(sum(l.debit) - sum(l.credit), 0) AS net
        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE l.account_id = $1 AND e.currency = $2 AND e.entry_date BETWEEN $3 AND $4
          AND (e.entry_date, e.entry_number, l.line_no) <= ($4, $5::bigint, $6::integer)
        """)

    /// $1 account: its code, name and type.
    static let account = PostgresStatement(
        "report_ledger_account", "SELECT id AS account_id, code, name, type FROM accounts WHERE id = $1")
}
