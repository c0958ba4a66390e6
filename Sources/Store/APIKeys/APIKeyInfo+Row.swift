import Domain
import Foundation
import Postgres

extension APIKeyInfo {
    /// Decodes ``APIKeyStatements/columns`` plus `replaced_by_prefix`.
    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(Int64.self, "id"), prefix: try row.decode(String.self, "prefix"),
            label: try row.decode(String.self, "label"), role: try Self.role(row),
            createdAt: try row.decode(Date.self, "created_at"),
            lastUsedAt: try row.decode(Date?.self, "last_used_at"), revokedAt: try row.decode(Date?.self, "revoked_at"),
            replacedByPrefix: try row.decode(String?.self, "replaced_by_prefix"))
    }

    /// The `role` column.
    static func role(_ row: PostgresRow) throws -> Role {
        guard let role = Role(rawValue: try row.decode(String.self, "role")) else {
            throw PostgresError.decoding(DecodingFailure(column: "role", reason: .invalidValue(expected: "Role")))
        }
        return role
    }
}
