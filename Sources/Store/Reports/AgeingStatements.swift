import Postgres

/// The AR and AP ageing reports' SQL (docs/reports.md, "Ageing").
enum AgeingStatements {
    /// $1 as of, $2 currency, $3 the receivable control accounts. See ``ageing(_:owed:)``.
    static let receivable = ageing("report_ar_ageing", owed: "debit - credit")

    /// $1 as of, $2 currency, $3 the payable control accounts. See ``ageing(_:owed:)``.
    static let payable = ageing("report_ap_ageing", owed: "credit - debit")

    /// $1 as of, $2 currency: the receivable control accounts (``ReportAccountSets/receivable``). See
    /// ``controlAccounts(_:_:)``.
    static let receivableAccounts = controlAccounts("report_ar_control_accounts", ReportAccountSets.receivable)

    /// $1 as of, $2 currency: the payable control accounts (``ReportAccountSets/payable``). See
    /// ``controlAccounts(_:_:)``.
    static let payableAccounts = controlAccounts("report_ap_control_accounts", ReportAccountSets.payable)

    /// $1 as of, $2 currency, $3 the receivable control accounts: the open rows alone (no line after $1).
    static let receivableNow = ageingNow("report_ar_ageing_now", owed: "debit - credit")

    /// $1 as of, $2 currency, $3 the payable control accounts: the open rows alone (no line after $1).
    static let payableNow = ageingNow("report_ap_ageing_now", owed: "credit - debit")

    /// $1 as of, $2 currency, $3 the receivable control accounts: the totals alone (``totals(_:owed:)``).
    static let receivableTotals = totals("report_ar_ageing_totals", owed: "debit - credit")

    /// $1 as of, $2 currency, $3 the payable control accounts: the totals alone (``totals(_:owed:)``).
    static let payableTotals = totals("report_ap_ageing_totals", owed: "credit - debit")

    /// The `account` rows and the `total` row of ``report(_:)`` (no `party` rows) when no control-account line is dated
    /// after $1, from `ledger_due_balances` (0048): `ledger_document_balances` summed per account, currency and due
    /// date, with the count of its open rows. A settled document adds debit = credit, so Σ owed per due date is what
    /// is open with that date; a row per due date is read, not one per open document. The same figures as the `total`
    /// and `account` rows of ``ageingNow(_:owed:)`` (AgeingTotalsAPITests compares them).
    static func totals(_ name: String, owed: String) -> PostgresStatement {
        PostgresStatement(
            name,
            """
            WITH d AS MATERIALIZED (
                SELECT b.account_id, \(owed) AS amount, b.open_items, $1 - b.due_date AS overdue
                FROM ledger_due_balances b
                WHERE b.account_id = ANY ($3::uuid[]) AND b.currency = $2
            ), t AS (
                SELECT coalesce(sum(d.open_items) FILTER (WHERE d.overdue IS NOT NULL), 0)::bigint AS open_items,
                       coalesce(sum(d.amount) FILTER (WHERE d.overdue <= 0), 0) AS current,
                       coalesce(sum(d.amount) FILTER (WHERE d.overdue BETWEEN 1 AND 30), 0) AS days_1_30,
                       coalesce(sum(d.amount) FILTER (WHERE d.overdue BETWEEN 31 AND 60), 0) AS days_31_60,
                       coalesce(sum(d.amount) FILTER (WHERE d.overdue BETWEEN 61 AND 90), 0) AS days_61_90,
                       coalesce(sum(d.amount) FILTER (WHERE d.overdue > 90), 0) AS days_over_90,
                       coalesce(sum(d.amount) FILTER (WHERE d.overdue IS NULL), 0) AS unallocated,
                       coalesce(sum(d.amount), 0) AS total
                FROM d
            )
            SELECT 'account' AS kind, a.id, a.code, a.name, 0::bigint AS open_items, 0 AS current, 0 AS days_1_30,
                   0 AS days_31_60, 0 AS days_61_90, 0 AS days_over_90, 0 AS unallocated,
                   coalesce((SELECT sum(d.amount) FROM d WHERE d.account_id = a.id), 0) AS total
            FROM accounts a
            WHERE a.id = ANY ($3::uuid[])
            UNION ALL
            SELECT 'total', NULL::uuid, NULL, NULL, t.open_items, t.current, t.days_1_30, t.days_31_60, t.days_61_90,
                   t.days_over_90, t.unallocated, t.total
            FROM t
            ORDER BY 1, 3, 4, 2
            """, planning: .perExecution)
    }

