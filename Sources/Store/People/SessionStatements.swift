import Postgres

/// The SQL of login sessions (control table `sessions`), qualified with one control schema.
struct SessionStatements {
    let control: ControlSchema

    /// $1 tenant id, $2 user id, $3 label, $4 role, $5 token (its SHA-256 is kept), $6 CSRF token. Expires in 7 days.
    var insert: PostgresStatement {
        control.statement(
            "recur_session_insert",
            """
            INSERT INTO \(control.table("sessions")) (tenant_id, user_id, user_label, role, token_hash, csrf_token, expires_at)
            VALUES ($1, $2, $3, $4, sha256($5), $6, now() + interval '7 days')
            RETURNING id, expires_at
            """)
    }

    /// The live session of token $1 (not past its absolute end nor 12 hours idle) with its tenant; `last_seen_at`
    /// refreshed at most once a minute (the CTE always runs; its `WHERE` makes it a no-op within the minute).
    var verify: PostgresStatement {
        control.statement(
            "recur_session_verify",
            """
            WITH hit AS (
                SELECT s.id, s.tenant_id, s.user_id, s.user_label, s.role, s.csrf_token, s.expires_at
                FROM \(control.table("sessions")) s
                WHERE s.token_hash = sha256($1) AND s.expires_at > now() AND s.last_seen_at > now() - interval '12 hours'
            ), touched AS (
                UPDATE \(control.table("sessions")) AS s SET last_seen_at = now()
                FROM hit
                WHERE s.id = hit.id AND s.last_seen_at < now() - interval '1 minute'
                RETURNING s.id
            )
            SELECT hit.id AS session_id, hit.user_id, hit.user_label, hit.role, hit.csrf_token,
                hit.expires_at AS session_expires_at, \(TenantStatements.columns)
            FROM hit JOIN \(control.table("tenants")) t ON t.id = hit.tenant_id
            """)
    }

    var delete: PostgresStatement {
        control.statement("recur_session_delete", "DELETE FROM \(control.table("sessions")) WHERE id = $1")
    }

    /// Every session of one user ($1 tenant id, $2 user id): logout everywhere, a role change, a disabling.
    var deleteOfUser: PostgresStatement {
        control.statement(
            "recur_session_delete_of_user",
            "DELETE FROM \(control.table("sessions")) WHERE tenant_id = $1 AND user_id = $2")
    }

    /// Removes sessions past their end (run at each login, bounded by the index on expires_at).
    var deleteExpired: PostgresStatement {
        control.statement(
            "recur_session_delete_expired",
            """
            DELETE FROM \(control.table("sessions")) WHERE id IN (
                SELECT id FROM \(control.table("sessions")) WHERE expires_at < now() ORDER BY expires_at LIMIT 100)
            """)
    }

    /// The active tenant with slug $1 (a login).
    var activeTenantBySlug: PostgresStatement {
        control.statement(
            "recur_session_tenant_by_slug",
            "SELECT \(TenantStatements.columns) FROM \(control.table("tenants")) t WHERE t.slug = $1 AND t.status = 'active'")
    }
}
