import Domain
import Foundation
import Postgres

/// Recurring expenses as a recurring source: each occurrence becomes an expense dated its posting date with its
/// GL entry (Dr the category's expense account / Cr the vendor's AP, or bank for a paid template), in the EOD's
/// transaction; the unique (template, occurrence date) row keeps it single.
public struct RecurringExpenseSource: RecurringSourceKind {
    public let name = "recurring_expenses"
    public init() {}

    static let due = PostgresStatement(
        "eod_recurring_expenses_due",
        """
        SELECT id::text AS id, schedule::text AS schedule, last_posted_index, skip_through
        FROM recurring_expenses
        WHERE is_active AND (next_posting_date IS NULL OR next_posting_date <= $1::date)
        ORDER BY id LIMIT $2
        FOR UPDATE
        """)

    static let setNext = PostgresStatement(
        "eod_recurring_expenses_set_next",
        """
        UPDATE recurring_expenses
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
        try RecurringExpenseRepository(connection).postOccurrence(
            templateID: try source.uuid(), occurrence: occurrence, context: tenant.scheduleContext)
        return 0
    }
}

extension DueRecurringSource {
    /// A source from a row of `id`, `schedule` (JSON text), `last_posted_index`, `skip_through`.
    init(templateRow row: PostgresRow) throws {
        self.init(
            id: try row.decode(String.self, "id"),
            schedule: try Schedule.decode(json: try row.decode(String.self, "schedule")),
            lastPostedIndex: try row.decode(Int?.self, "last_posted_index"),
            skipThrough: try row.decode(CalendarDate?.self, "skip_through"))
    }

    /// The id as a uuid.
    func uuid() throws -> UUID {
        guard let id = UUID(uuidString: id) else { throw PostgresError.invalidUsage("recurring source id is not a uuid") }
        return id
    }
}
