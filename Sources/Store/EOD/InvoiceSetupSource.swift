import Domain
import Foundation
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
        let invoices = try RecurringInvoiceBatch(db: connection).post(
            [RecurringInvoiceBatchItem(setupID: try source.uuid(), occurrences: [occurrence], next: nil)])
        return try InvoiceIssuedNotification.write(invoiceIDs: invoices, on: connection)
    }

    /// The whole batch through ``RecurringInvoiceBatch``: one statement per table, then one for the outbox.
    public func postBatch(_ batch: [SourcePostings], tenant: TenantContext, on connection: PostgresConnection) throws
        -> Int
    {
        let items = try batch.map {
            RecurringInvoiceBatchItem(
                setupID: try $0.source.uuid(), occurrences: $0.occurrences,
                next: .init(date: $0.nextPostingDate, scheduleEndsOn: $0.scheduleEndsOn), schedule: $0.source.schedule)
        }
        let invoices = try RecurringInvoiceBatch(db: connection).post(items)
        return try InvoiceIssuedNotification.write(invoiceIDs: invoices, on: connection)
    }
}

/// The "invoice issued" e-mail, written once per invoice, for any number of invoices in one statement.
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
        WHERE i.id = ANY($1::uuid[])
        ORDER BY i.sequence_number
        """)

    static func write(invoiceIDs: [UUID], on connection: PostgresConnection) throws -> Int {
        guard !invoiceIDs.isEmpty else { return 0 }
        return try connection.query(insert, [SQLArray(invoiceIDs)]).affectedRows
    }
}
