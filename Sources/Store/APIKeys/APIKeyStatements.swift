import Postgres

/// The SQL of ``APIKeyService``, qualified with one control schema.
struct APIKeyStatements {
    let control: ControlSchema

    static let columns = "k.id, k.prefix, k.label, k.role, k.created_at, k.last_used_at, k.revoked_at"

    /// Inserts a key (`$5`: its role) unless the tenant already has one with this prefix (then no row: draw again).
    var insert: PostgresStatement {
        control.statement(
            "recur_key_insert",
            """
            INSERT INTO \(control.table("api_keys")) AS k (tenant_id, prefix, key_hash, label, role)
            VALUES ($1, $2, sha256($3), $4, $5)
            ON CONFLICT (tenant_id, prefix) DO NOTHING
            RETURNING \(Self.columns), NULL::text AS replaced_by_prefix
            """)
    }

    var list: PostgresStatement {
        control.statement(
            "recur_key_list",
            """
            SELECT \(Self.columns), r.prefix AS replaced_by_prefix
            FROM \(control.table("api_keys")) k
            LEFT JOIN \(control.table("api_keys")) r ON r.id = k.replaced_by
            WHERE k.tenant_id = $1
            ORDER BY k.created_at, k.id
            """)
    }

    var byPrefixForUpdate: PostgresStatement {
        control.statement(
            "recur_key_by_prefix_for_update",
            """
            SELECT \(Self.columns), NULL::text AS replaced_by_prefix
            FROM \(control.table("api_keys")) k
            WHERE k.tenant_id = $1 AND k.prefix = $2
            FOR UPDATE
            """)
    }

    /// Revokes one key; `$2` names its replacement (NULL for a plain revoke).
    var revoke: PostgresStatement {
        control.statement(
            "recur_key_revoke",
            """
            UPDATE \(control.table("api_keys")) AS k
            SET revoked_at = now(), replaced_by = $2
            WHERE k.id = $1 AND k.revoked_at IS NULL
            RETURNING \(Self.columns),
                (SELECT r.prefix FROM \(control.table("api_keys")) r WHERE r.id = $2) AS replaced_by_prefix
            """)
    }

    var revokeAllOfTenant: PostgresStatement {
        control.statement(
            "recur_key_revoke_all_of_tenant",
            "UPDATE \(control.table("api_keys")) SET revoked_at = now() WHERE tenant_id = $1 AND revoked_at IS NULL")
    }

    /// One lookup by hash (unique index), the tenant joined, and `last_used_at` refreshed at most once a minute.
    /// The data-modifying CTE always runs; its `WHERE` makes it a no-op within the minute.
    var verify: PostgresStatement {
        control.statement(
            "recur_key_verify",
            """
            WITH hit AS (
                SELECT k.id, k.tenant_id, k.prefix, k.label, k.role FROM \(control.table("api_keys")) k
                WHERE k.key_hash = sha256($1) AND k.revoked_at IS NULL
            ), touched AS (
                UPDATE \(control.table("api_keys")) AS k SET last_used_at = now()
                FROM hit
                WHERE k.id = hit.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')
                RETURNING k.id
            )
            SELECT hit.id AS key_id, hit.prefix, hit.label, hit.role, \(TenantStatements.columns)
            FROM hit JOIN \(control.table("tenants")) t ON t.id = hit.tenant_id
            """)
    }
}
