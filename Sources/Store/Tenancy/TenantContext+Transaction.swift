import Postgres

extension TenantContext {
    /// Runs `body` in a transaction on `connection` (which the caller holds, for example because a session
    /// advisory lock lives on it) with `search_path` set to this tenant's schema for that transaction only.
    /// Same guarantee as ``TenantDatabase/transaction(_:isolation:_:)``: the setting ends with the transaction.
    public func transaction<Result>(
        on connection: PostgresConnection, _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        guard status != .deleted else { throw TenantError.notLive(slug: slug) }
        return try connection.transaction { connection in
            connection.noteSchemaEntered(schemaName)
            try connection.query(TenantAccessStatements.enterWork, [quotedSchemaName, TenantMoveLock.key(tenantID: id).value])
            return try body(connection)
        }
    }
}
