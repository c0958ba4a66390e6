import Postgres

/// The AR and AP ageing reports' SQL (docs/reports.md, "Ageing").
enum AgeingStatements {
    /// $1 as of, $2 currency, $3 the receivable control accounts. See ``ageing(_:owed:)``.
    static let receivable = ageing("report_ar_ageing", owed: "debit - credit")

    /// $1 as of, $2 currency, $3 the payable control accounts. See ``ageing(_:owed:)``.
    static let payable = ageing("report_ap_ageing", owed: "credit - debit")

    /// The receivable control accounts (``ReportAccountSets/receivable``).
    static let receivableAccounts = PostgresStatement(
        "report_ar_control_accounts", "SELECT id FROM (\(ReportAccountSets.receivable)) c", planning: .perExecution)

    /// The payable control accounts (``ReportAccountSets/payable``).
    static let payableAccounts = PostgresStatement(
        "report_ap_control_accounts", "SELECT id FROM (\(ReportAccountSets.payable)) c", planning: .perExecution)

    /// What the lines of the control accounts $3 dated on or before $1 in currency $2 sum to per account, party and
    /// document (an invoice is debited on issue and credited by payments, credit notes and its void, all filed under
    /// it; an expense is credited when recorded unpaid and debited by its payment and reversal): the rows of
    /// `ledger_document_balances` open now (0040; a document other than an invoice or expense counts as none), less
    /// the lines dated after $1 (read by date: none when $1 is on or after the last posting). A row settled now
    /// counts only by those lines, so a settled document without lines after $1 is never read. The accounts are a
    /// parameter, not a sub-select, so that the plan is made knowing them: the open rows are found through the index
    /// of open rows. A document whose sum is not zero is open; an invoice is due on its due date, an expense on its
    /// date (joined: at 1M invoices the planner's hash join took 6.3–7.1 s where a probe per open invoice took
    /// 8.4–8.7 s, at load 13); anything not filed
    /// under an invoice or expense (customer credit, manual entries) is `unallocated`. Rows: `account` (each control
    /// account's balance), `party` (buckets by days past due: ≤ 0 current, 1–30, 31–60, 61–90, over 90), `total`.
    /// The `total` row's total equals the sum of the `account` rows by construction. `owed` is the amount owed in
    /// terms of the columns `debit` and `credit`.
    static func ageing(_ name: String, owed: String) -> PostgresStatement {
        PostgresStatement(
            name,
            """
            WITH items AS (
                SELECT account_id, party_id, document_type, document_id, sum(amount) AS amount
                FROM (
                    SELECT b.account_id, b.party_id, b.document_type, b.document_id, \(owed) AS amount
                    FROM ledger_document_balances b
                    WHERE b.account_id = ANY ($3::uuid[]) AND b.currency = $2 AND b.open
                    UNION ALL
                    SELECT l.account_id, l.party_id,
                           CASE WHEN l.document_type IN ('invoice', 'expense') THEN l.document_type END,
                           CASE WHEN l.document_type IN ('invoice', 'expense') THEN l.document_id END, -(\(owed))
                    FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                    WHERE e.entry_date > $1 AND e.currency = $2 AND l.account_id = ANY ($3::uuid[])
                ) s
                GROUP BY account_id, party_id, document_type, document_id
            ), aged AS (
                SELECT i.party_id, i.amount,
                       CASE i.document_type WHEN 'invoice' THEN $1 - v.due_date WHEN 'expense' THEN $1 - x.expense_date
                       END AS overdue
                FROM items i
                LEFT JOIN invoices v ON i.document_type = 'invoice' AND v.id = i.document_id
                LEFT JOIN expenses x ON i.document_type = 'expense' AND x.id = i.document_id
                WHERE i.amount <> 0
            )
            SELECT 'account' AS kind, a.id, a.code, a.name, 0 AS open_items, 0 AS current, 0 AS days_1_30,
                   0 AS days_31_60, 0 AS days_61_90, 0 AS days_over_90, 0 AS unallocated,
                   coalesce(sum(i.amount), 0) AS total
            FROM accounts a LEFT JOIN items i ON i.account_id = a.id
            WHERE a.id = ANY ($3::uuid[])
            GROUP BY a.id, a.code, a.name
            UNION ALL
            SELECT CASE WHEN GROUPING(g.party_id) = 1 THEN 'total' ELSE 'party' END, g.party_id, NULL, p.name,
                   count(g.overdue),
                   coalesce(sum(g.amount) FILTER (WHERE g.overdue <= 0), 0),
                   coalesce(sum(g.amount) FILTER (WHERE g.overdue BETWEEN 1 AND 30), 0),
                   coalesce(sum(g.amount) FILTER (WHERE g.overdue BETWEEN 31 AND 60), 0),
                   coalesce(sum(g.amount) FILTER (WHERE g.overdue BETWEEN 61 AND 90), 0),
                   coalesce(sum(g.amount) FILTER (WHERE g.overdue > 90), 0),
                   coalesce(sum(g.amount) FILTER (WHERE g.overdue IS NULL), 0),
                   coalesce(sum(g.amount), 0)
            FROM aged g LEFT JOIN parties p ON p.id = g.party_id
            GROUP BY GROUPING SETS ((g.party_id, p.name), ())
            ORDER BY 1, 3, 4, 2
            """, planning: .perExecution)
    }
}