    /// One row per control account of `accounts` (`id`), each with `later`: whether a line of any of them in
    /// currency $2 is dated after $1. When none is (the usual "as of today"), what was open on $1 is what is open now,
    /// and the report reads the open rows alone (``ageingNow``). One statement, so that the report's set-up is one
    /// round trip before its own statement, which gets the accounts as a parameter.
    ///
    /// When no line is later it also sets `max_parallel_workers_per_gather` to 0 for the rest of the transaction
    /// (`serial`), so that ``ageingNow`` runs in one process: on the benchmark's 2 cores the AR statement over 160,913
    /// open rows took 140–175 ms serial against 190–290 ms with two workers (docs/reports.md, "Fixed costs"); the
    /// statement for a past date, which reads the lines after it, kept its workers (3.5–7.4 s with them, 4.3–12 s
    /// without, at 1M invoices). The report is the last statement of its route's transaction; a caller that runs
    /// more after it in the same transaction gets them serial too.
    static func controlAccounts(_ name: String, _ accounts: String) -> PostgresStatement {
        PostgresStatement(
            name,
            """
            WITH c AS MATERIALIZED (SELECT id FROM (\(accounts)) c),
            x AS (
                SELECT EXISTS (
                    SELECT 1 FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                    WHERE e.entry_date > $1 AND e.currency = $2 AND l.account_id IN (SELECT id FROM c)
                ) AS later
            )
            SELECT c.id, x.later,
                   CASE WHEN NOT x.later THEN set_config('max_parallel_workers_per_gather', '0', true) END AS serial
            FROM c CROSS JOIN x
            """, planning: .perExecution)
    }

    /// The rows (``report(_:)``) when no control-account line is dated after $1: the rows of
    /// `ledger_document_balances` open now are, one each, what was open on $1 per account, party and document, with
    /// the date each ages from (0041) — read from the open rows' index alone, no per-document sum, no join of the
    /// documents.
    static func ageingNow(_ name: String, owed: String) -> PostgresStatement {
        PostgresStatement(
            name,
            report(
                """
                SELECT b.account_id, b.party_id, \(owed) AS amount, $1 - b.due_date AS overdue
                FROM ledger_document_balances b
                WHERE b.account_id = ANY ($3::uuid[]) AND b.currency = $2 AND b.open
                """), planning: .perExecution)
    }

    /// What the lines of the control accounts $3 dated on or before $1 in currency $2 sum to per account, party and
    /// document (an invoice is debited on issue and credited by payments, credit notes and its void, all filed under
    /// it; an expense is credited when recorded unpaid and debited by its payment and reversal): the rows of
    /// `ledger_document_balances` open now (0040; a document other than an invoice or expense counts as none), less
    /// the lines dated after $1 (read by date). A row settled now counts only by those lines, so a settled document
    /// without lines after $1 is never read; its due date comes from its row (0041), joined for the documents those
    /// lines name. The accounts are a parameter, not a sub-select, so that the plan is made knowing them: the open
    /// rows are found through the index of open rows. A document whose sum is not zero is open; an invoice is due on
    /// its due date, an expense on its date; anything not filed under an invoice or expense (customer credit, manual
    /// entries) is `unallocated`. `owed` is the amount owed in terms of the columns `debit` and `credit`.
    static func ageing(_ name: String, owed: String) -> PostgresStatement {
        PostgresStatement(
            name,
            report(
                """
                SELECT account_id, party_id, sum(amount) AS amount, $1 - max(due_date) AS overdue
                FROM (
                    SELECT b.account_id, b.party_id, b.document_type, b.document_id, \(owed) AS amount, b.due_date
                    FROM ledger_document_balances b
                    WHERE b.account_id = ANY ($3::uuid[]) AND b.currency = $2 AND b.open
                    UNION ALL
                    SELECT x.account_id, x.party_id, x.document_type, x.document_id, -x.amount, d.due_date
                    FROM (
                        SELECT l.account_id, l.party_id,
                               CASE WHEN l.document_type IN ('invoice', 'expense') THEN l.document_type END AS document_type,
                               CASE WHEN l.document_type IN ('invoice', 'expense') THEN l.document_id END AS document_id,
                               \(owed) AS amount
                        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                        WHERE e.entry_date > $1 AND e.currency = $2 AND l.account_id = ANY ($3::uuid[])
                    ) x
                    LEFT JOIN ledger_document_balances d
                        ON x.document_type IS NOT NULL AND d.account_id = x.account_id AND d.currency = $2
                       AND d.document_type = x.document_type AND d.document_id = x.document_id
                       AND d.party_id IS NOT DISTINCT FROM x.party_id
                ) s
                GROUP BY account_id, party_id, document_type, document_id
                """), planning: .perExecution)
    }

