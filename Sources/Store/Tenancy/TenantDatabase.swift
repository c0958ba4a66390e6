import Postgres

/// The one way into a tenant's data: a transaction bound to that tenant's schema.
///
/// Each call borrows a pooled connection, runs `BEGIN`, then `SELECT set_config('search_path', $1, true)` with
/// the tenant's quoted schema name as the parameter, then `body`, then `COMMIT` (or `ROLLBACK` if `body` or SQL
/// fails). The setting is transaction-local, so it ends with the transaction whatever happens: a pooled
/// connection never carries one tenant's schema into another tenant's work. Nothing sets `search_path` per
/// session. The same first statement makes the transaction read-only while a tenant move freezes the tenant
/// (``TenantMoveLock``): reads go on, a write fails with SQLSTATE 25006 (the API's 503 with `Retry-After`).
///
/// - Note: Write tenant SQL with unqualified table names. Named statements may be shared by all tenants:
///   PostgreSQL re-plans a prepared statement when `search_path` has changed since its last use.
public struct TenantDatabase: Sendable {
    public let pool: PostgresPool
    public let control: ControlSchema
    /// The longest a statement of an API transaction may run (`statement_timeout`, transaction-local); `nil`: the
    /// server's setting.
    public var statementTimeout: Duration?
    /// Each cluster's pool: a tenant's transactions run on its cluster's (``TenantContext/cluster``); `pool` is the
    /// default cluster's, which holds the control schema.
    public let clusters: ClusterPools

    /// `clusters` defaults to the process's shared pools of `pool` (``ClusterPools/shared(control:)``).
    public init(
        pool: PostgresPool, control: ControlSchema = .standard, statementTimeout: Duration? = nil,
        clusters: ClusterPools? = nil
    ) {
        self.pool = pool
        self.control = control
        self.statementTimeout = statementTimeout
        self.clusters = clusters ?? ClusterPools.shared(control: pool)
    }

    /// The pool of `tenant`'s cluster.
    public func pool(for tenant: TenantContext) throws -> PostgresPool {
        try clusters.pool(for: tenant.cluster)
    }

    /// Runs `body` in a transaction whose `search_path` is `tenant`'s schema (and only it; `pg_catalog` is
    /// implicit). Refuses deleted tenants, whose schema is gone. `statementTimeout`: the transaction's
    /// `statement_timeout` (`nil`: the server's setting), e.g. a request's own for work it hands to other connections.
    @discardableResult
    public func transaction<Result>(
        _ tenant: TenantContext, isolation: PostgresConnection.IsolationLevel? = nil, statementTimeout: Duration? = nil,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        guard tenant.status != .deleted else { throw TenantError.notLive(slug: tenant.slug) }
        return try pool(for: tenant).transaction(isolation: isolation, affinity: tenant.poolAffinity) { connection in
            connection.noteSchemaEntered(tenant.schemaName)
            let moveLock = TenantMoveLock.key(tenantID: tenant.id).value
            if let statementTimeout {
                try connection.query(
                    TenantAccessStatements.enterChecked,
                    [tenant.quotedSchemaName, String(statementTimeout.wholeMilliseconds), moveLock])
            } else {
                try connection.query(TenantAccessStatements.enterWork, [tenant.quotedSchemaName, moveLock])
            }
            return try body(connection)
        }
    }

