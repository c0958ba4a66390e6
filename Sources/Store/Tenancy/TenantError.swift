/// Why a tenant operation was refused.
public enum TenantError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    case invalidSlug(String, SlugViolation)
    case invalidDisplayName(String)
    case invalidTimeZone(String)
    case invalidCurrency(String)
    case invalidFiscalYearStartMonth(Int)
    /// An initial setting with a malformed key or a value that is not JSON.
    case invalidSetting(key: String, reason: String)
    /// A schema name that is not a plain lower-case identifier.
    case invalidSchemaName(String)
    /// A live (not deleted) tenant already has this slug.
    case duplicateSlug(String)
    /// A schema of this name exists although no live tenant owns it (made by hand, or left by a bug).
    case schemaExists(String)
    case notFound(slug: String)
    /// The operation needs a live tenant (the tenant was deleted).
    case notLive(slug: String)

    public var description: String {
        switch self {
        case .invalidSlug(let slug, let violation): "invalid slug \"\(slug)\": \(violation)"
        case .invalidDisplayName(let reason): "invalid display name: \(reason)"
        case .invalidTimeZone(let zone): "unknown time zone \"\(zone)\" (expected an IANA name such as Europe/Paris)"
        case .invalidCurrency(let code):
            "unknown currency \"\(code)\" (expected an upper-case ISO 4217 code such as EUR)"
        case .invalidFiscalYearStartMonth(let month): "fiscal-year start month must be 1…12, got \(month)"
        case .invalidSetting(let key, let reason): "invalid setting \"\(key)\": \(reason)"
        case .invalidSchemaName(let name): "invalid schema name \"\(name)\""
        case .duplicateSlug(let slug): "a tenant with slug \"\(slug)\" already exists"
        case .schemaExists(let schema): "schema \(schema) already exists but belongs to no tenant; drop it first"
        case .notFound(let slug): "no tenant with slug \"\(slug)\""
        case .notLive(let slug): "tenant \"\(slug)\" is deleted"
        }
    }

    public var category: StoreErrorCategory {
        switch self {
        case .invalidSlug, .invalidDisplayName, .invalidTimeZone, .invalidCurrency, .invalidFiscalYearStartMonth,
            .invalidSchemaName, .invalidSetting:
            .invalidInput
        case .duplicateSlug, .schemaExists, .notLive: .conflict
        case .notFound: .notFound
        }
    }
}
