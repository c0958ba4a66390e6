import Postgres

/// The payments' SQL.
enum PaymentStatements {
    static let columns = """
        id, party_id, payment_date, amount, currency, method, reference, bank_account_id, entry_id, reversal_entry_id,
        reversed_on, reversed_at, created_at, entry_first_line, entry_last_line, entry_bank_line
        """

    /// The invoices to allocate to, locked in id order (no deadlock between two payments), with the account each
    /// one debited when issued (the one to credit now).
    static let lockInvoices = PostgresStatement(
        "invoicing_payment_lock_invoices",
        """
        SELECT i.id, i.party_id, i.status, i.currency, i.total, i.amount_paid, i.credit_applied,
               (SELECT l.account_id FROM journal_lines l
                WHERE l.entry_id = i.issue_entry_id AND l.debit > 0 ORDER BY l.line_no LIMIT 1) AS receivable_account_id
        FROM invoices i WHERE i.id = ANY($1::uuid[])
        ORDER BY i.id
        FOR UPDATE OF i
        """)

    static let insert = PostgresStatement(
        "invoicing_payment_insert",
        """
        INSERT INTO payments (id, party_id, payment_date, amount, currency, method, reference, bank_account_id, entry_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """)

    static let insertAllocations = PostgresStatement(
        "invoicing_payment_allocations_insert",
        """
        INSERT INTO payment_allocations (payment_id, invoice_id, amount)
        SELECT $1, a.invoice_id, a.amount FROM unnest($2::uuid[], $3::numeric[]) AS a(invoice_id, amount)
        """)

    /// Adds `$3` (1 or −1) × each allocation to its invoice's paid amount and derives the status from it and the
    /// credit applied (``InvoiceStatus/settled(total:paid:credit:)``).
    static let applyAllocations = PostgresStatement(
        "invoicing_payment_apply",
        """
        UPDATE invoices i
        SET amount_paid = i.amount_paid + a.amount * $3::numeric,
            status = CASE WHEN i.amount_paid + a.amount * $3::numeric + i.credit_applied = i.total
                               THEN CASE WHEN i.amount_paid + a.amount * $3::numeric = 0 THEN 'credited' ELSE 'paid' END
                          WHEN i.amount_paid + a.amount * $3::numeric = 0 THEN 'issued'
                          ELSE 'partiallyPaid' END,
            updated_at = now()
        FROM unnest($1::uuid[], $2::numeric[]) AS a(invoice_id, amount)
        WHERE i.id = a.invoice_id
        """)

    static let byID = PostgresStatement("invoicing_payment_by_id", "SELECT \(columns) FROM payments WHERE id = $1")

    static let lock = PostgresStatement(
        "invoicing_payment_lock", "SELECT \(columns) FROM payments WHERE id = $1 FOR UPDATE")

    static let allocations = PostgresStatement(
        "invoicing_payment_allocations",
        "SELECT payment_id, invoice_id, amount FROM payment_allocations WHERE payment_id = ANY($1::uuid[]) ORDER BY payment_id, invoice_id")

    static let markReversed = PostgresStatement(
        "invoicing_payment_mark_reversed",
        "UPDATE payments SET reversal_entry_id = $2, reversed_on = $3, reversed_at = now() WHERE id = $1")

    /// $1 party or NULL, $2/$3 cursor, $4 limit.
    static let list = PostgresStatement.newestFirstPage(
        "invoicing_payment_list", columns: columns, from: "payments", filterParameters: 1,
        where: "($1::uuid IS NULL OR party_id = $1)")
}
