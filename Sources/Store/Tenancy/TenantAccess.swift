/// A caller's right to work in one tenant: the tenant and the API key that authenticated the request.
///
/// Caches may hold an access for a while; ``TenantDatabase/transaction(_:isolation:_:)-(TenantAccess,_,_)`` checks it
/// again inside every transaction it opens, so a revoked key, a suspended or deleted tenant, or a schema that no
/// longer belongs to this tenant stops the very next request, on every server process.
public struct TenantAccess: Sendable, Hashable {
    public let tenant: TenantContext
    /// The `api_keys.id` of the key that was presented.
    public let keyID: Int64

    public init(tenant: TenantContext, keyID: Int64) {
        self.tenant = tenant
        self.keyID = keyID
    }
}

/// The access checked by a tenant transaction no longer holds: the key was revoked, or the tenant suspended,
/// deleted or re-created. The HTTP layer forgets its cached answer and authenticates again (401 or 403).
public struct TenantAccessWithdrawn: Error, Sendable, Hashable, CustomStringConvertible {
    public let slug: String
    public var description: String { "the access to tenant \(slug) was withdrawn (key revoked or tenant changed)" }
}
