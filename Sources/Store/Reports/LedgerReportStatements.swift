import Postgres

/// The ledger reports' SQL (docs/reports.md, "The summary tables"). The statements read the summaries
/// `ledger_month_balances` and `ledger_day_balances` (0032, kept by the posting transaction); only the general
/// ledger reads journal lines, of a few days per page.
enum LedgerReportStatements {
    /// $1 currency, $2 the periods' first days, $3 their last days (arrays of the same length; a period whose last
    /// day is before its first is empty), $4 by month, $5 account id (NULL: every account), $6 department,
    /// $7 project, $8 campaign (NULL: any), $9 account types (NULL: every type). Σ debit, Σ credit of the lines dated
    /// in each period in currency $1, per period (`period`: 1, 2, … in the arrays' order), account (and month with
    /// $4), accounts with lines only, by period, code and month: each period's months from the month summary, less
    /// the days of its first month before it and of its last month after it from the day summary. No raw line is
    /// read. Several periods in one statement: the profit and loss reads its period and the compared one at once.
    /// Grouped by the account's key alone (its code, name and type follow from it): with the periods joined, the
    /// planner then hashes the rows and sorts the few groups, where grouping by every column made it sort all the
    /// summary rows first (a trial balance at the 1M seed: 1.2–1.5 ms against 1.8–2.5 ms in psql).
    static let movements = PostgresStatement(
        "report_ledger_movements",
        """
        WITH periods AS (
            SELECT p.n, p.from_day, p.to_day, date_trunc('month', p.from_day)::date AS first_month,
                   (date_trunc('month', p.to_day) + interval '1 month')::date AS next_month
            FROM unnest($2::date[], $3::date[]) WITH ORDINALITY AS p(from_day, to_day, n)
            WHERE p.from_day <= p.to_day
        ), movements AS (
            SELECT p.n, b.account_id, b.month, b.debit, b.credit, b.line_count
            FROM periods p JOIN ledger_month_balances b ON b.month >= p.first_month AND b.month < p.next_month
            WHERE b.currency = $1
              AND ($5::uuid IS NULL OR b.account_id = $5) AND ($6::text IS NULL OR b.department = $6)
              AND ($7::text IS NULL OR b.project = $7) AND ($8::text IS NULL OR b.campaign = $8)
            UNION ALL
            SELECT p.n, d.account_id, date_trunc('month', d.day)::date, -d.debit, -d.credit, -d.line_count
            FROM periods p JOIN ledger_day_balances d
              ON (d.day >= p.first_month AND d.day < p.from_day) OR (d.day > p.to_day AND d.day < p.next_month)
            WHERE d.currency = $1
              AND ($5::uuid IS NULL OR d.account_id = $5) AND ($6::text IS NULL OR d.department = $6)
              AND ($7::text IS NULL OR d.project = $7) AND ($8::text IS NULL OR d.campaign = $8)
        )
        SELECT m.n AS period, a.id AS account_id, a.code, a.name, a.type,
               CASE WHEN $4::boolean THEN m.month END AS month, sum(m.debit) AS debit, sum(m.credit) AS credit
        FROM movements m JOIN accounts a ON a.id = m.account_id
        WHERE $9::text[] IS NULL OR a.type = ANY ($9::text[])
        GROUP BY m.n, a.id, 6
        HAVING sum(m.line_count) > 0
        ORDER BY m.n, a.code, 6
        """, planning: .perExecution)

    /// ``movements`` when every period is whole months (each first day the first of a month, each last day the last of
    /// one): the month summary alone, the same rows (no day is cut off, so no day row is read), one join and one
    /// aggregate, so that planning it costs less than the general form's. Planned per execution like it: a generic
    /// plan cannot see the periods in the arrays (it read every row of the currency in psql; docs/reports.md, "Fixed
    /// costs, reports-ratio2").
    static let monthMovements = PostgresStatement(
        "report_ledger_month_movements",
        """
        SELECT p.n AS period, a.id AS account_id, a.code, a.name, a.type,
               CASE WHEN $4::boolean THEN b.month END AS month, sum(b.debit) AS debit, sum(b.credit) AS credit
        FROM unnest($2::date[], $3::date[]) WITH ORDINALITY AS p(from_day, to_day, n)
        JOIN ledger_month_balances b ON b.month >= p.from_day AND b.month <= p.to_day
        JOIN accounts a ON a.id = b.account_id
        WHERE b.currency = $1
          AND ($5::uuid IS NULL OR b.account_id = $5) AND ($6::text IS NULL OR b.department = $6)
          AND ($7::text IS NULL OR b.project = $7) AND ($8::text IS NULL OR b.campaign = $8)
          AND ($9::text[] IS NULL OR a.type = ANY ($9::text[]))
        GROUP BY p.n, a.id, 6
        HAVING sum(b.line_count) > 0
        ORDER BY p.n, a.code, 6
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
