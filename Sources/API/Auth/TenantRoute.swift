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
    /// Wraps a tenant handler: authenticates, labels the log line with the tenant, runs the body in the tenant's
    /// transaction (which re-checks the access, see ``TenantDatabase``; honours `Idempotency-Key` on POST, see
    /// ``Idempotency``), and maps known errors to problem+json.
    public func tenantHandler(_ body: @escaping @Sendable (TenantRequest) throws -> Response) -> Handler {
        let environment = self
        return { request in
            try ErrorMapping.mapped {
                try environment.withCheckedAccess(request) { access in
                    try environment.tenants.transaction(access) { connection in
                        try Idempotency.run(request, on: connection) {
                            try body(TenantRequest(request: request, tenant: access.tenant, connection: connection))
                        }
                    }
                }
            }
        }
    }

    /// Wraps a tenant handler that works outside the tenant's schema (control tables only); the access is still
    /// checked against the database on every request.
    public func authenticatedHandler(_ body: @escaping @Sendable (Request, TenantContext) throws -> Response) -> Handler {
        let environment = self
        return { request in
            try ErrorMapping.mapped {
                try environment.withCheckedAccess(request) { access in
                    try environment.tenants.confirm(access)
                    return try body(request, access.tenant)
                }
            }
        }
    }

    /// Authenticates `request` and runs `body` with its access. When the database says the (possibly cached)
    /// access no longer holds — key revoked, tenant suspended or deleted, its schema gone mid-request — the
    /// cached answer is dropped and the key verified afresh: that answers 401 or 403, or, if the key is good
    /// after all (a tenant resumed), runs `body` once more.
    func withCheckedAccess<Result>(_ request: Request, _ body: (TenantAccess) throws -> Result) throws -> Result {
        let access = try authenticator.access(for: request)
        request.context.tenant = access.tenant.slug
        do {
            return try body(access)
        } catch let error where Self.isWithdrawnAccess(error) {
            authenticator.forget(request)
            let fresh = try authenticator.access(for: request)
            return try body(fresh)
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
