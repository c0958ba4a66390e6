import Domain
import Foundation
import Postgres

/// A kind of recurring thing that the EOD turns into documents: recurring invoice setups, recurring expenses,
/// recurring tasks, recurring sales orders. The runner drives every kind the same way; a kind only knows its
/// own tables.
///
/// Every method runs inside the runner's tenant-bound transaction on `connection`.
public protocol RecurringSourceKind: Sendable {
    /// The kind's name in run logs and counts, e.g. `invoice_setups`.
    var name: String { get }

    /// Active sources whose next posting date is unknown (NULL) or on or before `asOf`, in a stable order,
    /// at most `limit`, locked for update.
    func dueSources(asOf: CalendarDate, limit: Int, on connection: PostgresConnection) throws -> [DueRecurringSource]

    /// Posts one occurrence: its documents and ledger entry, the (source, occurrence) record that a unique
    /// constraint keeps single, the cursor, and any notification. Returns the notifications written. `asOf` is the
    /// EOD's business date, which dates the documents a catch-up posts (docs/invoicing.md, "Numbering and dating").
    func post(
        _ source: DueRecurringSource, _ occurrence: Occurrence, asOf: CalendarDate, tenant: TenantContext,
        on connection: PostgresConnection
    ) throws -> Int

    /// Stores when the source is next due (`nil`: never again) and when its schedule ends (`nil`: open-ended).
    func setNextPosting(
        _ source: DueRecurringSource, date: CalendarDate?, scheduleEndsOn: CalendarDate?,
        on connection: PostgresConnection
    ) throws

    /// Posts one batch: every listed occurrence of every listed source, in order, then each source's next
    /// posting date. Returns the notifications written and the invoices dated later than their occurrence. The
    /// default posts one occurrence at a time with ``post(_:_:asOf:tenant:on:)`` (and reports no redated invoice); a
    /// kind with a set-based path (recurring invoices) writes the whole batch with one statement per table.
    func postBatch(_ batch: [SourcePostings], asOf: CalendarDate, tenant: TenantContext, on connection: PostgresConnection)
        throws -> RecurringBatchResult
}

/// What one batch wrote besides its postings, for the run's counts.
public struct RecurringBatchResult: Sendable, Hashable {
    /// Notifications written (outbox rows).
    public var notifications: Int
    /// Invoices dated later than their occurrence's posting date (lock date, chronological numbering, `eod_date`
    /// dating): the run's `redated_invoices` (docs/eod.md, "Run log").
    public var redatedInvoices: Int

    public init(notifications: Int, redatedInvoices: Int = 0) {
        self.notifications = notifications
        self.redatedInvoices = redatedInvoices
    }
}

/// What one batch posts for one source: its pending occurrences (possibly none, when the batch is full) and when
/// it is next due afterwards.
public struct SourcePostings: Sendable {
    public let source: DueRecurringSource
    /// In date order.
    public let occurrences: [Occurrence]
    /// `nil`: never again.
    public let nextPostingDate: CalendarDate?
    /// `nil`: open-ended.
    public let scheduleEndsOn: CalendarDate?

    public init(
        source: DueRecurringSource, occurrences: [Occurrence], nextPostingDate: CalendarDate?,
        scheduleEndsOn: CalendarDate?
    ) {
        self.source = source
        self.occurrences = occurrences
        self.nextPostingDate = nextPostingDate
        self.scheduleEndsOn = scheduleEndsOn
    }
}

extension RecurringSourceKind {
    public func postBatch(
        _ batch: [SourcePostings], asOf: CalendarDate, tenant: TenantContext, on connection: PostgresConnection
    ) throws -> RecurringBatchResult {
        var notifications = 0
        for item in batch {
            for occurrence in item.occurrences {
                notifications += try post(item.source, occurrence, asOf: asOf, tenant: tenant, on: connection)
            }
            try setNextPosting(
                item.source, date: item.nextPostingDate, scheduleEndsOn: item.scheduleEndsOn, on: connection)
        }
        return RecurringBatchResult(notifications: notifications)
    }
}

/// A source that may have occurrences to post.
public struct DueRecurringSource: Sendable, Hashable {
    /// The source's id (a uuid as text).
    public let id: String
    public let schedule: Schedule
    /// The index of the last occurrence posted (the cursor), if any.
    public let lastPostedIndex: Int?
    /// Occurrences whose posting date is on or before this are skipped (a setup resumed without catch-up).
    public let skipThrough: CalendarDate?
    /// How many days before its posting date an occurrence is posted (a recurring task's `lead_days`, so that its
    /// reminders fire on time); 0 for every other kind.
    public let leadDays: Int

    public init(id: String, schedule: Schedule, lastPostedIndex: Int?, skipThrough: CalendarDate?, leadDays: Int = 0) {
        self.id = id
        self.schedule = schedule
        self.lastPostedIndex = lastPostedIndex
        self.skipThrough = skipThrough
        self.leadDays = leadDays
    }

