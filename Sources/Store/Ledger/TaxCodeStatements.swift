import Postgres

/// The tax codes' SQL.
enum TaxCodeStatements {
    /// Whether any document or template names the code (`c`): what fixes its rate, category and accounts.
    static let used = """
        (EXISTS (SELECT 1 FROM invoice_lines l WHERE l.tax_code_id = c.id)
         OR EXISTS (SELECT 1 FROM recurring_invoice_setup_lines l WHERE l.tax_code_id = c.id)
         OR EXISTS (SELECT 1 FROM recurring_invoice_setups s WHERE s.tax_code_id = c.id)
         OR EXISTS (SELECT 1 FROM sales_order_lines l WHERE l.tax_code_id = c.id)
         OR EXISTS (SELECT 1 FROM recurring_sales_order_lines l WHERE l.tax_code_id = c.id)
         OR EXISTS (SELECT 1 FROM expenses e WHERE e.tax_code_id = c.id)
         OR EXISTS (SELECT 1 FROM recurring_expenses e WHERE e.tax_code_id = c.id)) AS used
        """

    static let columns = """
        c.id, c.code, c.name, c.rate, c.category, c.exemption_reason, c.payable_account_id, c.receivable_account_id,
        c.archived_at, c.created_at, c.updated_at
        """

    static let insert = PostgresStatement(
        "tax_codes_insert",
        """
        WITH c AS (
            INSERT INTO tax_codes (code, name, rate, category, exemption_reason, payable_account_id, receivable_account_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
        SELECT \(columns), false AS used FROM c
        """)

    static let byID = PostgresStatement(
        "tax_codes_by_id", "SELECT \(columns), \(used) FROM tax_codes c WHERE c.id = $1")

    /// The code locked for a change, with whether it is used.
    static let lock = PostgresStatement(
        "tax_codes_lock", "SELECT \(columns), \(used) FROM tax_codes c WHERE c.id = $1 FOR UPDATE")

    /// Codes by id, for resolving document lines (usage not needed).
    static let byIDs = PostgresStatement(
        "tax_codes_by_ids", "SELECT \(columns), false AS used FROM tax_codes c WHERE c.id = ANY($1::uuid[])")

    /// $1 include archived, $2/$3 cursor, $4 limit; newest first.
    static let list = PostgresStatement(
        "tax_codes_list",
        """
        SELECT \(columns), \(used), c.created_at::text AS cursor_at FROM tax_codes c
        WHERE ($1::boolean OR c.archived_at IS NULL)
          AND ($2::timestamptz IS NULL OR (c.created_at, c.id) < ($2::timestamptz, $3::uuid))
        ORDER BY c.created_at DESC, c.id DESC LIMIT $4
        """)

    static let update = PostgresStatement(
        "tax_codes_update",
        """
        UPDATE tax_codes SET name = $2, rate = $3, category = $4, exemption_reason = $5, payable_account_id = $6,
               receivable_account_id = $7, updated_at = now()
        WHERE id = $1
        """)

    /// $2 true archives (keeping the first archival time), false restores.
    static let archive = PostgresStatement.setArchived("tax_codes_archive", table: "tax_codes")
}
