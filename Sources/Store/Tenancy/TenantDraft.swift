import Domain
import Foundation

/// What it takes to create a tenant; ``validated()`` checks every field.
public struct TenantDraft: Sendable, Hashable {
    public var slug: String
    public var displayName: String
    /// An IANA time-zone name known to Foundation (`TimeZone(identifier:)`).
    public var timeZone: String
    /// An upper-case ISO 4217 code.
    public var currency: String
    public var fiscalYearStartMonth: Int
    /// Initial settings (key → JSON text), written after the migrations' defaults and replacing them.
    public var settings: [String: String]

    public static let defaultTimeZone = "UTC"
    public static let defaultCurrency = "USD"

    public init(
        slug: String, displayName: String, timeZone: String = TenantDraft.defaultTimeZone,
        currency: String = TenantDraft.defaultCurrency, fiscalYearStartMonth: Int = 1, settings: [String: String] = [:]
    ) {
        self.settings = settings
        self.slug = slug
        self.displayName = displayName
        self.timeZone = timeZone
        self.currency = currency
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }
}

/// A draft whose every field is valid.
public struct ValidatedTenantDraft: Sendable, Hashable {
    public let slug: TenantSlug
    public let displayName: String
    /// The IANA name as given (stored as is).
    public let timeZoneIdentifier: String
    public let timeZone: TimeZone
    public let currency: Currency
    public let fiscalYearStartMonth: Int
    public let settings: [String: String]
}

extension TenantDraft {
    /// Checks the slug, the display name (1–200 characters, no control characters, not blank), the time zone,
    /// the currency, the fiscal-year start month and the settings, in that order.
    public func validated() throws(TenantError) -> ValidatedTenantDraft {
        let slug = try TenantSlug(self.slug)
        let name = displayName.trimmingCharacters(in: .whitespaces)
        if let violation = TextField.violations(name, at: "name", maxLength: 200).first {
            throw .invalidDisplayName(violation.message)
        }
        let zone = try TenantDraft.timeZone(timeZone)
        guard let currency = Currency(code: currency) else { throw .invalidCurrency(currency) }
        guard (1...12).contains(fiscalYearStartMonth) else {
            throw .invalidFiscalYearStartMonth(fiscalYearStartMonth)
        }
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            try TenantDraft.validateSetting(key: key, value: value)
        }
        return ValidatedTenantDraft(
            slug: slug, displayName: name, timeZoneIdentifier: timeZone, timeZone: zone, currency: currency,
            fiscalYearStartMonth: fiscalYearStartMonth, settings: settings)
    }

    /// A time zone by IANA name, as Foundation's `TimeZone(identifier:)` knows it (it also knows a few
    /// abbreviations such as `EST` and offsets such as `GMT+5`). The name is stored as given, so it must be at
    /// most 64 characters of letters, digits, `/`, `_`, `+`, `-`.
    static func timeZone(_ identifier: String) throws(TenantError) -> TimeZone {
        guard !identifier.isEmpty, identifier.count <= 64,
            identifier.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "/_+-".unicodeScalars.contains($0)
            }),
            let zone = TimeZone(identifier: identifier)
        else { throw .invalidTimeZone(identifier) }
        return zone
    }

    /// A setting key is `[a-z][a-z0-9_.]*`, at most 100 characters; its value must be JSON.
    static func validateSetting(key: String, value: String) throws(TenantError) {
        guard (1...100).contains(key.utf8.count), let first = key.unicodeScalars.first, ("a"..."z").contains(first),
            key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." })
        else { throw .invalidSetting(key: key, reason: "keys are a-z, 0-9, '_' and '.', starting with a letter") }
        guard (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)) != nil else {
            throw .invalidSetting(key: key, reason: "the value is not JSON")
        }
    }
}
