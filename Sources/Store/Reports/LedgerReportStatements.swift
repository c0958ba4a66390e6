import Postgres

/// The ledger reports' SQL (docs/reports.md, "The summary tables"). The statements read the summaries
/// `ledger_month_balances` and `ledger_day_balances` (0032, kept by the posting transaction); only the general
/// ledger reads journal lines, of a few days per page.
enum LedgerReportStatements {
    /// $1 currency, $2 from, $3 to, $4 by month, $5 account id (NULL: every account), $6 department, $7 project,
    /// $8 campaign (NULL: any), $9 account types (NULL: every type), $10 the first day of `from`'s month, $11 the
    /// first day of `to`'s month. Σ debit, Σ credit of the lines dated `from`…`to`, per account (and per month with
    /// $4), accounts with lines only, by code and month: the months from the month summary, less the days before
    /// `from` and after `to` in them from the day summary. No raw line is read.
    static let movements = PostgresStatement(
        "report_ledger_movements",
        """
        WITH movements AS (
            SELECT b.account_id, b.month, b.debit, b.credit, b.line_count
            FROM ledger_month_balances b
            WHERE b.currency = $1 AND b.month BETWEEN $10 AND $11
              AND ($5::uuid IS NULL OR b.account_id = $5) AND ($6::text IS NULL OR b.department = $6)
              AND ($7::text IS NULL OR b.project = $7) AND ($8::text IS NULL OR b.campaign = $8)
            UNION ALL
            SELECT d.account_id, date_trunc('month', d.day)::date, -d.debit, -d.credit, -d.line_count
            FROM ledger_day_balances d
            WHERE d.currency = $1
              AND ((d.day >= $10 AND d.day < $2) OR (d.day > $3 AND d.day < ($11 + interval '1 month')::date))
              AND ($5::uuid IS NULL OR d.account_id = $5) AND ($6::text IS NULL OR d.department = $6)
              AND ($7::text IS NULL OR d.project = $7) AND ($8::text IS NULL OR d.campaign = $8)
        )
        SELECT m.account_id, a.code, a.name, a.type, CASE WHEN $4::boolean THEN m.month END AS month,
               sum(m.debit) AS debit, sum(m.credit) AS credit
        FROM movements m JOIN accounts a ON a.id = m.account_id
        WHERE $9::text[] IS NULL OR a.type = ANY ($9::text[])
        GROUP BY m.account_id, a.code, a.name, a.type, 5
        HAVING sum(m.line_count) > 0
        ORDER BY a.code, 5
        """, planning: .perExecution)

    /// $1 as of (NULL: every line). Σ debit and Σ credit per account and currency of the lines dated on or before
    /// $1, with the account's code and name, by account id and currency: the months through $1's from the month
    /// summary, less the days after $1 in its month from the day summary.
    static let balances = PostgresStatement(
        "report_ledger_balances",
        """
        WITH movements AS (
            SELECT account_id, currency, debit, credit, line_count
            FROM ledger_month_balances
            WHERE $1::date IS NULL OR month <= $1::date
            UNION ALL
            SELECT account_id, currency, -debit, -credit, -line_count
            FROM ledger_day_balances
            WHERE day > $1::date AND day < (date_trunc('month', $1::date) + interval '1 month')::date
        )
        SELECT m.account_id, a.code, a.name, m.currency, sum(m.debit) AS debit, sum(m.credit) AS credit
        FROM movements m JOIN accounts a ON a.id = m.account_id
        GROUP BY m.account_id, a.code, a.name, m.currency
        HAVING sum(m.line_count) > 0
        ORDER BY m.account_id, m.currency
        """, planning: .perExecution)

    /// $1 account, $2 currency, $3 from, $4 to, then the position to continue after: $5 date, $6 entry number,
    /// $7 line number; $8 limit. The account's lines in date, entry number and line order, with the party's name.
    /// The day summary names the days to read: the position's day and the next days with lines of the account
    /// until they hold `limit` more lines, so a page reads a few days' entries (by `journal_entries_date`), however
    /// sparse the account.
    static let generalLedgerLines = PostgresStatement(
        "report_general_ledger_lines",
        """
        WITH days AS (
            SELECT day, sum(line_count) AS lines FROM ledger_day_balances
            WHERE account_id = $1 AND currency = $2 AND day BETWEEN $5 AND $4
            GROUP BY day
        ), running AS (
            SELECT day, sum(lines) OVER (ORDER BY day) - lines AS before, first_value(lines) OVER (ORDER BY day) AS first
            FROM days
        )
        SELECT e.entry_date, e.id AS entry_id, e.entry_number, l.line_no, e.source_type, coalesce(l.memo, e.memo) AS memo,
               l.party_id, p.name AS party_name, l.debit, l.credit
        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id LEFT JOIN parties p ON p.id = l.party_id
        WHERE e.entry_date = ANY (ARRAY(SELECT day FROM running WHERE before - first < $8))
          AND l.account_id = $1 AND e.currency = $2 AND e.entry_date BETWEEN $3 AND $4
          AND (e.entry_date, e.entry_number, l.line_no) > ($5::date, $6::bigint, $7::integer)
        ORDER BY e.entry_date, e.entry_number, l.line_no
        LIMIT $8
        """, planning: .perExecution)

    /// $1 account, $2 currency, $3 from, then the position: $4 date, $5 entry number, $6 line number. Σ debit − Σ
    /// credit of the account's lines from $3 up to and including the position: what a page's running balance
    /// starts from, after the opening balance. The days before the position's from the day summary, that day's
    /// lines from the journal.
    static let generalLedgerBefore = PostgresStatement(
        "report_general_ledger_before",
        """
        SELECT coalesce(sum(net), 0) AS net FROM (
            SELECT sum(debit) - sum(credit) AS net FROM ledger_day_balances
            WHERE account_id = $1 AND currency = $2 AND day >= $3 AND day < $4
            UNION ALL
            SELECT sum(l.debit) - sum(l.credit)
            FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
            WHERE e.entry_date = $4 AND l.account_id = $1 AND e.currency = $2
              AND (e.entry_number, l.line_no) <= ($5::bigint, $6::integer)
        ) s
        """, planning: .perExecution)

    /// $1 account: its code, name and type.
    static let account = PostgresStatement(
        "report_ledger_account", "SELECT id AS account_id, code, name, type FROM accounts WHERE id = $1")
}
