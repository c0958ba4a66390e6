import Domain
import Postgres

/// Recurring invoice setups as a recurring source: each occurrence becomes an issued invoice with its number,
/// lines, expanded statement reference and GL entry (Dr the party's AR/AP, Cr the mapped account), plus an
/// "invoice issued" notification, in the EOD's transaction.
public struct InvoiceSetupSource: RecurringSourceKind {
    public let name = "invoice_setups"
    public init() {}

    static let due = PostgresStatement(
        "eod_invoice_setups_due",
        """
        SELECT id::text AS id, schedule::text AS schedule, last_posted_index, skip_through
        FROM recurring_invoice_setups
        WHERE is_active AND (next_posting_date IS NULL OR next_posting_date <= $1::date)
        ORDER BY id LIMIT $2
        FOR UPDATE
        """)

    static let setNext = PostgresStatement(
        "eod_invoice_setups_set_next",
        """
        UPDATE recurring_invoice_setups
        SET next_posting_date = coalesce($2::date, 'infinity'::date), schedule_ends_on = $3::date
        WHERE id = $1::uuid
        """)

    public func dueSources(asOf: CalendarDate, limit: Int, on connection: PostgresConnection) throws
        -> [DueRecurringSource]
    {
        try connection.query(Self.due, [asOf, limit]).map { row in
            DueRecurringSource(
                id: try row.decode(String.self, "id"),
                schedule: try Schedule.decode(json: try row.decode(String.self, "schedule")),
                lastPostedIndex: try row.decode(Int?.self, "last_posted_index"),
                skipThrough: try row.decode(CalendarDate?.self, "skip_through"))
        }
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
