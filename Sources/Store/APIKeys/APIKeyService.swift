import Domain
import Postgres

/// API keys of tenants: create, list, revoke, rotate, and ``verify(_:)`` for the HTTP layer.
public struct APIKeyService: Sendable {
    public let pool: PostgresPool
    public let control: ControlSchema

    public init(pool: PostgresPool, control: ControlSchema = .standard) {
        self.pool = pool
        self.control = control
    }

    var store: APIKeyStore { APIKeyStore(control: control) }

    /// Creates a key for the live tenant `slug`; the returned ``IssuedAPIKey/key`` cannot be shown again. The role
    /// defaults to owner: what every key could do before keys had roles (docs/people.md).
    public func create(slug: String, label: String = "default", role: Role = .owner) throws -> IssuedAPIKey {
        let label = try APIKeyFormat.validateLabel(label)
        return try forTenant(slug) { store, tenantID, connection in
            try store.issue(tenantID: tenantID, label: label, role: role, on: connection)
        }
    }

    /// The tenant's keys, oldest first, revoked ones included.
    public func list(slug: String) throws -> [APIKeyInfo] {
        try forTenant(slug) { store, tenantID, connection in
            try connection.query(store.statements.list, [tenantID]).map(APIKeyInfo.init(row:))
        }
    }

    /// Revokes the key with `prefix` (8 hex digits, optionally `rk_`-prefixed). Revoking a revoked key changes
    /// nothing.
    public func revoke(slug: String, prefix: String) throws -> RevokedAPIKey {
        try forKey(slug, prefix) { store, _, key, connection in
            guard let revoked = try store.revoke(keyID: key.id, replacedBy: nil, on: connection) else {
                return RevokedAPIKey(info: key, wasAlreadyRevoked: true)
            }
            return RevokedAPIKey(info: revoked, wasAlreadyRevoked: false)
        }
    }

    /// Replaces a live key by a new one with the same label and role, in one transaction: the old key is revoked (and
    /// points at its replacement) exactly when the new one exists.
    public func rotate(slug: String, prefix: String) throws -> IssuedAPIKey {
        try forKey(slug, prefix) { store, tenantID, old, connection in
            guard !old.isRevoked else { throw APIKeyError.revoked(prefix: old.prefix) }
            let new = try store.issue(tenantID: tenantID, label: old.label, role: old.role, on: connection)
            _ = try store.revoke(keyID: old.id, replacedBy: new.info.id, on: connection)
            return new
        }
    }

    /// Runs `body` in one transaction with the id of the live tenant `slug` (``APIKeyError`` when there is none).
    private func forTenant<Result>(
        _ slug: String, _ body: (APIKeyStore, Int64, PostgresConnection) throws -> Result
    ) throws -> Result {
        let store = self.store
        return try control.mappingMissingSchema {
            try pool.transaction { connection in
                try body(store, try store.tenantID(slug: slug, on: connection), connection)
            }
        }
    }

    /// Runs `body` in one transaction with the tenant's key whose prefix is `prefix` (8 hex digits, optionally
    /// `rk_`-prefixed), locked.
    private func forKey<Result>(
        _ slug: String, _ prefix: String, _ body: (APIKeyStore, Int64, APIKeyInfo, PostgresConnection) throws -> Result
    ) throws -> Result {
        guard let prefix = APIKeyFormat.prefix(from: prefix) else { throw APIKeyError.invalidPrefix(prefix) }
        return try forTenant(slug) { store, tenantID, connection in
            try body(store, tenantID, try store.lockedKey(tenantID: tenantID, prefix: prefix, slug: slug, on: connection), connection)
        }
    }

    /// Checks a presented key: one indexed lookup by its SHA-256, revoked keys and deleted tenants rejected,
    /// suspended tenants reported as such, `last_used_at` refreshed at most once a minute. A malformed key is
    /// rejected without touching the database.
    public func verify(_ presentedKey: String) throws -> APIKeyVerification {
        guard APIKeyFormat.isWellFormed(presentedKey) else { return .invalid }
        let statement = store.statements.verify
        let row = try control.mappingMissingSchema {
            try pool.withConnection { try $0.query(statement, [Array(presentedKey.utf8)]).first }
        }
        guard let row else { return .invalid }
        let tenant = try Tenant(row: row)
        let keyName = "rk_\(try row.decode(String.self, "prefix")) \(try row.decode(String.self, "label"))"
        let access = TenantAccess(
            tenant: tenant.context, keyID: try row.decode(Int64.self, "key_id"), role: try APIKeyInfo.role(row),
            keyName: keyName)
        return APIKeyVerification(access, status: tenant.status)
    }
}
