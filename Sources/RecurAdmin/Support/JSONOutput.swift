import Domain
import Foundation
import Store

/// The `--json` shapes. Keys are snake_case, always present (`null` when empty), in sorted order; dates are
/// ISO 8601 in UTC (`2025-01-31T09:30:00Z`). Documented in docs/admin-cli.md: change them only compatibly.
enum JSONOutput {
    static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

struct TenantJSON: Encodable {
    let tenant: Tenant

    enum Keys: String, CodingKey {
        case id, slug, display_name, schema_name, status, time_zone, currency, fiscal_year_start_month, created_at,
            updated_at, deleted_at, cluster
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(tenant.id, forKey: .id)
        try container.encode(tenant.slug, forKey: .slug)
        try container.encode(tenant.displayName, forKey: .display_name)
        try container.encode(tenant.context.schemaName, forKey: .schema_name)
        try container.encode(tenant.status.wireValue, forKey: .status)
        try container.encode(tenant.context.timeZoneIdentifier, forKey: .time_zone)
        try container.encode(tenant.context.currency.code, forKey: .currency)
        try container.encode(tenant.context.fiscalYearStartMonth, forKey: .fiscal_year_start_month)
        try container.encode(tenant.createdAt, forKey: .created_at)
        try container.encode(tenant.updatedAt, forKey: .updated_at)
        try container.encode(tenant.deletedAt, forKey: .deleted_at)
        try container.encode(tenant.context.cluster, forKey: .cluster)
    }
}

struct ClusterJSON: Encodable {
    let cluster: ClusterInfo
    /// Whether this process has connection details for it (the default cluster always).
    let configured: Bool

    enum Keys: String, CodingKey { case name, drained_at, created_at, tenants, connection_configured }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(cluster.name, forKey: .name)
        try container.encode(cluster.drainedAt, forKey: .drained_at)
        try container.encode(cluster.createdAt, forKey: .created_at)
        try container.encode(cluster.tenants, forKey: .tenants)
        try container.encode(configured, forKey: .connection_configured)
    }
}

struct APIKeyJSON: Encodable {
    let key: APIKeyInfo

    enum Keys: String, CodingKey {
        case id, prefix, label, role, status, created_at, last_used_at, revoked_at, replaced_by
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(key.id, forKey: .id)
        try container.encode(key.prefix, forKey: .prefix)
        try container.encode(key.label, forKey: .label)
        try container.encode(key.role.rawValue, forKey: .role)
        try container.encode(key.isRevoked ? "revoked" : "active", forKey: .status)
        try container.encode(key.createdAt, forKey: .created_at)
        try container.encode(key.lastUsedAt, forKey: .last_used_at)
        try container.encode(key.revokedAt, forKey: .revoked_at)
        try container.encode(key.replacedByPrefix, forKey: .replaced_by)
    }
}

/// A new key: its listing fields plus `key`, the secret shown once.
struct IssuedAPIKeyJSON: Encodable {
    let issued: IssuedAPIKey

    enum Keys: String, CodingKey { case key }

    func encode(to encoder: any Encoder) throws {
        try APIKeyJSON(key: issued.info).encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(issued.key, forKey: .key)
    }
}

struct CreatedTenantJSON: Encodable {
    let created: CreatedTenant

    enum Keys: String, CodingKey { case tenant, api_key }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(TenantJSON(tenant: created.tenant), forKey: .tenant)
        try container.encode(IssuedAPIKeyJSON(issued: created.apiKey), forKey: .api_key)
    }
}
