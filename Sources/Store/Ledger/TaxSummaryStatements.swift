import Postgres

/// The tax summary's SQL (docs/invoicing.md, "Tax summary").
enum TaxSummaryStatements {
    /// $1 from, $2 to, $3 currency. One row per tax code, and per rate for lines without one: sales base and tax
    /// (issued invoices by invoice date, less their void reversal by the void entry's date, less credit notes by
    /// credit date, by the credited lines), purchases base and tax (expenses with a code, by expense date, less
    /// their reversal by its date). Coded rows first, by code; then uncoded rows by rate; last the totals
    /// (`is_total`), also when there is no row.
    static let summary = PostgresStatement(
        "tax_summary",
        """
        WITH movements (tax_code_id, rate, sales_base, sales_tax, purchases_base, purchases_tax) AS (
            SELECT l.tax_code_id, coalesce(l.tax_rate, 0), l.net_amount, l.tax_amount, 0, 0
            FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
            WHERE i.issue_entry_id IS NOT NULL AND i.currency = $3 AND i.invoice_date BETWEEN $1 AND $2
            UNION ALL
            SELECT l.tax_code_id, coalesce(l.tax_rate, 0), -l.net_amount, -l.tax_amount, 0, 0
            FROM invoices i JOIN journal_entries v ON v.id = i.void_entry_id JOIN invoice_lines l ON l.invoice_id = i.id
            WHERE i.currency = $3 AND v.entry_date BETWEEN $1 AND $2
            UNION ALL
            SELECT l.tax_code_id, coalesce(n.tax_rate, 0), -n.net_amount, -n.tax_amount, 0, 0
            FROM credit_notes c JOIN credit_note_lines n ON n.credit_note_id = c.id
            JOIN invoice_lines l ON l.invoice_id = c.invoice_id AND l.line_no = n.invoice_line_no
            WHERE c.currency = $3 AND c.credit_date BETWEEN $1 AND $2
            UNION ALL
            SELECT e.tax_code_id, t.rate, 0, 0, sign * (e.amount - e.tax_amount), sign * e.tax_amount
            FROM expenses e JOIN tax_codes t ON t.id = e.tax_code_id,
                 LATERAL (VALUES (1, e.expense_date), (-1, e.reversed_on)) AS d (sign, day)
            WHERE e.currency = $3 AND d.day BETWEEN $1 AND $2
        )
        SELECT GROUPING(t.id) = 1 AS is_total, t.id AS tax_code_id, t.code, t.name, t.category,
               coalesce(t.rate, CASE WHEN t.id IS NULL THEN m.rate END, 0) AS rate,
               coalesce(sum(m.sales_base), 0) AS sales_base, coalesce(sum(m.sales_tax), 0) AS sales_tax,
               coalesce(sum(m.purchases_base), 0) AS purchases_base, coalesce(sum(m.purchases_tax), 0) AS purchases_tax,
               coalesce(sum(m.sales_tax) - sum(m.purchases_tax), 0) AS net_tax
        FROM movements m LEFT JOIN tax_codes t ON t.id = m.tax_code_id
        GROUP BY GROUPING SETS ((t.id, t.code, t.name, t.category, t.rate, CASE WHEN t.id IS NULL THEN m.rate END), ())
        ORDER BY GROUPING(t.id), t.id IS NULL, lower(t.code), 6
        """, planning: .perExecution)
}
