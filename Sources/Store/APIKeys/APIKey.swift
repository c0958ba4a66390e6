import Domain
import Foundation

/// An API key as listed: never the key itself, which is not stored.
public struct APIKeyInfo: Sendable, Hashable {
    public let id: Int64
    /// The 8 hex digits after `rk_`, shown to tell keys apart.
    public let prefix: String
    public let label: String
    /// What the key may do; fixed for the key's life (rotation keeps it).
    public let role: Role
    public let createdAt: Date
    /// Updated at most once a minute by ``APIKeyService/verify(_:)``.
    public let lastUsedAt: Date?
    public let revokedAt: Date?
    /// The prefix of the key that replaced this one, when it was rotated.
    public let replacedByPrefix: String?

    public var isRevoked: Bool { revokedAt != nil }

    /// How the key is named in the audit trail: `rk_1a2b3c4d billing-sync`.
    public var displayName: String { "rk_\(prefix) \(label)" }
}

/// A key just created: ``key`` is shown to the operator once and is never retrievable again.
public struct IssuedAPIKey: Sendable, Hashable, CustomStringConvertible {
    public let info: APIKeyInfo
    /// The whole key, `rk_<8 hex>_<43 base64url>`.
    public let key: String

    /// Redacted: the secret part never goes into logs by accident.
    public var description: String { "rk_\(info.prefix)_… (\(info.label))" }
}

/// The result of revoking a key; revoking a revoked key changes nothing and says so.
public struct RevokedAPIKey: Sendable, Hashable {
    public let info: APIKeyInfo
    public let wasAlreadyRevoked: Bool
}

/// What ``APIKeyService/verify(_:)`` found.
public enum APIKeyVerification: Sendable, Hashable {
    /// A live key of an active tenant, with its role.
    case valid(TenantAccess)
    /// A live key whose tenant is suspended: the HTTP layer answers 403.
    case tenantNotActive(TenantAccess)
    /// Malformed, unknown or revoked: the HTTP layer answers 401.
    case invalid

    /// The tenant, when the key may be used.
    public var tenant: TenantContext? {
        if case .valid(let access) = self { return access.tenant }
        return nil
    }

    /// A found credential (a key or a login session) judged by its tenant's status.
    init(_ access: TenantAccess, status: TenantStatus) {
        switch status {
        case .active: self = .valid(access)
        case .suspended: self = .tenantNotActive(access)
        case .deleted: self = .invalid
        }
    }
}

/// Why a key operation was refused.
public enum APIKeyError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    case invalidLabel(String)
    case invalidPrefix(String)
    case notFound(slug: String, prefix: String)
    /// Rotating a revoked key is refused: create a new one instead.
    case revoked(prefix: String)

    public var description: String {
        switch self {
        case .invalidLabel(let reason): "invalid key label: \(reason)"
        case .invalidPrefix(let prefix): "invalid key prefix \"\(prefix)\" (expected 8 hex digits, e.g. 1a2b3c4d)"
        case .notFound(let slug, let prefix): "tenant \"\(slug)\" has no key with prefix \(prefix)"
        case .revoked(let prefix): "key \(prefix) is revoked; create a new key instead"
        }
    }

    public var category: StoreErrorCategory {
        switch self {
        case .invalidLabel, .invalidPrefix: .invalidInput
        case .notFound: .notFound
        case .revoked: .conflict
        }
    }
}
