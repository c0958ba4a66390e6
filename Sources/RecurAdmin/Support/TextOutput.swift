import Domain
import Foundation
import Store

/// The human-readable forms.
enum TextOutput {
    /// Left-aligned columns separated by two spaces, with a header row.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "-" }
        return date.formatted(.iso8601)
    }

    static func tenantTable(_ tenants: [Tenant]) -> String {
        table(
            ["SLUG", "STATUS", "CURRENCY", "TIME ZONE", "FY START", "SCHEMA", "CLUSTER", "NAME"],
            tenants.map {
                [
                    $0.slug, $0.status.wireValue, $0.context.currency.code, $0.context.timeZoneIdentifier,
                    String($0.context.fiscalYearStartMonth), $0.context.schemaName, $0.context.cluster, $0.displayName,
                ]
            })
    }

    static func tenantDetails(_ tenant: Tenant) -> String {
        let fields: [(String, String)] = [
            ("slug", tenant.slug), ("name", tenant.displayName), ("id", String(tenant.id)),
            ("status", tenant.status.wireValue), ("schema", tenant.context.schemaName),
            ("cluster", tenant.context.cluster),
            ("time zone", tenant.context.timeZoneIdentifier), ("currency", tenant.context.currency.code),
            ("fiscal year starts", "month \(tenant.context.fiscalYearStartMonth)"),
            ("created", timestamp(tenant.createdAt)), ("updated", timestamp(tenant.updatedAt)),
        ] + (tenant.deletedAt.map { [("deleted", timestamp($0))] } ?? [])
        return labelled(fields)
    }

    /// `label: value` lines, the values aligned.
    static func labelled(_ fields: [(String, String)]) -> String {
        let width = fields.map(\.0.count).max() ?? 0
        return fields.map { "\(($0.0 + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0)) \($0.1)" }
            .joined(separator: "\n")
    }

    /// The legal identity documents print, one field a line; `-` for what is not set.
    static func legalIdentity(_ legal: LegalIdentity) -> String {
        let address = legal.address.map { address in
            [address.line1, address.line2, [address.postalCode, address.city].compactMap { $0 }.joined(separator: " "), address.country]
                .compactMap { $0 }.joined(separator: ", ")
        }
        let fields: [(String, String?)] = [
            ("legal name", legal.legalName), ("address", address), ("VAT id", legal.vatID),
            ("registration id", legal.registrationID), ("IBAN", legal.iban), ("BIC", legal.bic),
        ]
        return labelled(fields.map { ($0.0, $0.1 ?? "-") })
    }

    static func keyTable(_ keys: [APIKeyInfo]) -> String {
        table(
            ["PREFIX", "LABEL", "ROLE", "STATUS", "CREATED", "LAST USED", "REVOKED"],
            keys.map {
                [
                    $0.prefix, $0.label, $0.role.rawValue,
                    $0.isRevoked ? ($0.replacedByPrefix.map { "rotated → \($0)" } ?? "revoked") : "active",
                    timestamp($0.createdAt), timestamp($0.lastUsedAt), timestamp($0.revokedAt),
                ]
            })
    }

    /// The lines that show a new key, which cannot be shown again.
    static func issuedKey(_ key: IssuedAPIKey) -> String {
        """
        API key \(key.info.prefix) (\(key.info.label), \(key.info.role.rawValue)); shown once, store it now:
        \(key.key)
        """
    }
}
