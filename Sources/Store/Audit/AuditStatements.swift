import Postgres

/// The audit trail's statements (tenant schema, unqualified).
enum AuditStatements {
    static let columns = """
        id, occurred_at, actor_type, actor_id, actor_label, role, action, method, path, resource_type, resource_id,
        status, request_id, changes::text AS changes
        """

    /// $1…$11: actor type, id, label, role, action, method, path, resource type, resource id, status, request id;
    /// $12 changes (JSON text or NULL).
    static let insert = PostgresStatement(
        "audit_events_insert",
        """
        INSERT INTO audit_events (actor_type, actor_id, actor_label, role, action, method, path, resource_type,
            resource_id, status, request_id, changes)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
        RETURNING \(columns)
        """)

    /// $1 actor type, $2 actor id, $3 action, $4 resource type, $5 resource id, $6 first day, $7 last day (both in
    /// time zone $8), $9/$10 cursor, $11 limit. Newest first.
    static let list = PostgresStatement(
        "audit_events_list",
        """
        SELECT \(columns), occurred_at::text AS cursor_at FROM audit_events
        WHERE ($1::text IS NULL OR actor_type = $1) AND ($2::bigint IS NULL OR actor_id = $2)
          AND ($3::text IS NULL OR action = $3) AND ($4::text IS NULL OR resource_type = $4)
          AND ($5::text IS NULL OR resource_id = $5)
          AND ($6::date IS NULL OR occurred_at >= ($6::date)::timestamp AT TIME ZONE $8::text)
          AND ($7::date IS NULL OR occurred_at < ($7::date + 1)::timestamp AT TIME ZONE $8::text)
          AND ($9::timestamptz IS NULL OR (occurred_at, id) < ($9::timestamptz, $10::uuid))
        ORDER BY occurred_at DESC, id DESC LIMIT $11
        """)

    static let read = PostgresStatement("audit_events_read", "SELECT \(columns) FROM audit_events WHERE id = $1")
}
