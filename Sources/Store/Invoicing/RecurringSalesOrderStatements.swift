import Postgres

/// The recurring sales orders' SQL.
enum RecurringSalesOrderStatements {
    static let columns = """
        id, party_id, currency, reference, payment_terms_days, discount_kind, discount_value, source_order_id
        """

    /// $1 party, $2 currency, $3 reference, $4 terms, $5/$6 discount, $7 schedule.
    static let insert = PostgresStatement(
        "invoicing_recurring_order_insert",
        """
        INSERT INTO recurring_sales_orders (party_id, currency, reference, payment_terms_days, discount_kind,
                                            discount_value, schedule)
        VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
        RETURNING id
        """)

    /// $1 id, then $2…$7 as $1…$6 of ``insert``.
    static let update = PostgresStatement(
        "invoicing_recurring_order_update",
        """
        UPDATE recurring_sales_orders
        SET party_id = $2, currency = $3, reference = $4, payment_terms_days = $5, discount_kind = $6,
            discount_value = $7, updated_at = now()
        WHERE id = $1
        """)

    static let insertLines = SalesOrderStatements.insertLines(
        "invoicing_recurring_order_lines_insert", table: "recurring_sales_order_lines", parent: "template_id")

    static let deleteLines = PostgresStatement(
        "invoicing_recurring_order_lines_delete", "DELETE FROM recurring_sales_order_lines WHERE template_id = $1")

    static let lines = PostgresStatement(
        "invoicing_recurring_order_lines",
        """
        SELECT template_id AS parent_id, line_no, item_id, description, quantity, unit_price, discount_kind,
               discount_value, tax_rate, tax_code_id
        FROM recurring_sales_order_lines WHERE template_id = ANY($1::uuid[]) ORDER BY template_id, line_no
        """)

    /// Read, lock, lifecycle, listing, occurrence record and cursor: the shared template SQL.
    static let template = RecurringTemplateStatements(
        prefix: "invoicing_recurring_order", table: "recurring_sales_orders", columns: columns, party: "party_id",
        occurrences: "recurring_sales_order_occurrences", document: "order_id")
}
