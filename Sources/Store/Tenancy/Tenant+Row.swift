import Domain
import Foundation
import Postgres

extension Tenant {
    /// Decodes the columns of ``TenantStatements/columns``. `zones` caches time zones across the rows of a list.
    init(row: PostgresRow, zones: inout [String: TimeZone]) throws {
        let zoneName = try row.decode(String.self, "time_zone")
        let currencyCode = try row.decode(String.self, "base_currency")
        let statusText = try row.decode(String.self, "status")
        guard let status = TenantStatus(rawValue: statusText) else {
            throw StoreError.invalidStoredValue(column: "status", value: statusText)
        }
        guard let currency = Currency(code: currencyCode) else {
            throw StoreError.invalidStoredValue(column: "base_currency", value: currencyCode)
        }
        let zone: TimeZone
        if let cached = zones[zoneName] {
            zone = cached
        } else if let found = TimeZone(identifier: zoneName) {
            zone = found
            zones[zoneName] = found
        } else {
            throw StoreError.invalidStoredValue(column: "time_zone", value: zoneName)
        }
        let schemaName = try row.decode(String.self, "schema_name")
        let context: TenantContext
        do {
            context = try TenantContext(
                id: try row.decode(Int64.self, "id"), slug: try row.decode(String.self, "slug"), schemaName: schemaName,
                timeZoneIdentifier: zoneName, timeZone: zone, currency: currency,
                fiscalYearStartMonth: try row.decode(Int.self, "fiscal_year_start_month"), status: status,
                cluster: try row.decode(String.self, "cluster"))
        } catch {
            throw StoreError.invalidStoredValue(column: "schema_name", value: schemaName)
        }
        self.init(
            context: context, displayName: try row.decode(String.self, "display_name"),
            createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"),
            deletedAt: try row.decode(Date?.self, "deleted_at"))
    }

    init(row: PostgresRow) throws {
        var zones: [String: TimeZone] = [:]
        try self.init(row: row, zones: &zones)
    }

    /// Decodes every row of a tenant query.
    static func all(_ rows: PostgresRows) throws -> [Tenant] {
        var zones: [String: TimeZone] = [:]
        var tenants = [Tenant]()
        tenants.reserveCapacity(rows.count)
        for row in rows { tenants.append(try Tenant(row: row, zones: &zones)) }
        return tenants
    }
}
