import Domain
import Foundation
import Postgres

/// Recurring expenses as a recurring source: each occurrence becomes an expense dated its posting date with its
/// GL entry (Dr the category's expense account / Cr the vendor's AP, or bank for a paid template), in the EOD's
/// transaction; the unique (template, occurrence date) row keeps it single.
public struct RecurringExpenseSource: TableRecurringSource {
    public let name = "recurring_expenses"
    public init() {}

    public let table = RecurringSourceTable("recurring_expenses")

    public func post(
        _ source: DueRecurringSource, _ occurrence: Occurrence, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int {
        try RecurringExpenseRepository(connection).postOccurrence(
            templateID: try source.uuid(), occurrence: occurrence, context: tenant.scheduleContext)
        return 0
    }
}
