import Postgres

/// The parties' SQL.
enum PartyStatements {
    static let columns =
        """
        id, kind, name, email, control_account_id, payment_terms_days, currency, billing_address::text AS billing_address, \
        vat_id, registration_id, buyer_reference, reminders_opt_out, language, array_to_json(billing_cc)::text AS billing_cc, \
        archived_at, created_at, updated_at, \
        (SELECT coalesce(sum(c.customer_credit - c.credit_used), 0) FROM credit_notes c
         WHERE c.party_id = parties.id AND c.credit_used < c.customer_credit) AS credit_balance
        """

    static let insert = PostgresStatement(
        "invoicing_party_insert",
        """
        INSERT INTO parties (kind, name, email, control_account_id, payment_terms_days, currency, billing_address, vat_id,
                             registration_id, buyer_reference, reminders_opt_out, language, billing_cc)
        VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13::text[]) RETURNING \(columns)
        """)

    static let byID = PostgresStatement("invoicing_party_by_id", "SELECT \(columns) FROM parties WHERE id = $1")

    static let byIDs = PostgresStatement(
        "invoicing_parties_by_ids", "SELECT \(columns) FROM parties WHERE id = ANY($1::uuid[])")

    static let update = PostgresStatement(
        "invoicing_party_update",
        """
        UPDATE parties SET name = $2, email = $3, control_account_id = $4, payment_terms_days = $5, currency = $6,
               billing_address = $7::jsonb, vat_id = $8, registration_id = $9, buyer_reference = $10,
               reminders_opt_out = $11, language = $12, billing_cc = $13::text[], updated_at = now()
        WHERE id = $1 RETURNING \(columns)
        """)

    static let archive = PostgresStatement.setArchived("invoicing_party_archive", table: "parties", returning: columns)

    /// $1 kind or NULL, $2 include archived, $3/$4 cursor, $5 limit.
    static let list = PostgresStatement.newestFirstPage(
        "invoicing_party_list", columns: columns, from: "parties", filterParameters: 2,
        where: "($1::text IS NULL OR kind = $1) AND ($2 OR archived_at IS NULL)")

    /// Whether the party has any document (then its currency is fixed).
    static let hasDocuments = PostgresStatement(
        "invoicing_party_has_documents",
        """
        SELECT EXISTS (SELECT 1 FROM invoices WHERE party_id = $1)
            OR EXISTS (SELECT 1 FROM recurring_invoice_setups WHERE party_id = $1)
            OR EXISTS (SELECT 1 FROM sales_orders WHERE party_id = $1) AS used
        """)
}
