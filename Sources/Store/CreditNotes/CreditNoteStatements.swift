import Postgres

/// The credit notes' SQL.
enum CreditNoteStatements {
    static let columns = """
        id, invoice_id, party_id, currency, sequence_number, number, credit_date, reason, net_total, tax_total, total,
        invoice_settled, customer_credit, credit_used, entry_id, created_at
        """

    /// Each line of invoice $1 with what earlier credit notes credited of it, the account its tax went to (its
    /// tax code's payable account; NULL: the tenant's tax payable) and its campaign (which the income debit carries).
    static let creditableLines = PostgresStatement(
        "credit_notes_creditable_lines",
        """
        SELECT l.line_no, l.description, l.quantity, l.tax_rate, l.income_account_id, l.net_amount, l.tax_amount,
               coalesce(c.net, 0) AS credited_net, coalesce(c.tax, 0) AS credited_tax,
               coalesce(c.quantity, 0) AS credited_quantity, t.payable_account_id AS tax_account_id, l.campaign
        FROM invoice_lines l
        LEFT JOIN tax_codes t ON t.id = l.tax_code_id
        LEFT JOIN (SELECT cl.invoice_line_no, sum(cl.net_amount) AS net, sum(cl.tax_amount) AS tax,
                          sum(cl.quantity) AS quantity
                   FROM credit_note_lines cl JOIN credit_notes n ON n.id = cl.credit_note_id
                   WHERE n.invoice_id = $1 GROUP BY cl.invoice_line_no) c ON c.invoice_line_no = l.line_no
        WHERE l.invoice_id = $1
        ORDER BY l.line_no
        """)

    /// The account entry $1 debited first: the receivable an invoice's issue entry debited.
    static let receivable = PostgresStatement(
        "credit_notes_receivable",
        "SELECT account_id FROM journal_lines WHERE entry_id = $1 AND debit > 0 ORDER BY line_no LIMIT 1")

    /// The account entry $1 credited last: the receivable a credit note's entry credited.
    static let creditReceivable = PostgresStatement(
        "credit_notes_credit_receivable",
        "SELECT account_id FROM journal_lines WHERE entry_id = $1 AND credit > 0 ORDER BY line_no DESC LIMIT 1")

    static let insert = PostgresStatement(
        "credit_notes_insert",
        """
        INSERT INTO credit_notes (id, invoice_id, party_id, currency, sequence_number, number, credit_date, reason,
                                  net_total, tax_total, total, invoice_settled, customer_credit, entry_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        """)

    /// $1 credit note, then one array per column; line numbers follow the array order.
    static let insertLines = PostgresStatement(
        "credit_notes_lines_insert",
        """
        INSERT INTO credit_note_lines (credit_note_id, line_no, invoice_line_no, description, quantity, tax_rate,
                                       income_account_id, net_amount, tax_amount)
        SELECT $1, l.line_no, l.invoice_line_no, l.description, l.quantity, l.tax_rate, l.income_account_id, l.net, l.tax
        FROM unnest($2::integer[], $3::text[], $4::numeric[], $5::numeric[], $6::uuid[], $7::numeric[], $8::numeric[])
             WITH ORDINALITY AS l(invoice_line_no, description, quantity, tax_rate, income_account_id, net, tax, line_no)
        """)

    /// Adds $2 to invoice $1's credited total, $3 to its credit applied, and sets its status $4.
    static let creditInvoice = PostgresStatement(
        "credit_notes_credit_invoice",
        """
        UPDATE invoices SET amount_credited = amount_credited + $2, credit_applied = credit_applied + $3, status = $4,
               updated_at = now()
        WHERE id = $1
        """)

    static let byID = PostgresStatement("credit_notes_by_id", "SELECT \(columns) FROM credit_notes WHERE id = $1")

    static let lock = PostgresStatement(
        "credit_notes_lock", "SELECT \(columns) FROM credit_notes WHERE id = $1 FOR UPDATE")

    /// The credit notes of party $1 in currency $2 with customer credit left, oldest first, locked.
    static let lockOpenCredit = PostgresStatement(
        "credit_notes_lock_open_credit",
        """
        SELECT id, customer_credit - credit_used AS credit_left, entry_id FROM credit_notes
        WHERE party_id = $1 AND currency = $2 AND credit_used < customer_credit
        ORDER BY sequence_number
        FOR UPDATE
        """)

    static let lines = PostgresStatement(
        "credit_notes_lines",
        """
        SELECT credit_note_id, line_no, invoice_line_no, description, quantity, tax_rate, income_account_id, net_amount,
               tax_amount
        FROM credit_note_lines WHERE credit_note_id = ANY($1::uuid[]) ORDER BY credit_note_id, line_no
        """)

    static let uses = PostgresStatement(
        "credit_notes_uses",
        """
        SELECT id, credit_note_id, kind, use_date, amount, invoice_id, method, reference, bank_account_id, entry_id,
               created_at
        FROM customer_credit_uses WHERE credit_note_id = ANY($1::uuid[]) ORDER BY credit_note_id, created_at, id
        """)

    /// $1 credit notes, $2 amounts, $3 kind, $4 date, $5 invoice, $6 method, $7 reference, $8 bank account,
    /// $9 entries: records the uses and adds each amount to its credit note's credit used.
    static let recordUses = PostgresStatement(
        "credit_notes_record_uses",
        """
        WITH used AS (
            INSERT INTO customer_credit_uses (credit_note_id, kind, use_date, amount, invoice_id, method, reference,
                                              bank_account_id, entry_id)
            SELECT u.credit_note_id, $3, $4, u.amount, $5, $6, $7, $8, u.entry_id
            FROM unnest($1::uuid[], $2::numeric[], $9::uuid[]) AS u(credit_note_id, amount, entry_id)
            RETURNING credit_note_id, amount)
        UPDATE credit_notes c SET credit_used = c.credit_used + used.amount
        FROM used WHERE c.id = used.credit_note_id
        """)

    /// $1 party, $2 invoice, $3/$4 cursor, $5 limit.
    static let list = PostgresStatement.newestFirstPage(
        "credit_notes_list", columns: columns, from: "credit_notes", filterParameters: 2,
        where: """
            ($1::uuid IS NULL OR party_id = $1)
              AND ($2::uuid IS NULL OR invoice_id = $2)
            """)
}
