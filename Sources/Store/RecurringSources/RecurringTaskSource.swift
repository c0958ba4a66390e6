import Domain
import Postgres

/// Recurring tasks as a recurring source: each occurrence creates one open task due on the occurrence's due date,
/// exactly once (unique template and occurrence date), in the EOD's transaction.
public struct RecurringTaskSource: TableRecurringSource {
    public let name = "recurring_tasks"
    public init() {}

    public let table = RecurringSourceTable("recurring_tasks")

    public func post(
        _ source: DueRecurringSource, _ occurrence: Occurrence, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int {
        try RecurringTaskRepository(connection).postOccurrence(
            templateID: try source.uuid(), occurrence: occurrence, context: tenant.scheduleContext)
        return 0
    }
}
