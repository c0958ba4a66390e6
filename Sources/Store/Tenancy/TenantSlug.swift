/// A tenant's validated slug: 3–40 characters of `a-z`, `0-9` and `-`, starting with a letter, no leading,
/// trailing or doubled `-`, no `pg-` prefix, not a reserved word. Its first tenant's schema is `tenant_` + the
/// slug with `-` turned into `_`, which is injective because slugs have no `_`; a tenant re-created with a slug
/// gets `…__<n>` instead (control migration 0003), so no schema name is ever used twice.
public struct TenantSlug: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `text`.
    public init(_ text: String) throws(TenantError) {
        if let violation = TenantSlug.violation(in: text) { throw .invalidSlug(text, violation) }
        rawValue = text
    }

    /// The schema of the first tenant with this slug (later ones add `__<n>`).
    public var schemaName: String { "tenant_" + rawValue.replacingOccurrences(of: "-", with: "_") }

    public var description: String { rawValue }

    public static func < (lhs: TenantSlug, rhs: TenantSlug) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Names that would be confusing or dangerous as tenants (host names, schema names, roles).
    public static let reserved: Set<String> = [
        "admin", "administrator", "api", "app", "assets", "auth", "billing", "cdn", "control", "dashboard",
        "default", "docs", "help", "information-schema", "login", "mail", "metrics", "null", "postgres",
        "public", "recur", "recur-control", "root", "schema", "static", "status", "support", "system",
        "template", "template0", "template1", "tenant", "tenants", "www",
    ]

    static let lengthRange = 3...40

    /// The first rule `text` breaks, or `nil`.
    public static func violation(in text: String) -> SlugViolation? {
        let count = text.unicodeScalars.count
        guard count >= lengthRange.lowerBound else { return .tooShort(count) }
        guard count <= lengthRange.upperBound else { return .tooLong(count) }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "-": continue
            default: return .invalidCharacter(Character(scalar))
            }
        }
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return .mustStartWithLetter }
        guard !text.hasSuffix("-") else { return .trailingHyphen }
        guard !text.contains("--") else { return .doubleHyphen }
        guard !text.hasPrefix("pg-") else { return .postgresPrefix }
        guard !reserved.contains(text) else { return .reserved }
        return nil
    }
}

/// The rule a slug breaks.
public enum SlugViolation: Sendable, Hashable, CustomStringConvertible {
    case tooShort(Int)
    case tooLong(Int)
    case invalidCharacter(Character)
    case mustStartWithLetter
    case trailingHyphen
    case doubleHyphen
    case postgresPrefix
    case reserved

    public var description: String {
        switch self {
        case .tooShort(let count): "must be at least 3 characters (has \(count))"
        case .tooLong(let count): "must be at most 40 characters (has \(count))"
        case .invalidCharacter(let character):
            "may contain only lower-case letters a-z, digits and '-' (found \(character.debugDescription))"
        case .mustStartWithLetter: "must start with a letter a-z"
        case .trailingHyphen: "must not end with '-'"
        case .doubleHyphen: "must not contain '--'"
        case .postgresPrefix: "must not start with 'pg-' (reserved by PostgreSQL)"
        case .reserved: "is reserved"
        }
    }
}
