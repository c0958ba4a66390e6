import Postgres

/// Settings written into a new tenant's `tenant_settings` during creation, after the tenant migrations ran.
///
/// Defaults every tenant needs belong in a tenant migration (`INSERT … ON CONFLICT DO NOTHING`), so that
/// existing tenants get them too; a seed is for values chosen at creation time, and overrides a migration's
/// default for the same key. The standard seed is empty.
public struct TenantSeed: Sendable, Hashable {
    /// Setting key (`[a-z][a-z0-9_.]*`) → the value as JSON text.
    public var settings: [String: String]

    /// No settings beyond the migrations' defaults.
    public static let standard = TenantSeed(settings: [:])

    /// This seed with `overrides` replacing values of the same keys.
    func merging(_ overrides: [String: String]) -> TenantSeed {
        TenantSeed(settings: settings.merging(overrides) { $1 })
    }

    /// The settings as one JSON object text, bound as a parameter (keys escaped, values as given: a value that
    /// is not JSON makes the insert fail, and with it the whole creation).
    var jsonObject: String {
        let members = settings.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\($0.value)" }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// Inserts the settings into the `tenant_settings` table that `search_path` finds (the new tenant's).
    func apply(on connection: PostgresConnection) throws {
        guard !settings.isEmpty else { return }
        try connection.query(TenantStatements.seed, [jsonObject])
    }
}

/// A JSON string literal.
func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
