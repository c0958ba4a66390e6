import Postgres

/// The statements of webhook endpoints and their deliveries (docs/delivery.md, "Webhooks").
enum WebhookStatements {
    static let endpointColumns = """
        id, url, array_to_string(event_types, ' ') AS event_types, description, enabled, disabled_reason, failing_since,
        CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END AS previous_secret_expires_at,
        created_at, updated_at
        """

    /// $1 url, $2 event types, $3 description, $4 enabled, $5 secret.
    static let insert = PostgresStatement(
        "webhooks_insert",
        """
        INSERT INTO webhook_endpoints (url, event_types, description, enabled, secret)
        VALUES ($1, $2::text[], $3, $4, $5)
        RETURNING \(endpointColumns)
        """)

    /// $1/$2 cursor, $3 limit.
    static let list = PostgresStatement.newestFirstPage(
        "webhooks_list", columns: endpointColumns, from: "webhook_endpoints")

    static let read = PostgresStatement("webhooks_read", "SELECT \(endpointColumns) FROM webhook_endpoints WHERE id = $1")

    /// $1 id, $2 url, $3 event types, $4 description, $5 enabled. Enabling clears the failure record.
    static let update = PostgresStatement(
        "webhooks_update",
        """
        UPDATE webhook_endpoints
        SET url = $2, event_types = $3::text[], description = $4, enabled = $5, updated_at = now(),
            failing_since = CASE WHEN $5 AND NOT enabled THEN NULL ELSE failing_since END,
            disabled_reason = CASE WHEN $5 THEN NULL ELSE disabled_reason END
        WHERE id = $1
        RETURNING \(endpointColumns)
        """)

    static let delete = PostgresStatement("webhooks_delete", "DELETE FROM webhook_endpoints WHERE id = $1")

    /// $1 id, $2 the new secret, $3 hours the current one keeps signing.
    static let rotate = PostgresStatement(
        "webhooks_rotate",
        """
        UPDATE webhook_endpoints
        SET previous_secret = CASE WHEN $3::int > 0 THEN secret END,
            previous_secret_expires_at = CASE WHEN $3::int > 0 THEN now() + make_interval(hours => $3::int) END,
            secret = $2, updated_at = now()
        WHERE id = $1
        RETURNING \(endpointColumns)
        """)

    static let deliveryColumns = """
        id, endpoint_id, event_id, event_type, payload::text AS payload, status, attempts,
        CASE WHEN status IN ('pending', 'retrying') THEN next_attempt_at END AS next_attempt_at,
        last_status_code, last_latency_ms, last_error, created_at, sent_at
        """

    /// $1 endpoint, $2 status, $3/$4 cursor, $5 limit.
    static let deliveries = PostgresStatement.newestFirstPage(
        "webhooks_deliveries", columns: deliveryColumns, from: "webhook_deliveries", filterParameters: 2,
        where: "endpoint_id = $1 AND ($2::text IS NULL OR status = $2)")

    static let delivery = PostgresStatement(
        "webhooks_delivery",
        "SELECT \(deliveryColumns) FROM webhook_deliveries WHERE endpoint_id = $1 AND id = $2")

    /// Queues a delivery again, due now, unless a worker holds it.
    static let redeliver = PostgresStatement(
        "webhooks_redeliver",
        """
        UPDATE webhook_deliveries
        SET status = 'pending', next_attempt_at = now(), sent_at = NULL, last_error = NULL
        WHERE endpoint_id = $1 AND id = $2 AND status <> 'sending'
        RETURNING id
        """)

    /// Claims up to $1 due deliveries of enabled endpoints for $2 seconds (a disabled endpoint's wait until it is
    /// enabled again), with the endpoint's URL and signing secrets.
    static let claim = PostgresStatement(
        "webhooks_claim",
        """
        WITH \(DeliveryQueueSQL.dueRows(
            from: "webhook_deliveries q JOIN webhook_endpoints qe ON qe.id = q.endpoint_id", alias: "q", where: "qe.enabled"))
        UPDATE webhook_deliveries d
        SET \(DeliveryQueueSQL.claiming("d"))
        FROM due, webhook_endpoints e
        WHERE d.id = due.due_id AND e.id = d.endpoint_id
        RETURNING d.id, d.event_id, d.payload::text AS payload, d.attempts, due.previous, e.url, e.secret,
            CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret
        """)

