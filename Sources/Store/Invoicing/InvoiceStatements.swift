import Postgres

/// The invoices' SQL.
enum InvoiceStatements {
    static let columns = """
        id, party_id, status, currency, sequence_number, number, invoice_date, due_date, payment_terms_days,
        statement_reference, discount_kind, discount_value, subtotal, discount_total, tax_total, total, amount_paid,
        recurring_setup_id, sales_order_id, issue_entry_id, void_entry_id, issued_at, voided_at, created_at, updated_at,
        occurrence_date, period_start, period_end, amount_credited, credit_applied, prices_include_tax
        """

    static let lineColumns = """
        invoice_id, line_no, item_id, description, quantity, unit_price, discount_kind, discount_value, tax_rate,
        income_account_id, gross_amount, discount_amount, net_amount, tax_amount, tax_code_id, campaign
        """

    static let insert = PostgresStatement(
        "invoicing_invoice_insert",
        """
        INSERT INTO invoices (party_id, currency, invoice_date, payment_terms_days, statement_reference, discount_kind,
                              discount_value, subtotal, discount_total, tax_total, total, prices_include_tax,
                              recurring_setup_id, sales_order_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        RETURNING id
        """)

    /// $1 invoice, then one array per column; line numbers follow the array order.
    static let insertLines = PostgresStatement(
        "invoicing_invoice_lines_insert",
        """
        INSERT INTO invoice_lines (invoice_id, line_no, item_id, description, quantity, unit_price, discount_kind,
                                   discount_value, tax_rate, income_account_id, gross_amount, discount_amount,
                                   net_amount, tax_amount, tax_code_id, campaign)
        SELECT $1, l.line_no, l.item_id, l.description, l.quantity, l.unit_price, l.discount_kind, l.discount_value,
               l.tax_rate, l.income_account_id, l.gross, l.discount, l.net, l.tax, l.tax_code_id, l.campaign
        FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::numeric[], $6::text[], $7::numeric[], $8::numeric[],
                    $9::uuid[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[], $14::uuid[], $15::text[])
             WITH ORDINALITY AS l(item_id, description, quantity, unit_price, discount_kind, discount_value, tax_rate,
                                  income_account_id, gross, discount, net, tax, tax_code_id, campaign, line_no)
        """)

    static let updateDraft = PostgresStatement(
        "invoicing_invoice_update_draft",
        """
        UPDATE invoices SET party_id = $2, currency = $3, invoice_date = $4, payment_terms_days = $5,
               statement_reference = $6, discount_kind = $7, discount_value = $8, subtotal = $9, discount_total = $10,
               tax_total = $11, total = $12, prices_include_tax = $13, updated_at = now()
        WHERE id = $1 AND status = 'draft'
        """)

    static let deleteLines = PostgresStatement(
        "invoicing_invoice_lines_delete", "DELETE FROM invoice_lines WHERE invoice_id = $1")

    static let deleteDraft = PostgresStatement(
        "invoicing_invoice_delete_draft", "DELETE FROM invoices WHERE id = $1 AND status = 'draft'")

    static let byID = PostgresStatement("invoicing_invoice_by_id", "SELECT \(columns) FROM invoices WHERE id = $1")

    static let lines = PostgresStatement(
        "invoicing_invoice_lines",
        "SELECT \(lineColumns) FROM invoice_lines WHERE invoice_id = ANY($1::uuid[]) ORDER BY invoice_id, line_no")

    /// The invoice and its party's control account, locked for issuing, voiding or paying.
    static let lock = PostgresStatement(
        "invoicing_invoice_lock",
        """
        SELECT i.id, i.status, i.party_id, i.currency, i.invoice_date, i.payment_terms_days, i.total, i.tax_total,
               i.amount_paid, i.amount_credited, i.credit_applied, i.number, i.issue_entry_id, p.control_account_id
        FROM invoices i JOIN parties p ON p.id = i.party_id
        WHERE i.id = $1
        FOR UPDATE OF i
        """)

    /// Each line's income account and net, its tax and the account of its tax code (NULL without a code: the
    /// tenant's tax payable), in line order: what ``PostingRules/invoiceIssued`` credits.
    static let lineNets = PostgresStatement(
        "invoicing_invoice_line_nets",
        """
        SELECT l.income_account_id, l.net_amount, l.tax_amount, l.campaign, c.payable_account_id AS tax_account_id
        FROM invoice_lines l LEFT JOIN tax_codes c ON c.id = l.tax_code_id
        WHERE l.invoice_id = $1 ORDER BY l.line_no
        """)

    static let markIssued = PostgresStatement(
        "invoicing_invoice_mark_issued",
        """
        UPDATE invoices SET status = 'issued', sequence_number = $2, number = $3, invoice_date = $4, due_date = $5,
               issue_entry_id = $6, issued_at = now(), updated_at = now()
        WHERE id = $1
        """)

    static let markVoid = PostgresStatement(
        "invoicing_invoice_mark_void",
        "UPDATE invoices SET status = 'void', void_entry_id = $2, voided_at = now(), updated_at = now() WHERE id = $1")

    /// $1 status, $2 overdue on, $3 party, $4 from, $5 through, $6/$7 cursor, $8 limit.
    static let list = PostgresStatement.newestFirstPage(
        "invoicing_invoice_list", columns: columns, from: "invoices", filterParameters: 5,
        where: """
            ($1::text IS NULL OR status = $1)
              AND ($2::date IS NULL OR (status IN ('issued', 'partiallyPaid') AND due_date < $2::date))
              AND ($3::uuid IS NULL OR party_id = $3)
              AND ($4::date IS NULL OR invoice_date >= $4::date)
              AND ($5::date IS NULL OR invoice_date <= $5::date)
            """)
}
