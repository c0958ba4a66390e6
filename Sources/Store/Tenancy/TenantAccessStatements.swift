import Postgres

/// The statement that opens every API tenant transaction (``TenantDatabase``): the tenant access check.
struct TenantAccessStatements {
    let control: ControlSchema

    /// What the access check raises when it does not hold (`recur_shared.refuse_tenant_access()`, control migration
    /// 0019): it is sent in the same round trip as the handler's first statement, and an error makes the server skip
    /// everything after it up to the round trip's end.
    static let refused = SQLState(rawValue: "28R01")

    /// The check's row, or `recur_shared.refuse_tenant_access()` raising when `from` finds none. `CASE` fixes the
    /// order: the function runs only for the outer join's null row, and the settings only for the row found.
    private static func raisingWhenRefused(_ from: String) -> String {
        """
        SELECT c.search_path, c.timeout, c.read_only
        FROM (VALUES (1)) one (n) LEFT JOIN (
            \(settings)
            \(from)
        ) c ON true
        WHERE CASE WHEN c.search_path IS NULL THEN recur_shared.refuse_tenant_access() ELSE true END
        """
    }

    /// What an access check sets when it holds: `search_path` to `$1`, `statement_timeout` to `$5` (ms; NULL:
    /// unchanged), and the transaction read-only while a tenant move freezes the tenant (``TenantMoveLock``, key `$7`).
    private static let settings = """
        SELECT set_config('search_path', $1, true) AS search_path,
            set_config('statement_timeout', coalesce($5, current_setting('statement_timeout')), true) AS timeout,
            \(TenantMoveLock.readOnlyWhileFrozen("$7")) AS read_only
        """

    /// The rest of the caller's ``TenantContext`` as the tenants row has it now — slug `$8`, time zone `$9`, base
    /// currency `$10`, fiscal year's first month `$11` — so that an access remembered by the API's key cache is refused
    /// (and verified afresh) once an administrator changed any of them, however long the cache keeps it.
    private static let contextUnchanged =
        "t.slug = $8 AND t.time_zone = $9 AND t.base_currency = $10 AND t.fiscal_year_start_month = $11"

    /// A tenant transaction's first statement: sets `search_path` to `$1` (the quoted schema) and
    /// `statement_timeout` to `$5` milliseconds (`NULL`: unchanged) only if key `$2` is live, its tenant is `$3`,
    /// active, still owns schema `$4`, still lives on cluster `$6` and its other settings are still the caller's
    /// (``contextUnchanged``); raises ``refused`` otherwise. Primary-key lookups, no lock, no write.
    var enterTenant: PostgresStatement {
        control.statement(
            "recur_key_enter_tenant",
            Self.raisingWhenRefused(
                """
                FROM \(control.table("api_keys")) k JOIN \(control.table("tenants")) t ON t.id = k.tenant_id
                WHERE k.id = $2 AND k.revoked_at IS NULL AND t.id = $3 AND t.status = 'active' AND t.schema_name = $4
                    AND t.cluster = $6 AND \(Self.contextUnchanged)
                """))
    }

    /// ``enterTenant`` for a user's login session `$2`: live (not past its end, not idle 12 hours), of tenant `$3`.
    var enterTenantBySession: PostgresStatement {
        control.statement(
            "recur_session_enter_tenant",
            Self.raisingWhenRefused(
                """
                FROM \(control.table("sessions")) s JOIN \(control.table("tenants")) t ON t.id = s.tenant_id
                WHERE s.id = $2 AND s.expires_at > now() AND s.last_seen_at > now() - interval '12 hours'
                    AND t.id = $3 AND t.status = 'active' AND t.schema_name = $4
                    AND t.cluster = $6 AND \(Self.contextUnchanged)
                """))
    }
}

extension TenantAccessStatements {
    /// A tenant transaction's first statement on a cluster other than the control schema's, once the access check
    /// held on the control cluster: sets `search_path` to `$1` and `statement_timeout` to `$2` ms (NULL: unchanged),
    /// and the transaction read-only while a tenant move freezes the tenant (move lock key `$3`).
    static let enterChecked = PostgresStatement(
        "recur_enter_checked_tenant",
        """
        SELECT set_config('search_path', $1, true) AS search_path,
            set_config('statement_timeout', coalesce($2, current_setting('statement_timeout')), true) AS timeout,
            \(TenantMoveLock.readOnlyWhileFrozen("$3")) AS read_only
        """)

    /// The first statement of a tenant transaction without an access check (workers, admin commands): sets
    /// `search_path` to `$1` and the transaction read-only while a tenant move freezes the tenant (move lock key
    /// `$2`), so no worker writes to a tenant's source copy during a move's freeze.
    static let enterWork = PostgresStatement(
        "recur_enter_tenant_work",
        """
        SELECT set_config('search_path', $1, true) AS search_path,
            \(TenantMoveLock.readOnlyWhileFrozen("$2")) AS read_only
        """)
}
