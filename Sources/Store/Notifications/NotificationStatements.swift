import Postgres

/// The outbox's statements: listing and reading for the API, claiming and recording for delivery workers.
enum NotificationStatements {
    static let columns = """
        id, kind, status, recipient, subject, body, payload::text AS payload, attempts, created_at,
        CASE WHEN status IN ('pending', 'retrying') THEN next_attempt_at END AS next_attempt_at, sent_at, last_error,
        (payload ->> 'invoice_id')::uuid AS invoice_id
        """

    /// $1 kind, $2 status, $3 recipient, $4 invoice, $5/$6 cursor, $7 limit.
    static let list = PostgresStatement.newestFirstPage(
        "notifications_list", columns: columns, from: "notification_outbox", filterParameters: 4,
        where: """
            ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR lower(recipient) = lower($3))
              AND ($4::uuid IS NULL OR (payload ->> 'invoice_id') = $4::text)
            """)

    static let read = PostgresStatement("notifications_read", "SELECT \(columns) FROM notification_outbox WHERE id = $1")

    static let attempts = PostgresStatement(
        "notifications_attempts",
        """
        SELECT attempt, started_at, finished_at, outcome, code, detail FROM notification_attempts
        WHERE notification_id = $1 ORDER BY attempt
        """)

    /// Puts a failed, cancelled or sent notification back in the queue, due now, with a fresh set of attempts
    /// counted on from where it was (the attempt log keeps growing).
    static let resend = PostgresStatement(
        "notifications_resend",
        """
        UPDATE notification_outbox
        SET status = 'pending', next_attempt_at = now(), sent_at = NULL, last_error = NULL
        WHERE id = $1 AND status IN ('sent', 'failed', 'cancelled') AND kind NOT IN ('user_invitation', 'password_reset')
        RETURNING id
        """)

    /// Claims up to $1 due notifications for $2 seconds: pending or retrying ones due now, and those a worker
    /// claimed and never recorded (its lease ran out: the outcome is unknown, they go again). Locked rows are
    /// skipped, so workers on any number of hosts claim disjoint batches. `previous` says whether the last claim
    /// ran out.
    static let claim = PostgresStatement(
        "notifications_claim",
        """
        WITH \(DeliveryQueueSQL.dueRows(from: "notification_outbox q", alias: "q"))
        UPDATE notification_outbox n
        SET \(DeliveryQueueSQL.claiming("n"))
        FROM due WHERE n.id = due.due_id
        RETURNING \(columns), due.previous, n.link_secret,
            coalesce((n.payload ->> 'expires_at')::timestamptz <= now(), false) AS link_expired,
            (SELECT i.status FROM invoices i WHERE i.id = (n.payload ->> 'invoice_id')::uuid) AS invoice_status,
            (SELECT json_build_object('name', p.name, 'reminders_opt_out', p.reminders_opt_out, 'language', p.language,
                                      'billing_cc', p.billing_cc)::text
             FROM parties p
             WHERE p.id = coalesce((n.payload ->> 'party_id')::uuid,
                                   (SELECT i.party_id FROM invoices i WHERE i.id = (n.payload ->> 'invoice_id')::uuid)))
                AS party
        """)

    /// Records what became of claimed notifications, all in one statement: $1 ids, $2 the attempt each claim made,
    /// $3 statuses, $4 seconds until the next attempt (retrying), $5 outcomes, $6 codes, $7 details, $8 when each
    /// attempt started (Unix seconds), $9 the subject each e-mail was sent with (NULL: unchanged). A row is only written
    /// while the claim is still the one recorded (same attempt, still sending): a worker whose lease ran out and was
    /// overtaken records nothing.
    static let record = PostgresStatement(
        "notifications_record",
        """
        WITH \(DeliveryQueueSQL.outcomes(extra: [("$9::text[]", "subject")])),
        updated AS (
            UPDATE notification_outbox n
            SET \(DeliveryQueueSQL.recording("n")), subject = coalesce(o.subject, n.subject)
            FROM outcome o
            WHERE \(DeliveryQueueSQL.stillClaimed("n"))
            RETURNING n.id)
        INSERT INTO notification_attempts (notification_id, attempt, started_at, finished_at, outcome, code, detail)
        SELECT o.id, o.attempt, to_timestamp(o.started_at), now(), o.outcome, o.code, left(o.detail, 1000)
        FROM outcome o JOIN updated u ON u.id = o.id
        ON CONFLICT DO NOTHING
        """)

    /// The attempts a lease that ran out left unrecorded: $1 ids, $2 their previous attempt numbers.
    static let recordUnknown = PostgresStatement(
        "notifications_record_unknown", DeliveryQueueSQL.recordUnknown(into: "notification_attempts", idColumn: "notification_id", sameID: "Message-ID"))

    /// Tenants with something due, for workers deciding where to look: one cheap probe per tenant.
    static let anyDue = PostgresStatement(
        "notifications_any_due",
        DeliveryQueueSQL.anyDue(from: "notification_outbox q", alias: "q"))
}