    /// Records a batch's outcomes in one statement ($1…$8 as the outbox's, $9 HTTP statuses, $10 latencies in ms,
    /// $11 seconds of failures after which an endpoint is disabled), keeps each endpoint's `failing_since` (set by a
    /// failure, cleared by a success), disables an endpoint failing that long and queues the `webhook_disabled`
    /// notification to the tenant's alert recipients.
    static let record = PostgresStatement(
        "webhooks_record",
        """
        WITH \(DeliveryQueueSQL.outcomes(extra: [("$9::int[]", "status_code"), ("$10::int[]", "latency_ms")])),
        updated AS (
            UPDATE webhook_deliveries d
            SET \(DeliveryQueueSQL.recording("d")), last_status_code = o.status_code, last_latency_ms = o.latency_ms
            FROM outcome o
            WHERE \(DeliveryQueueSQL.stillClaimed("d"))
            RETURNING d.id, d.endpoint_id),
        logged AS (
            INSERT INTO webhook_attempts (delivery_id, attempt, started_at, finished_at, outcome, status_code, latency_ms, detail)
            SELECT o.id, o.attempt, to_timestamp(o.started_at), now(), o.outcome, o.status_code, o.latency_ms, left(o.detail, 1000)
            FROM outcome o JOIN updated u ON u.id = o.id
            ON CONFLICT DO NOTHING),
        health AS (
            SELECT u.endpoint_id, bool_or(o.outcome = 'sent') AS succeeded,
                   coalesce(bool_and(o.outcome <> 'sent')
                            AND bool_or(e.enabled AND e.failing_since <= now() - make_interval(secs => $11)), false) AS disable
            FROM updated u JOIN outcome o ON o.id = u.id JOIN webhook_endpoints e ON e.id = u.endpoint_id
            GROUP BY u.endpoint_id),
        endpoints AS (
            UPDATE webhook_endpoints e
            SET failing_since = CASE WHEN h.succeeded THEN NULL ELSE coalesce(e.failing_since, now()) END,
                enabled = e.enabled AND NOT h.disable,
                disabled_reason = CASE WHEN h.disable
                    THEN 'every delivery failed since ' || to_char(e.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                    ELSE e.disabled_reason END,
                updated_at = CASE WHEN h.disable THEN now() ELSE e.updated_at END
            FROM health h WHERE e.id = h.endpoint_id
            RETURNING e.id, e.url, e.disabled_reason, e.failing_since, h.disable),
        alerted AS (
            INSERT INTO notification_outbox (kind, dedupe_key, subject, body, payload)
            SELECT 'webhook_disabled', 'webhook_disabled:' || x.id || ':' || extract(epoch FROM x.failing_since)::bigint,
                   'Webhook endpoint disabled: ' || left(x.url, 200),
                   'Recur disabled the webhook endpoint ' || x.url || ': ' || x.disabled_reason
                       || '. Its deliveries wait until it is enabled again (PATCH /v1/webhook-endpoints/' || x.id
                       || ' {"enabled": true}).',
                   jsonb_build_object('endpoint_id', x.id, 'url', x.url, 'failing_since', x.failing_since)
            FROM endpoints x WHERE x.disable
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id)
        SELECT (SELECT count(*) FROM updated) AS recorded, (SELECT count(*) FROM endpoints WHERE disable) AS disabled
        """)

    /// The attempts a lease that ran out left unrecorded: $1 ids, $2 their previous attempt numbers.
    static let recordUnknown = PostgresStatement(
        "webhooks_record_unknown", DeliveryQueueSQL.recordUnknown(into: "webhook_attempts", idColumn: "delivery_id", sameID: "Recur-Event-Id"))

    static let anyDue = PostgresStatement(
        "webhooks_any_due",
        DeliveryQueueSQL.anyDue(
            from: "webhook_deliveries q JOIN webhook_endpoints qe ON qe.id = q.endpoint_id", alias: "q", where: "qe.enabled"))
}
