import Postgres

/// The recurring invoice setups' SQL.
enum RecurringInvoiceSetupStatements {
    static let columns = """
        id, party_id, item_id, sales_order_id, mode, amount, description, income_account_id, discount_kind,
        discount_value, payment_terms_days, currency, statement_reference, schedule::text AS schedule, is_active,
        skip_through, last_posted_index, last_posted_date, created_at, updated_at
        """

    static let insert = PostgresStatement(
        "invoicing_setup_insert",
        """
        INSERT INTO recurring_invoice_setups (party_id, item_id, sales_order_id, mode, amount, description,
            income_account_id, discount_kind, discount_value, payment_terms_days, currency, statement_reference,
            schedule, is_active)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14)
        RETURNING id
        """)

    static let update = PostgresStatement(
        "invoicing_setup_update",
        """
        UPDATE recurring_invoice_setups SET party_id = $2, item_id = $3, mode = $4, amount = $5, description = $6,
            income_account_id = $7, discount_kind = $8, discount_value = $9, payment_terms_days = $10, currency = $11,
            statement_reference = $12, schedule = $13::jsonb, is_active = $14, updated_at = now()
        WHERE id = $1
        """)

    static let insertLines = PostgresStatement(
        "invoicing_setup_lines_insert",
        """
        INSERT INTO recurring_invoice_setup_lines (setup_id, line_no, item_id, description, quantity, unit_price, tax_rate)
        SELECT $1, l.line_no, l.item_id, l.description, l.quantity, l.unit_price, l.tax_rate
        FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[])
             WITH ORDINALITY AS l(item_id, description, quantity, unit_price, tax_rate, line_no)
        """)

    static let deleteLines = PostgresStatement(
        "invoicing_setup_lines_delete", "DELETE FROM recurring_invoice_setup_lines WHERE setup_id = $1")

    static let byID = PostgresStatement(
        "invoicing_setup_by_id", "SELECT \(columns) FROM recurring_invoice_setups WHERE id = $1")

    static let byIDs = PostgresStatement(
        "invoicing_setups_by_ids", "SELECT \(columns) FROM recurring_invoice_setups WHERE id = ANY($1::uuid[])")

    static let lock = PostgresStatement(
        "invoicing_setup_lock", "SELECT \(columns) FROM recurring_invoice_setups WHERE id = $1 FOR UPDATE")

    static let lines = PostgresStatement(
        "invoicing_setup_lines",
        """
        SELECT setup_id, line_no, item_id, description, quantity, unit_price, tax_rate
        FROM recurring_invoice_setup_lines WHERE setup_id = ANY($1::uuid[]) ORDER BY setup_id, line_no
        """)

    static let setActive = PostgresStatement(
        "invoicing_setup_set_active",
        """
        UPDATE recurring_invoice_setups
        SET is_active = $2, skip_through = CASE WHEN $3::date IS NULL THEN skip_through
                                                ELSE greatest(skip_through, $3::date) END,
            updated_at = now()
        WHERE id = $1
        """)

    static let delete = PostgresStatement(
        "invoicing_setup_delete", "DELETE FROM recurring_invoice_setups WHERE id = $1")

    /// Moves the cursor forward (never back).
    static let moveCursor = PostgresStatement(
        "invoicing_setup_move_cursor",
        """
        UPDATE recurring_invoice_setups
        SET last_posted_index = greatest(last_posted_index, $2), last_posted_date = greatest(last_posted_date, $3),
            updated_at = now()
        WHERE id = $1
        """)

    /// $1 party or NULL, $2 active only, $3/$4 cursor, $5 limit.
    static let list = PostgresStatement(
        "invoicing_setup_list",
        """
        SELECT \(columns), created_at::text AS cursor_at FROM recurring_invoice_setups
        WHERE ($1::uuid IS NULL OR party_id = $1) AND (NOT $2 OR is_active)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5
        """)

    /// Ids of the active setups, for the EOD worker.
    static let activeIDs = PostgresStatement(
        "invoicing_setup_active_ids", "SELECT id FROM recurring_invoice_setups WHERE is_active ORDER BY id")
}
