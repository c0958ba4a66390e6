import Domain
import Postgres

/// Writes "your subscription ends in N days" notifications (per-tenant offsets, default 30, 7 and 1 days before
/// the due date of a setup's last invoice). After downtime only the nearest offset is written, not a burst of
/// every missed one. Each (setup, offset) at most once.
public struct SubscriptionEndingReminders: EODStep {
    public let name = "subscription_ending"
    public init() {}

    static let insert = PostgresStatement(
        "eod_subscription_ending_reminders",
        """
        WITH offsets AS (
            SELECT e.days_text::int AS days
            FROM tenant_settings t, jsonb_array_elements_text(t.value) AS e(days_text)
            WHERE t.key = 'reminders.subscription_ending_days')
        INSERT INTO notification_outbox (kind, dedupe_key, recipient, subject, body, payload)
        SELECT 'subscription_ending', 'subscription_ending:' || s.id || ':' || d.days, p.email,
               'Your subscription ends on ' || s.schedule_ends_on,
               'Dear ' || p.name || ', the recurring invoicing "' || coalesce(s.description, s.statement_reference)
                   || '" ends on ' || s.schedule_ends_on || ' (' || (s.schedule_ends_on - $1::date)
                   || ' day(s) from now). Contact us to renew.',
               jsonb_build_object('setup_id', s.id, 'ends_on', s.schedule_ends_on, 'days_before', d.days,
                                  'party_id', p.id, 'party_name', p.name,
                                  'description', coalesce(s.description, s.statement_reference))
        FROM recurring_invoice_setups s
        JOIN parties p ON p.id = s.party_id
        CROSS JOIN LATERAL (
            SELECT min(o.days) AS days FROM offsets o WHERE s.schedule_ends_on - o.days <= $1::date) AS d
        WHERE s.is_active AND s.schedule_ends_on IS NOT NULL AND s.schedule_ends_on >= $1::date
          -- Only setups within reach of the largest offset can have one due: the rest are skipped before the
          -- per-setup lookup (the same rows as without this line, about 5 µs a setup less).
          AND s.schedule_ends_on <= $1::date + (SELECT max(o.days) FROM offsets o)
          AND d.days IS NOT NULL
        ON CONFLICT (dedupe_key) DO NOTHING
        """)

    public func run(tenant: TenantContext, asOf: CalendarDate, on connection: PostgresConnection) throws -> Int {
        try connection.query(Self.insert, [asOf]).affectedRows
    }
}

/// Writes "invoice N is overdue" notifications (per-tenant offsets, default 1, 7 and 14 days after the due
/// date) for issued and partly paid invoices, then, when the tenant sets `reminders.overdue_repeat_days` N, every
/// N days after the last offset until the invoice is paid or voided (dunning). After downtime only the latest
/// applicable offset is written. Each (invoice, offset) at most once.
public struct OverdueInvoiceReminders: EODStep {
    public let name = "invoice_overdue"
    public init() {}

    static let insert = PostgresStatement(
        "eod_overdue_invoice_reminders",
        """
        WITH offsets AS MATERIALIZED (
            SELECT e.days_text::int AS days
            FROM tenant_settings t, jsonb_array_elements_text(t.value) AS e(days_text)
            WHERE t.key = 'reminders.overdue_days'),
        -- The latest offset reminded per invoice, from the partial index of overdue reminders (0017): one pass,
        -- not one outbox lookup per invoice.
        reminded AS (
            SELECT (n.payload ->> 'invoice_id')::uuid AS invoice_id,
                   max((n.payload ->> 'reminder_offset_days')::int) AS days
            FROM notification_outbox n WHERE n.kind = 'invoice_overdue' GROUP BY 1),
        -- Dunning after the last offset: every `every` days (0: never).
        dunning AS MATERIALIZED (
            SELECT (SELECT max(days) FROM offsets) AS last_offset,
                   coalesce((SELECT (t.value #>> '{}')::int FROM tenant_settings t
                             WHERE t.key = 'reminders.overdue_repeat_days'), 0) AS every),
        -- Per open overdue invoice, the latest offset reached and not yet reminded (none: nothing to write): a
        -- configured one, or the last repeat reached after them.
        reached AS (
            SELECT i.id, o.days
            FROM invoices i
            JOIN offsets o ON i.due_date + o.days <= $1::date
            WHERE i.status IN ('issued', 'partiallyPaid') AND i.due_date < $1::date
            UNION ALL
            SELECT i.id, g.last_offset + (($1::date - i.due_date - g.last_offset) / g.every) * g.every
            FROM invoices i CROSS JOIN dunning g
            WHERE g.every > 0 AND i.status IN ('issued', 'partiallyPaid')
              AND i.due_date <= $1::date - g.last_offset - g.every),
        due AS (
            SELECT x.id, max(x.days) AS days
            FROM reached x LEFT JOIN reminded r ON r.invoice_id = x.id
            WHERE r.days IS NULL OR r.days < x.days
            GROUP BY x.id)
        INSERT INTO notification_outbox (kind, dedupe_key, recipient, subject, body, payload)
        SELECT 'invoice_overdue', 'invoice_overdue:' || i.id || ':' || d.days, p.email,
               'Invoice ' || i.number || ' is overdue',
               'Dear ' || p.name || ', invoice ' || i.number || ' of ' || i.invoice_date || ' was due on '
                   || i.due_date || '. Amount outstanding: ' || \(outstanding) || ' ' || i.currency || '.',
               jsonb_build_object('invoice_id', i.id, 'number', i.number, 'due_date', i.due_date,
                                  'days_overdue', $1::date - i.due_date, 'reminder_offset_days', d.days,
                                  'outstanding', (\(outstanding))::text, 'currency', i.currency,
                                  'invoice_date', i.invoice_date, 'party_id', p.id, 'party_name', p.name)
        FROM due d
        JOIN invoices i ON i.id = d.id
        JOIN parties p ON p.id = i.party_id
        ON CONFLICT (dedupe_key) DO NOTHING
        """)

    public func run(tenant: TenantContext, asOf: CalendarDate, on connection: PostgresConnection) throws -> Int {
        try connection.query(Self.insert, [asOf] + CurrencySQL.parameters).affectedRows
    }

    /// What the invoice still owes, in its currency's minor units ($2/$3: ``CurrencySQL/parameters``).
    private static let outstanding = CurrencySQL.rounded("i.total - i.amount_paid - i.credit_applied", currency: "i.currency", codes: "$2", units: "$3")
}
