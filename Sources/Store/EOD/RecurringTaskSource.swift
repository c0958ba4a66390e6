import Domain
import Postgres

/// Recurring tasks as a recurring source: each occurrence creates one open task due on the occurrence's due date,
/// exactly once (unique template and occurrence date), in the EOD's transaction.
public struct RecurringTaskSource: RecurringSourceKind {
    public let name = "recurring_tasks"
    public init() {}

    static let due = PostgresStatement(
        "eod_recurring_tasks_due",
        """
        SELECT id::text AS id, schedule::text AS schedule, last_posted_index, skip_through
        FROM recurring_tasks
        WHERE is_active AND (next_posting_date IS NULL OR next_posting_date <= $1::date)
        ORDER BY id LIMIT $2
        FOR UPDATE
        """)

    static let setNext = PostgresStatement(
        "eod_recurring_tasks_set_next",
        """
        UPDATE recurring_tasks
        SET next_posting_date = coalesce($2::date, 'infinity'::date), schedule_ends_on = $3::date
        WHERE id = $1::uuid
        """)

    public func dueSources(asOf: CalendarDate, limit: Int, on connection: PostgresConnection) throws
        -> [DueRecurringSource]
    {
        try connection.query(Self.due, [asOf, limit]).map(DueRecurringSource.init(templateRow:))
    }

    public func setNextPosting(
        _ source: DueRecurringSource, date: CalendarDate?, scheduleEndsOn: CalendarDate?,
        on connection: PostgresConnection
    ) throws {
        try connection.query(Self.setNext, [source.id, date, scheduleEndsOn])
    }

    public func post(
        _ source: DueRecurringSource, _ occurrence: Occurrence, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int {
        try RecurringTaskRepository(connection).postOccurrence(
            templateID: try source.uuid(), occurrence: occurrence, context: tenant.scheduleContext)
        return 0
    }
}
