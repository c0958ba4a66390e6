import Domain
import Postgres

/// Writes "task due" notifications for open tasks: the task's own offsets in days before the due date
/// (`reminder_days`), else the tenant's (`reminders.task_due_days`, default 1 and 0 — the day before and on the
/// day). After downtime only the nearest offset is written, never a burst. Each (task, due date, offset) at most once: rescheduling a task reminds again.
/// The recipient is the assignee when it is an e-mail address.
public struct TaskDueReminders: EODStep {
    public let name = "task_due"
    public init() {}

    static let insert = PostgresStatement(
        "eod_task_due_reminders",
        """
        INSERT INTO notification_outbox (kind, dedupe_key, recipient, subject, body, payload)
        SELECT 'task_due', 'task_due:' || t.id || ':' || t.due_date || ':' || d.days,
               CASE WHEN t.assignee ~ '^[^@[:space:]]+@[^@[:space:]]+$' THEN t.assignee END,
               CASE WHEN d.days = 0 THEN 'Task due today: ' ELSE 'Task due in ' || d.days || ' day(s): ' END
                   || left(t.title, 250),
               'The task "' || t.title || '" is due on ' || t.due_date || '.'
                   || coalesce(' Assigned to ' || t.assignee || '.', ''),
               jsonb_build_object('task_id', t.id, 'due_date', t.due_date, 'days_before', d.days,
                                  'assignee', t.assignee, 'title', t.title)
        FROM tasks t
        CROSS JOIN LATERAL (
            SELECT min(o.days) AS days
            FROM unnest(coalesce(t.reminder_days, ARRAY(
                     SELECT e.days_text::int FROM tenant_settings s, jsonb_array_elements_text(s.value) AS e(days_text)
                     WHERE s.key = 'reminders.task_due_days'))) AS o(days)
            WHERE o.days >= 0 AND t.due_date - o.days <= $1::date) AS d
        WHERE t.status = 'open' AND t.due_date IS NOT NULL AND t.due_date >= $1::date AND d.days IS NOT NULL
        ON CONFLICT (dedupe_key) DO NOTHING
        """)

    public func run(tenant: TenantContext, asOf: CalendarDate, on connection: PostgresConnection) throws -> Int {
        try connection.query(Self.insert, [asOf]).affectedRows
    }
}
