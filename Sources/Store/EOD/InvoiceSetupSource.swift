import Domain
import Postgres

/// Recurring invoice setups as a recurring source: each occurrence becomes an issued invoice with its number,
/// lines, expanded statement reference and GL entry (Dr the party's AR/AP, Cr the mapped account), plus an
/// "invoice issued" notification, in the EOD's transaction.
public struct InvoiceSetupSource: TableRecurringSource {
    public let name = "invoice_setups"
    public init() {}

    public let table = RecurringSourceTable("recurring_invoice_setups")

    public func post(
        _ source: DueRecurringSource, _ occurrence: Occurrence, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int {
        let invoiceID = try RecurringInvoicePosting.post(
            setupID: source.id, occurrence: occurrence, tenant: tenant, on: connection)
        return try InvoiceIssuedNotification.write(invoiceID: invoiceID, on: connection)
    }
}

/// The "invoice issued" e-mail, written once per invoice.
enum InvoiceIssuedNotification {
    static let insert = PostgresStatement(
        "eod_invoice_issued_notification",
        """
        INSERT INTO notification_outbox (kind, dedupe_key, recipient, subject, body, payload)
        SELECT 'invoice_issued', 'invoice_issued:' || i.id, p.email,
               'Invoice ' || i.number || ' from your supplier',
               'Dear ' || p.name || ', please find invoice ' || i.number || ' of ' || i.invoice_date || ' for '
                   || i.total || ' ' || i.currency || ', due on ' || i.due_date || '.'
                   || coalesce(' Reference: ' || i.statement_reference, ''),
               jsonb_build_object('invoice_id', i.id, 'number', i.number, 'total', i.total::text,
                                  'currency', i.currency, 'due_date', i.due_date)
        FROM invoices i JOIN parties p ON p.id = i.party_id
        WHERE i.id = $1::uuid
        ON CONFLICT (dedupe_key) DO NOTHING
        """)

    static func write(invoiceID: String, on connection: PostgresConnection) throws -> Int {
        try connection.query(insert, [invoiceID]).affectedRows
    }
}
