import Domain
import Foundation

/// A caller's right to work in one tenant: the tenant, the API key or user's login session that authenticated the
/// request, and its role.
///
/// Caches may hold an access for a while; ``TenantDatabase/transaction(_:isolation:_:)-(TenantAccess,_,_)`` checks it
/// again inside every transaction it opens, so a revoked key, a suspended or deleted tenant, or a schema that no
/// longer belongs to this tenant stops the very next request, on every server process.
public struct TenantAccess: Sendable, Hashable {
    public let tenant: TenantContext
    /// The `api_keys.id` of the key that was presented.
    public let keyID: Int64
    /// What the key may do (``APIKeyInfo/role``).
    public let role: Role
    /// How the key is shown in the audit trail: `rk_<prefix> <label>`.
    public let keyName: String

    /// The login session when a user's cookie authenticated the request (then ``keyID`` is 0); `nil` for a key.
    public let session: SessionCredential?

    public init(tenant: TenantContext, keyID: Int64, role: Role = .owner, keyName: String = "api key") {
        self.tenant = tenant
        self.keyID = keyID
        self.role = role
        self.keyName = keyName
        session = nil
    }

    /// The access of a user's login session, with the role copied into the session at login.
    public init(tenant: TenantContext, session: SessionCredential, role: Role) {
        self.tenant = tenant
        keyID = 0
        self.role = role
        keyName = session.userLabel
        self.session = session
    }

    /// Who acts: this key, or the session's user, with its role.
    public var actor: Principal {
        if let session { return Principal(kind: .user, id: session.userID, label: session.userLabel, role: role) }
        return Principal(kind: .apiKey, id: keyID, label: keyName, role: role)
    }
}

/// A user's login session (control table `sessions`) as the authenticator found it.
public struct SessionCredential: Sendable, Hashable {
    /// `sessions.id`.
    public let id: Int64
    /// The user's id in the tenant's `users`.
    public let userID: Int64
    /// The user's e-mail at login (the audit trail's label).
    public let userLabel: String
    /// The value `X-CSRF-Token` must carry on every write.
    public let csrfToken: String
    public let expiresAt: Date
}

/// Who acts (the "actor"): an API key or a user (through a login session), with the role it acts in. The role check
/// (``APIPermissions`` in the API module) and the audit trail (``AuditEvent``) take a principal, never a key.
public struct Principal: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, WireEnum {
        case apiKey
        case user
    }

    public let kind: Kind
    /// `api_keys.id` (control schema) or the user's `users.id` (tenant schema).
    public let id: Int64
    /// A readable name at the time of the act (keys are revoked, users renamed).
    public let label: String
    public let role: Role

    public init(kind: Kind, id: Int64, label: String, role: Role) {
        self.kind = kind
        self.id = id
        self.label = label
        self.role = role
    }
}

/// The access checked by a tenant transaction no longer holds: the key was revoked, or the tenant suspended,
/// deleted or re-created. The HTTP layer forgets its cached answer and authenticates again (401 or 403).
public struct TenantAccessWithdrawn: Error, Sendable, Hashable, CustomStringConvertible {
    public let slug: String
    public var description: String { "the access to tenant \(slug) was withdrawn (key revoked or tenant changed)" }
}