    /// Runs `body` in a transaction bound to `access.tenant`'s schema, after checking **in the same statement that
    /// sets `search_path`** that the key is not revoked (or the login session not ended), the tenant is active, and the schema is still that
    /// tenant's. No cache can therefore outlive a revocation, a suspension or a deletion by even one request.
    /// Also sets ``statementTimeout`` for the transaction. `readOnly`: a read-only transaction whose `COMMIT` is not
    /// waited for (``PostgresConnection/transaction(isolation:readOnly:_:)``), for handlers that only read.
    ///
    /// A tenant on another cluster than the control schema's is checked by the same statement on the control
    /// cluster, just before its transaction opens on its own cluster: one more round trip, and a revocation still
    /// stops the very next request.
    /// - Throws: ``TenantAccessWithdrawn`` when the check fails (nothing else has run).
    @discardableResult
    public func transaction<Result>(
        _ access: TenantAccess, isolation: PostgresConnection.IsolationLevel? = nil, readOnly: Bool = false,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        let timeout = statementTimeout.map { String($0.wholeMilliseconds) }
        let tenantPool = try pool(for: access.tenant)
        if tenantPool === pool {
            return try Self.refusalMapped(access) {
                try pool.transaction(isolation: isolation, readOnly: readOnly, affinity: access.tenant.poolAffinity) { connection in
                    // Sent with the body's first statement, in one round trip (see `check`).
                    let (statement, parameters) = check(access, statementTimeout: timeout, on: connection)
                    try connection.sendBeforeFirstStatement(statement, parameters)
                    return try body(connection)
                }
            }
        }
        try confirm(access)
        return try tenantPool.transaction(isolation: isolation, readOnly: readOnly, affinity: access.tenant.poolAffinity) { connection in
            connection.noteSchemaEntered(access.tenant.schemaName)
            try connection.sendBeforeFirstStatement(
                TenantAccessStatements.enterChecked,
                [access.tenant.quotedSchemaName, timeout, TenantMoveLock.key(tenantID: access.tenant.id).value])
            return try body(connection)
        }
    }

    /// Checks `access` as a tenant transaction would, for work that does not enter the tenant's schema.
    /// - Throws: ``TenantAccessWithdrawn`` when it no longer holds.
    public func confirm(_ access: TenantAccess) throws {
        // Outside a transaction the transaction-local settings end with this statement.
        try Self.refusalMapped(access) {
            try pool.withConnection { connection in
                let (statement, parameters) = check(access, statementTimeout: nil, on: connection)
                guard !(try connection.query(statement, parameters)).isEmpty else {
                    throw TenantAccessWithdrawn(slug: access.tenant.slug)
                }
            }
        }
    }

    /// The access check that sets `search_path` (and `statement_timeout`, milliseconds; `nil`: unchanged): it
    /// **raises** ``TenantAccessStatements/refused`` when the access does not hold, so that when it is sent in one
    /// round trip with the body's first statement (``PostgresConnection/sendBeforeFirstStatement(_:_:)``) the server
    /// skips that statement: nothing of the tenant's is read for a refused caller. The statements after it run with
    /// the `search_path` it set (the server runs a round trip's commands in order).
    private func check(_ access: TenantAccess, statementTimeout: String?, on connection: PostgresConnection)
        -> (PostgresStatement, [any PostgresEncodable])
    {
        let tenant = access.tenant
        connection.noteSchemaEntered(tenant.schemaName)
        let statements = TenantAccessStatements(control: control)
        return (
            access.session == nil ? statements.enterTenant : statements.enterTenantBySession,
            [tenant.quotedSchemaName, access.session?.id ?? access.keyID, tenant.id, tenant.schemaName, statementTimeout,
             tenant.cluster, TenantMoveLock.key(tenantID: tenant.id).value, tenant.slug, tenant.timeZoneIdentifier,
             tenant.currency.code, tenant.fiscalYearStartMonth]
        )
    }

    /// Runs `body`, turning the check's refusal into ``TenantAccessWithdrawn``.
    private static func refusalMapped<Result>(_ access: TenantAccess, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == TenantAccessStatements.refused {
            throw TenantAccessWithdrawn(slug: access.tenant.slug)
        }
    }
}

extension TenantContext {
    /// The tenant's pool affinity (``PostgresPool/withConnection(affinity:_:)``): its work prefers one connection of
    /// the pool, whose backend then keeps this tenant's catalogue warm (docs/tenancy.md, "Tenant affinity").
    var poolAffinity: Int { Int(truncatingIfNeeded: id) }
}
