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
    /// transaction (honouring `Idempotency-Key` on POST, see ``Idempotency``), and maps known errors to
    /// problem+json.
    public func tenantHandler(_ body: @escaping @Sendable (TenantRequest) throws -> Response) -> Handler {
        let environment = self
        return { request in
            try ErrorMapping.mapped {
                let tenant = try environment.authenticator.tenant(for: request)
                request.context.tenant = tenant.slug
                return try environment.tenants.transaction(tenant) { connection in
                    try Idempotency.run(request, on: connection) {
                        try body(TenantRequest(request: request, tenant: tenant, connection: connection))
                    }
                }
            }
        }
    }

    /// Wraps a tenant handler that needs no database work (it still authenticates).
    public func authenticatedHandler(_ body: @escaping @Sendable (Request, TenantContext) throws -> Response) -> Handler {
        let environment = self
        return { request in
            try ErrorMapping.mapped {
                let tenant = try environment.authenticator.tenant(for: request)
                request.context.tenant = tenant.slug
                return try body(request, tenant)
            }
        }
    }
}
