import Postgres

/// The sales orders' and tasks' SQL.
enum SalesOrderStatements {
    static let columns = """
        id, party_id, order_date, currency, status, reference, payment_terms_days, discount_kind, discount_value,
        recurring_sales_order_id, confirmed_on, confirmed_at, created_at, updated_at
        """

    /// $1 party, $2 order date, $3 currency, $4 reference, $5 terms, $6/$7 discount, $8 the recurring sales order
    /// that posts it (or NULL).
    static let insert = PostgresStatement(
        "invoicing_order_insert",
        """
        INSERT INTO sales_orders (party_id, order_date, currency, reference, payment_terms_days, discount_kind,
                                  discount_value, recurring_sales_order_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
        """)

    static let insertLines = insertLines("invoicing_order_lines_insert", table: "sales_order_lines", parent: "order_id")

    /// $1 the parent, $2…$9 the lines' arrays (``SalesOrderRepository/lineParameters(_:)``). Names are fixed text.
    static func insertLines(_ name: StaticString, table: StaticString, parent: StaticString) -> PostgresStatement {
        PostgresStatement(
            "\(name)",
            """
            INSERT INTO \(table) (\(parent), line_no, item_id, description, quantity, unit_price, discount_kind,
                                discount_value, tax_rate, tax_code_id)
            SELECT $1, l.line_no, l.item_id, l.description, l.quantity, l.unit_price, l.discount_kind, l.discount_value,
                   l.tax_rate, l.tax_code_id
            FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::numeric[], $6::text[], $7::numeric[], $8::numeric[],
                        $9::uuid[])
                 WITH ORDINALITY AS l(item_id, description, quantity, unit_price, discount_kind, discount_value, tax_rate,
                                      tax_code_id, line_no)
            """)
    }

    static let byID = PostgresStatement("invoicing_order_by_id", "SELECT \(columns) FROM sales_orders WHERE id = $1")

    static let lock = PostgresStatement(
        "invoicing_order_lock", "SELECT \(columns) FROM sales_orders WHERE id = $1 FOR UPDATE")

    static let lines = PostgresStatement(
        "invoicing_order_lines",
        """
        SELECT order_id AS parent_id, line_no, item_id, description, quantity, unit_price, discount_kind, discount_value, tax_rate,
               tax_code_id
        FROM sales_order_lines WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line_no
        """)

    static let markWon = PostgresStatement(
        "invoicing_order_mark_won",
        "UPDATE sales_orders SET status = 'won', confirmed_on = $2, confirmed_at = now(), updated_at = now() WHERE id = $1")

    static let close = PostgresStatement(
        "invoicing_order_close",
        "UPDATE sales_orders SET status = $2, updated_at = now() WHERE id = $1 AND status = 'open'")

    /// $1 status or NULL, $2 party or NULL, $3/$4 cursor, $5 limit.
    static let list = PostgresStatement.newestFirstPage(
        "invoicing_order_list", columns: columns, from: "sales_orders", filterParameters: 2,
        where: """
            ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR party_id = $2)
            """)

    static let insertTask = PostgresStatement(
        "invoicing_task_insert",
        """
        INSERT INTO tasks (title, due_date, sales_order_id) VALUES ($1, $2, $3)
        RETURNING id, title, due_date, status, sales_order_id, created_at
        """)

    static let tasksForOrder = PostgresStatement(
        "invoicing_tasks_for_order",
        "SELECT id, title, due_date, status, sales_order_id, created_at FROM tasks WHERE sales_order_id = $1 ORDER BY created_at, id")
}
