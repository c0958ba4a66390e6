import HTTPServer
import Postgres
import Store

/// What a tenant handler gets: the request, the caller's tenant, and a connection inside a transaction bound to
/// that tenant's schema (committed when the handler returns, rolled back when it throws).
public struct TenantRequest {
    public let request: Request
    public let tenant: TenantContext
    public let connection: PostgresConnection
}

extension APIEnvironment {
    /// Wraps a tenant handler: authenticates, refuses with 403 a caller whose role is below what the operation
    /// needs (``APIPermissions``, before anything else runs), labels the log line with the tenant, runs the body in
    /// the tenant's transaction (which re-checks the access, see ``TenantDatabase``; honours `Idempotency-Key` on
    /// POST, see ``Idempotency``), records a successful write in the audit trail in that same transaction
    /// (``AuditTrail``), and maps known errors to problem+json. `isolation`: the transaction's (`nil`: read committed),
    /// e.g. repeatable read for a report of several statements that must see one state of the ledger. `readOnly`: for a
    /// handler that only reads (reports, lists): its transaction is read-only (the server refuses a write in it) and
    /// the answer goes out without waiting for its `COMMIT` (``PostgresConnection/transaction(isolation:readOnly:_:)``:
    /// one round trip less per request).
    public func tenantHandler(
        isolation: PostgresConnection.IsolationLevel? = nil, readOnly: Bool = false,
        _ body: @escaping @Sendable (TenantRequest) throws -> Response
    ) -> Handler {
        let environment = self
        return { request in
            try ErrorMapping.mapped {
                try environment.withCheckedAccess(request) { access, operation in
                    try environment.tenants.transaction(access, isolation: isolation, readOnly: readOnly) { connection in
                        try Idempotency.run(request, on: connection) {
                            let response = try body(TenantRequest(request: request, tenant: access.tenant, connection: connection))
                            try AuditTrail.record(request, response, operation: operation, actor: access.actor, on: connection)
                            return response
                        }
                    }
                }
            }
        }
    }

    /// Wraps a tenant handler that works outside the tenant's schema (control tables only); the access and the
    /// role are still checked against the database on every request. A successful write is recorded in the
    /// tenant's audit trail in a transaction of its own right after it (the control tables are written by work
    /// that commits on its own, e.g. an EOD run started in the background); if that fails, the answer is a 500
    /// (``AuditEventNotRecorded``) rather than a success the trail does not show.
    public func authenticatedHandler(_ body: @escaping @Sendable (Request, TenantContext) throws -> Response) -> Handler {
        let environment = self
        return { request in
            try ErrorMapping.mapped {
                try environment.withCheckedAccess(request) { access, operation in
                    try environment.tenants.confirm(access)
                    let response = try body(request, access.tenant)
                    guard AuditTrail.isRecorded(request, response, operation: operation) else { return response }
                    do {
                        // The access was confirmed just before the write: no second check here.
                        try environment.tenants.transaction(access.tenant) { connection in
                            try AuditTrail.record(request, response, operation: operation, actor: access.actor, on: connection)
                        }
                    } catch {
                        // Never the withdrawn-access retry of `withCheckedAccess`: that would run the write again.
                        throw AuditEventNotRecorded(action: operation?.operationID ?? request.path, underlying: error)
                    }
                    return response
                }
            }
        }
    }

    /// Authenticates `request` (an API key or a session cookie), refuses it with 403 when the caller's role is below
    /// what its operation needs (``APIPermissions``) or when a cookie-authenticated write fails ``CSRFCheck``, and runs `body` with its access and operation. When the database says the (possibly cached)
    /// access no longer holds — key revoked, tenant suspended or deleted, its schema gone mid-request — the
    /// cached answer is dropped and the key verified afresh: that answers 401 or 403, or, if the key is good
    /// after all (a tenant resumed), runs `body` once more.
    func withCheckedAccess<Result>(
        _ request: Request, _ body: (TenantAccess, OpenAPIOperation?) throws -> Result
    ) throws -> Result {
        let access = try authenticator.access(for: request)
        request.context.tenant = access.tenant.slug
        let operation = try APIPermissions.check(access.actor, for: request)
        try CSRFCheck.check(request, access)
        do {
            return try body(access, operation)
        } catch let error where Self.isWithdrawnAccess(error) {
            authenticator.forget(request)
            let fresh = try authenticator.access(for: request)
            let operation = try APIPermissions.check(fresh.actor, for: request)
            try CSRFCheck.check(request, fresh)
            return try body(fresh, operation)
        }
    }

    private static func isWithdrawnAccess(_ error: any Error) -> Bool {
        switch error {
        case is TenantAccessWithdrawn: return true
        case let error as PostgresError:
            // The tenant's schema was dropped between the check and a later statement (a concurrent delete).
            return error.sqlState == .undefinedTable || error.sqlState == .invalidSchemaName
        default: return false
        }
    }
}

/// A write outside the tenant transaction succeeded but its audit event could not be recorded (a 500: the write is
/// not repeated, and no success is answered that the trail does not show).
struct AuditEventNotRecorded: Error, CustomStringConvertible {
    let action: String
    let underlying: any Error
    var description: String { "the audit event of \(action) was not recorded: \(underlying)" }
}
