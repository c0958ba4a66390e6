import Domain
import Postgres

/// Recurring sales orders as a recurring source: each occurrence becomes a new sales order copying the template
/// order, dated its posting date and confirmed (its invoice issued, numbered and posted to the ledger), plus an
/// "invoice issued" notification, in the EOD's transaction; the unique (template, occurrence date) row keeps it
/// single. The `recurring_sales_orders` view gives `sales_orders` the standard EOD columns.
public struct RecurringSalesOrderSource: TableRecurringSource {
    public let name = "recurring_sales_orders"
    public init() {}

    public let table = RecurringSourceTable("recurring_sales_orders")

    public func post(
        _ source: DueRecurringSource, _ occurrence: Occurrence, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int {
        let posted = try SalesOrderRepository(connection).postRecurringOccurrence(
            templateID: try source.uuid(), occurrence: occurrence, context: tenant.scheduleContext)
        return try InvoiceIssuedNotification.write(invoiceIDs: [posted.invoiceID], on: connection)
    }
}
