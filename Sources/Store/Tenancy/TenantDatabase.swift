import Postgres

/// The one way into a tenant's data: a transaction bound to that tenant's schema.
///
/// Each call borrows a pooled connection, runs `BEGIN`, then `SELECT set_config('search_path', $1, true)` with
/// the tenant's quoted schema name as the parameter, then `body`, then `COMMIT` (or `ROLLBACK` if `body` or SQL
/// fails). The setting is transaction-local, so it ends with the transaction whatever happens: a pooled
/// connection never carries one tenant's schema into another tenant's work. Nothing sets `search_path` per
/// session.
///
/// - Note: Write tenant SQL with unqualified table names. Named statements may be shared by all tenants:
///   PostgreSQL re-plans a prepared statement when `search_path` has changed since its last use.
public struct TenantDatabase: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Runs `body` in a transaction whose `search_path` is `tenant`'s schema (and only it; `pg_catalog` is
    /// implicit). Refuses deleted tenants, whose schema is gone.
    @discardableResult
    public func transaction<Result>(
        _ tenant: TenantContext, isolation: PostgresConnection.IsolationLevel? = nil,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        guard tenant.status != .deleted else { throw TenantError.notLive(slug: tenant.slug) }
        return try pool.transaction(isolation: isolation) { connection in
            try connection.query(MigrationStatements.setSearchPath, [tenant.quotedSchemaName])
            return try body(connection)
        }
    }
}
