import Postgres

/// The recurring invoice setups' SQL.
enum RecurringInvoiceSetupStatements {
    static let columns = """
        id, party_id, item_id, sales_order_id, mode, amount, description, income_account_id, discount_kind,
        discount_value, payment_terms_days, currency, statement_reference, tax_rate, source_invoice_id,
        prices_include_tax, tax_code_id
        """

    /// $1 party, $2 item, $3 sales order, $4 mode … $13 tax rate, $14 tax code (``RecurringInvoiceKind/Prepared``),
    /// $15 schedule, $16 source invoice, $17 prices include tax.
    static let insert = PostgresStatement(
        "invoicing_setup_insert",
        """
        INSERT INTO recurring_invoice_setups (party_id, item_id, sales_order_id, mode, amount, description,
            income_account_id, discount_kind, discount_value, payment_terms_days, currency, statement_reference,
            tax_rate, tax_code_id, schedule, source_invoice_id, prices_include_tax)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17)
        RETURNING id
        """)

    /// $1 id, $2 party, $3 item, $4 mode … $13 tax rate, $14 tax code, $15 prices include tax.
    static let update = PostgresStatement(
        "invoicing_setup_update",
        """
        UPDATE recurring_invoice_setups SET party_id = $2, item_id = $3, mode = $4, amount = $5, description = $6,
            income_account_id = $7, discount_kind = $8, discount_value = $9, payment_terms_days = $10, currency = $11,
            statement_reference = $12, tax_rate = $13, tax_code_id = $14, prices_include_tax = $15, updated_at = now()
        WHERE id = $1
        """)

    static let insertLines = PostgresStatement(
        "invoicing_setup_lines_insert",
        """
        INSERT INTO recurring_invoice_setup_lines (setup_id, line_no, item_id, description, quantity, unit_price, tax_rate,
                                                   tax_code_id, campaign)
        SELECT $1, l.line_no, l.item_id, l.description, l.quantity, l.unit_price, l.tax_rate, l.tax_code_id, l.campaign
        FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::uuid[], $8::text[])
             WITH ORDINALITY AS l(item_id, description, quantity, unit_price, tax_rate, tax_code_id, campaign, line_no)
        """)

    static let deleteLines = PostgresStatement(
        "invoicing_setup_lines_delete", "DELETE FROM recurring_invoice_setup_lines WHERE setup_id = $1")

    static let lines = PostgresStatement(
        "invoicing_setup_lines",
        """
        SELECT setup_id, line_no, item_id, description, quantity, unit_price, tax_rate, tax_code_id, campaign
        FROM recurring_invoice_setup_lines WHERE setup_id = ANY($1::uuid[]) ORDER BY setup_id, line_no
        """)

    static let delete = PostgresStatement(
        "invoicing_setup_delete", "DELETE FROM recurring_invoice_setups WHERE id = $1")

    /// Ids of the active setups, for the EOD worker.
    static let activeIDs = PostgresStatement(
        "invoicing_setup_active_ids", "SELECT id FROM recurring_invoice_setups WHERE is_active ORDER BY id")

    /// Read, lock, lifecycle, listing and cursor: the shared template SQL (the invoice records its occurrence).
    static let template = RecurringTemplateStatements(
        prefix: "invoicing_setup", table: "recurring_invoice_setups", columns: columns, party: "party_id",
        occurrences: nil, document: nil)
}