    /// The report's rows from `items` (account_id, party_id, amount owed, overdue: days past due on $1, NULL when not
    /// filed under an invoice or expense), one per account, party and document: rows with a zero amount are settled.
    /// The items are summed once per account and party (at 1M invoices 160,913 open items, 3,950 account and party
    /// pairs), then those few rows by account, by party and in total; rows: `account` (each control account $3's balance),
    /// `party` (buckets by days past due: ≤ 0 current, 1–30, 31–60, 61–90, over 90; not aged: unallocated), `total`.
    /// The `total` row's total equals the sum of the `account` rows by construction.
    static func report(_ items: String) -> String {
        """
        WITH per_party AS (
            SELECT i.account_id, i.party_id, count(i.overdue) AS open_items,
                   sum(i.amount) FILTER (WHERE i.overdue <= 0) AS current,
                   sum(i.amount) FILTER (WHERE i.overdue BETWEEN 1 AND 30) AS days_1_30,
                   sum(i.amount) FILTER (WHERE i.overdue BETWEEN 31 AND 60) AS days_31_60,
                   sum(i.amount) FILTER (WHERE i.overdue BETWEEN 61 AND 90) AS days_61_90,
                   sum(i.amount) FILTER (WHERE i.overdue > 90) AS days_over_90,
                   sum(i.amount) FILTER (WHERE i.overdue IS NULL) AS unallocated,
                   sum(i.amount) AS total
            FROM (
        \(items)
            ) i
            WHERE i.amount <> 0
            GROUP BY i.account_id, i.party_id
        ), g AS MATERIALIZED (
            SELECT GROUPING(b.account_id, b.party_id) AS grouping, b.account_id, b.party_id,
                   coalesce(sum(b.open_items), 0)::bigint AS open_items,
                   coalesce(sum(b.current), 0) AS current, coalesce(sum(b.days_1_30), 0) AS days_1_30,
                   coalesce(sum(b.days_31_60), 0) AS days_31_60, coalesce(sum(b.days_61_90), 0) AS days_61_90,
                   coalesce(sum(b.days_over_90), 0) AS days_over_90, coalesce(sum(b.unallocated), 0) AS unallocated,
                   coalesce(sum(b.total), 0) AS total
            FROM per_party b
            GROUP BY GROUPING SETS ((b.account_id), (b.party_id), ())
        )
        SELECT 'account' AS kind, a.id, a.code, a.name, 0::bigint AS open_items, 0 AS current, 0 AS days_1_30,
               0 AS days_31_60, 0 AS days_61_90, 0 AS days_over_90, 0 AS unallocated, coalesce(g.total, 0) AS total
        FROM accounts a LEFT JOIN g ON g.grouping = 1 AND g.account_id = a.id
        WHERE a.id = ANY ($3::uuid[])
        UNION ALL
        SELECT CASE g.grouping WHEN 3 THEN 'total' ELSE 'party' END, g.party_id, NULL, p.name, g.open_items,
               g.current, g.days_1_30, g.days_31_60, g.days_61_90, g.days_over_90, g.unallocated, g.total
        FROM g LEFT JOIN parties p ON p.id = g.party_id
        WHERE g.grouping IN (2, 3)
        ORDER BY 1, 3, 4, 2
        """
    }
}
