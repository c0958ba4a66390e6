import Postgres

/// The statement that opens every API tenant transaction (``TenantDatabase``): the tenant access check.
struct TenantAccessStatements {
    let control: ControlSchema

    /// A tenant transaction's first statement: sets `search_path` to `$1` (the quoted schema) and
    /// `statement_timeout` to `$5` milliseconds (`NULL`: unchanged) only if key `$2` is live, its tenant is `$3`,
    /// active, and still owns schema `$4`; no row otherwise. Primary-key lookups, no lock, no write.
    var enterTenant: PostgresStatement {
        control.statement(
            "recur_key_enter_tenant",
            """
            SELECT set_config('search_path', $1, true) AS search_path,
                set_config('statement_timeout', coalesce($5, current_setting('statement_timeout')), true) AS timeout
            FROM \(control.table("api_keys")) k JOIN \(control.table("tenants")) t ON t.id = k.tenant_id
            WHERE k.id = $2 AND k.revoked_at IS NULL AND t.id = $3 AND t.status = 'active' AND t.schema_name = $4
            """)
    }
}