    /// The occurrences still to post by the EOD of `asOf`, in order: after the cursor, after the skip date, posting on
    /// or before `asOf` + ``leadDays``.
    public func pending(through asOf: CalendarDate, context: ScheduleContext) -> OccurrenceSequence {
        var occurrences = schedule.occurrences(context: context)
        if let lastPostedIndex { occurrences = occurrences.occurrences(afterIndex: lastPostedIndex) }
        return occurrences.posted(after: skipThrough, through: horizon(asOf))
    }

    /// The first occurrence after the cursor that the EOD of `asOf` leaves for a later EOD: when the source is next
    /// due is its ``postedOn(_:)``.
    public func next(after asOf: CalendarDate, context: ScheduleContext) -> Occurrence? {
        var occurrences = schedule.occurrences(context: context)
        if let lastPostedIndex { occurrences = occurrences.occurrences(afterIndex: lastPostedIndex) }
        let horizon = horizon(asOf)
        let floor = max(horizon, skipThrough ?? horizon)
        return occurrences.next(after: floor)
    }

    /// The EOD date that posts `occurrence`: its posting date less ``leadDays``.
    public func postedOn(_ occurrence: Occurrence) -> CalendarDate {
        occurrence.postingDate.checkedAdding(days: -leadDays) ?? occurrence.postingDate
    }

    /// The last posting date the EOD of `asOf` reaches.
    private func horizon(_ asOf: CalendarDate) -> CalendarDate {
        asOf.checkedAdding(days: leadDays) ?? asOf
    }

    /// The due date of the schedule's last occurrence, if it is bounded.
    public func scheduleEnd(context: ScheduleContext) -> CalendarDate? {
        let occurrences = schedule.occurrences(context: context)
        let bounded = schedule.end != nil || schedule.count != nil || schedule.totalDurationDays != nil
        guard bounded, let last = occurrences.last else { return nil }
        return last.dueDate
    }
}

/// The EOD bookkeeping that every recurring-source table shares — columns `id`, `schedule`, `is_active`,
/// `skip_through`, `last_posted_index`, `next_posting_date` (the EOD date that next posts something: the posting date
/// less any lead), `schedule_ends_on` — as two named statements.
public struct RecurringSourceTable: Sendable {
    let due: PostgresStatement
    let setNext: PostgresStatement

    /// `table` is a fixed table name of this codebase (never input); `lead` its lead-time column in days
    /// (``DueRecurringSource/leadDays``), if it has one.
    init(_ table: StaticString, lead: StaticString? = nil) {
        let name = "\(table)"
        let leadDays = lead.map { "\($0)" } ?? "0"
        due = PostgresStatement(
            "eod_\(name)_due",
            """
            SELECT id::text AS id, schedule::text AS schedule, last_posted_index, skip_through, \(leadDays) AS lead_days
            FROM \(name)
            WHERE is_active AND (next_posting_date IS NULL OR next_posting_date <= $1::date)
            ORDER BY id LIMIT $2
            FOR UPDATE
            """)
        setNext = PostgresStatement(
            "eod_\(name)_set_next",
            """
            UPDATE \(name)
            SET next_posting_date = coalesce($2::date, 'infinity'::date), schedule_ends_on = $3::date
            WHERE id = $1::uuid
            """)
    }
}

/// A recurring source kept in a table with the standard EOD columns: finding due sources and storing the next
/// due date come for free; the kind writes only ``RecurringSourceKind/post(_:_:asOf:tenant:on:)``.
public protocol TableRecurringSource: RecurringSourceKind {
    var table: RecurringSourceTable { get }
}

extension TableRecurringSource {
    public func dueSources(asOf: CalendarDate, limit: Int, on connection: PostgresConnection) throws
        -> [DueRecurringSource]
    {
        try connection.query(table.due, [asOf, limit]).map(DueRecurringSource.init(templateRow:))
    }

    public func setNextPosting(
        _ source: DueRecurringSource, date: CalendarDate?, scheduleEndsOn: CalendarDate?,
        on connection: PostgresConnection
    ) throws {
        try connection.query(table.setNext, [source.id, date, scheduleEndsOn])
    }
}

extension DueRecurringSource {
    /// A source from a row of `id`, `schedule` (JSON text), `last_posted_index`, `skip_through`, `lead_days`.
    init(templateRow row: PostgresRow) throws {
        self.init(
            id: try row.decode(String.self, "id"),
            schedule: try Schedule.decode(json: try row.decode(String.self, "schedule")),
            lastPostedIndex: try row.decode(Int?.self, "last_posted_index"),
            skipThrough: try row.decode(CalendarDate?.self, "skip_through"),
            leadDays: try row.decode(Int.self, "lead_days"))
    }

    /// The id as a uuid.
    func uuid() throws -> UUID {
        var text = id
        guard let id = text.withUTF8({ UUID(text: $0) }) else {
            throw PostgresError.invalidUsage("recurring source id is not a uuid")
        }
        return id
    }
}
