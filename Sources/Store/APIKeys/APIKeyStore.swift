import Domain
import Postgres

/// Key operations on a connection the caller holds (inside its transaction); ``APIKeyService`` and
/// ``TenantService`` build on it.
struct APIKeyStore {
    let statements: APIKeyStatements

    init(control: ControlSchema) {
        statements = APIKeyStatements(control: control)
    }

    /// Creates a key with `role` for `tenantID`, drawing a new one if the tenant already has a key with the same prefix.
    func issue(tenantID: Int64, label: String, role: Role, on connection: PostgresConnection) throws -> IssuedAPIKey {
        for _ in 0..<8 {
            let (key, prefix) = APIKeyFormat.generate()
            if let row = try connection.query(statements.insert, [tenantID, prefix, Array(key.utf8), label, role.rawValue]).first {
                return IssuedAPIKey(info: try APIKeyInfo(row: row), key: key)
            }
        }
        throw PostgresError.invalidUsage("could not draw an unused key prefix")
    }

    /// The live tenant's id, or ``TenantError/notFound(slug:)``.
    func tenantID(slug: String, on connection: PostgresConnection) throws -> Int64 {
        guard let row = try connection.query(TenantStatements(control: statements.control).bySlug, [slug]).first else {
            throw TenantError.notFound(slug: slug)
        }
        return try row.decode(Int64.self, "id")
    }

    /// The key with `prefix` of tenant `tenantID`, locked for the transaction.
    func lockedKey(tenantID: Int64, prefix: String, slug: String, on connection: PostgresConnection) throws -> APIKeyInfo {
        guard let row = try connection.query(statements.byPrefixForUpdate, [tenantID, prefix]).first else {
            throw APIKeyError.notFound(slug: slug, prefix: prefix)
        }
        return try APIKeyInfo(row: row)
    }

    /// Revokes a live key, recording its replacement if any; `nil` if it was already revoked.
    func revoke(keyID: Int64, replacedBy: Int64?, on connection: PostgresConnection) throws -> APIKeyInfo? {
        try connection.query(statements.revoke, [keyID, replacedBy]).first.map(APIKeyInfo.init(row:))
    }
}
