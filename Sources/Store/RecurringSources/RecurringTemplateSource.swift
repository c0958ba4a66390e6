import Domain
import Foundation
import Postgres

/// A kind of recurring template as an EOD source: each due occurrence posts through the kind's
/// ``RecurringTemplateStore/postOccurrence(templateID:occurrence:context:eodDate:)`` (documents, the occurrence record a
/// unique key keeps single, the cursor) in the EOD's transaction, then writes any notification.
public struct RecurringTemplateSource<Kind: RecurringTemplateKind>: TableRecurringSource {
    public let name: String
    public let table: RecurringSourceTable
    /// Writes the notifications of one posted document (by its id); returns how many.
    let notify: @Sendable (UUID, PostgresConnection) throws -> Int

    public func post(
        _ source: DueRecurringSource, _ occurrence: Occurrence, asOf: CalendarDate, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int {
        let document = try RecurringTemplateStore<Kind>(connection).postOccurrence(
            templateID: try source.uuid(), occurrence: occurrence, context: tenant.scheduleContext, eodDate: asOf)
        return try notify(document, connection)
    }
}

/// Recurring expenses: each occurrence an expense dated its posting date with its GL entry (Dr the category's
/// expense account / Cr the vendor's AP, or bank for a paid template).
public typealias RecurringExpenseSource = RecurringTemplateSource<RecurringExpenseKind>
/// Recurring tasks: each occurrence one open task due on the occurrence's due date, created `lead_days` before its
/// posting date.
public typealias RecurringTaskSource = RecurringTemplateSource<RecurringTaskKind>
/// Recurring sales orders: each occurrence a won order with its invoice issued and posted, plus an "invoice issued"
/// notification.
public typealias RecurringSalesOrderSource = RecurringTemplateSource<RecurringSalesOrderKind>

extension RecurringTemplateSource where Kind == RecurringExpenseKind {
    public init() { self.init(name: "recurring_expenses", table: RecurringSourceTable("recurring_expenses"), notify: { _, _ in 0 }) }
}

extension RecurringTemplateSource where Kind == RecurringTaskKind {
    public init() { self.init(name: "recurring_tasks", table: RecurringSourceTable("recurring_tasks", lead: "lead_days"), notify: { _, _ in 0 }) }
}

extension RecurringTemplateSource where Kind == RecurringSalesOrderKind {
    public init() {
        self.init(
            name: "recurring_sales_orders", table: RecurringSourceTable("recurring_sales_orders"),
            notify: { order, connection in try InvoiceIssuedNotification.write(salesOrderIDs: [order], on: connection) })
    }
}
