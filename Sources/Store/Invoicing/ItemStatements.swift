import Postgres

/// The items' SQL.
enum ItemStatements {
    static let columns = """
        id, code, name, kind, unit_price, currency, income_account_id, tax_rate, template_schedule::text AS template_schedule,
        template_statement_reference, template_auto_trigger, archived_at, created_at, updated_at
        """

    static let insert = PostgresStatement(
        "invoicing_item_insert",
        """
        INSERT INTO items (code, name, kind, unit_price, currency, income_account_id, tax_rate, template_schedule,
                           template_statement_reference, template_auto_trigger)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING \(columns)
        """)

    static let update = PostgresStatement(
        "invoicing_item_update",
        """
        UPDATE items SET code = $2, name = $3, kind = $4, unit_price = $5, currency = $6, income_account_id = $7,
               tax_rate = $8, template_schedule = $9::jsonb, template_statement_reference = $10,
               template_auto_trigger = $11, updated_at = now()
        WHERE id = $1 RETURNING \(columns)
        """)

    static let byID = PostgresStatement("invoicing_item_by_id", "SELECT \(columns) FROM items WHERE id = $1")

    static let byIDs = PostgresStatement(
        "invoicing_items_by_ids", "SELECT \(columns) FROM items WHERE id = ANY($1::uuid[])")

    static let archive = PostgresStatement.setArchived("invoicing_item_archive", table: "items", returning: columns)

    static let list = PostgresStatement.newestFirstPage(
        "invoicing_item_list", columns: columns, from: "items", filterParameters: 1,
        where: "($1 OR archived_at IS NULL)")

    /// Which of the given accounts exist and are active.
    static let activeAccounts = PostgresStatement(
        "invoicing_active_accounts", "SELECT id FROM accounts WHERE id = ANY($1::uuid[]) AND archived_at IS NULL")
}
