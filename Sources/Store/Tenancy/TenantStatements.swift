import Postgres

/// The SQL of ``TenantService``, qualified with one control schema.
struct TenantStatements {
    let control: ControlSchema

    /// The columns every tenant query returns, decoded by `Tenant(row:)`.
    static let columns = """
        t.id, t.slug, t.display_name, t.schema_name, t.status, t.time_zone, t.base_currency,
        t.fiscal_year_start_month, t.created_at, t.updated_at, t.deleted_at, t.cluster
        """

    /// Inserts a tenant; its schema is `$3` (`tenant_<slug>`) the first time the slug is used, `$3__<n>` after
    /// `n` earlier (deleted) tenants had it: no schema name is ever used twice. `$7` is its cluster.
    var insert: PostgresStatement {
        control.statement(
            "recur_tenant_insert",
            """
            INSERT INTO \(control.table("tenants")) AS t
                (slug, display_name, schema_name, time_zone, base_currency, fiscal_year_start_month, cluster)
            SELECT $1, $2, CASE WHEN earlier.n = 0 THEN $3 ELSE $3 || '__' || earlier.n END, $4, $5, $6, $7
            FROM (SELECT count(*) AS n FROM \(control.table("tenants")) o WHERE o.slug = $1) earlier
            RETURNING \(Self.columns)
            """)
    }

    var list: PostgresStatement {
        control.statement(
            "recur_tenant_list",
            "SELECT \(Self.columns) FROM \(control.table("tenants")) t WHERE t.status <> 'deleted' ORDER BY t.slug")
    }

    var listAll: PostgresStatement {
        control.statement(
            "recur_tenant_list_all",
            "SELECT \(Self.columns) FROM \(control.table("tenants")) t ORDER BY t.slug, t.id")
    }

    /// $1 tenant id; $2 display name, $3 time zone, $4 fiscal-year start month, $5 base currency: each NULL keeps
    /// the stored value.
    var update: PostgresStatement {
        control.statement(
            "recur_tenant_update",
            """
            UPDATE \(control.table("tenants"))
            SET display_name = coalesce($2, display_name), time_zone = coalesce($3, time_zone),
                fiscal_year_start_month = coalesce($4::smallint, fiscal_year_start_month),
                base_currency = coalesce($5, base_currency), updated_at = now()
            WHERE id = $1 AND status <> 'deleted'
            """)
    }

    var bySlug: PostgresStatement {
        control.statement(
            "recur_tenant_by_slug",
            "SELECT \(Self.columns) FROM \(control.table("tenants")) t WHERE t.slug = $1 AND t.status <> 'deleted'")
    }

    var bySlugForUpdate: PostgresStatement {
        control.statement(
            "recur_tenant_by_slug_for_update",
            """
            SELECT \(Self.columns) FROM \(control.table("tenants")) t
            WHERE t.slug = $1 AND t.status <> 'deleted' FOR UPDATE
            """)
    }

    var byID: PostgresStatement {
        control.statement(
            "recur_tenant_by_id", "SELECT \(Self.columns) FROM \(control.table("tenants")) t WHERE t.id = $1")
    }

    /// Sets the status of a live tenant; `updated_at` moves only when the status changes.
    var setStatus: PostgresStatement {
        control.statement(
            "recur_tenant_set_status",
            """
            UPDATE \(control.table("tenants")) AS t
            SET status = $2, updated_at = CASE WHEN t.status = $2 THEN t.updated_at ELSE now() END
            WHERE t.slug = $1 AND t.status <> 'deleted'
            RETURNING \(Self.columns)
            """)
    }

    var markDeleted: PostgresStatement {
        control.statement(
            "recur_tenant_mark_deleted",
            """
            UPDATE \(control.table("tenants")) AS t
            SET status = 'deleted', deleted_at = now(), updated_at = now()
            WHERE t.id = $1
            RETURNING \(Self.columns)
            """)
    }

    var forgetMigrations: PostgresStatement {
        control.statement(
            "recur_tenant_forget_migrations",
            "DELETE FROM \(control.table("schema_migrations")) WHERE schema_name = $1")
    }

    /// Writes the seed settings (`$1`: a JSON object) into the tenant's `tenant_settings`, found through the
    /// transaction's `search_path`, replacing migration defaults of the same keys.
    static let seed = PostgresStatement(
        "recur_tenant_seed",
        """
        INSERT INTO tenant_settings (key, value) SELECT key, value FROM jsonb_each($1::jsonb)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
        """)
}
