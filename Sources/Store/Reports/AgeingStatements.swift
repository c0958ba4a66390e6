import Postgres

/// The AR and AP ageing reports' SQL (docs/reports.md, "Ageing").
enum AgeingStatements {
    /// $1 as of, $2 currency. See ``ageing(_:_:sign:)``.
    static let receivable = ageing("report_ar_ageing", ReportAccountSets.receivable, sign: "l.debit - l.credit")

    /// $1 as of, $2 currency. See ``ageing(_:_:sign:)``.
    static let payable = ageing("report_ap_ageing", ReportAccountSets.payable, sign: "l.credit - l.debit")

    /// Every line of the control accounts dated on or before $1 in currency $2, summed per account, party and
    /// document (an invoice is debited on issue and credited by payments, credit notes and its void, all filed
    /// under it; an expense is credited when recorded unpaid and debited by its payment and reversal). A document
    /// whose sum is not zero is open; an invoice is due on its due date, an expense on its date; anything not filed
    /// under an invoice or expense (customer credit, manual entries) is `unallocated`. Rows: `account` (each control
    /// account's balance), `party` (buckets by days past due: ≤ 0 current, 1–30, 31–60, 61–90, over 90), `total`.
    /// The `total` row's total equals the sum of the `account` rows by construction.
    static func ageing(_ name: String, _ accounts: String, sign: String) -> PostgresStatement {
        PostgresStatement(
            name,
            """
            WITH items AS (
                SELECT l.account_id, l.party_id, l.document_type, l.document_id, sum(\(sign)) AS amount
                FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                WHERE l.account_id IN (\(accounts)) AND e.entry_date <= $1 AND e.currency = $2
                GROUP BY l.account_id, l.party_id, l.document_type, l.document_id
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
            WHERE a.id IN (\(accounts))
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
