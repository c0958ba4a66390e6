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
        _ source: DueRecurringSource, _ occurrence: Occurrence, asOf: CalendarDate, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int {
        let invoices = try RecurringInvoiceBatch(db: connection).post(
            [RecurringInvoiceBatchItem(setupID: try source.uuid(), occurrences: [occurrence], next: nil)], eodDate: asOf)
        return try InvoiceIssuedNotification.write(invoices, on: connection)
    }

    /// The whole batch through ``RecurringInvoiceBatch``: one statement per table, then one for the outbox. Counts
    /// the invoices dated later than their occurrence's posting date.
    public func postBatch(
        _ batch: [SourcePostings], asOf: CalendarDate, tenant: TenantContext, on connection: PostgresConnection
    ) throws -> RecurringBatchResult {
        let items = try batch.map {
            RecurringInvoiceBatchItem(
                setupID: try $0.source.uuid(), occurrences: $0.occurrences,
                next: .init(date: $0.nextPostingDate, scheduleEndsOn: $0.scheduleEndsOn), schedule: $0.source.schedule)
        }
        let invoices = try RecurringInvoiceBatch(db: connection).post(items, eodDate: asOf)
        return RecurringBatchResult(
            notifications: try InvoiceIssuedNotification.write(invoices, on: connection),
            redatedInvoices: invoices.count(where: \.isRedated))
    }
}
