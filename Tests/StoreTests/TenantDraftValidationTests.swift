import Domain
import Store
import XCTest

final class TenantDraftValidationTests: XCTestCase {
    private func draft(timeZone: String = "UTC", currency: String = "USD", month: Int = 1, name: String = "Acme")
        -> TenantDraft
    {
        TenantDraft(slug: "acme", displayName: name, timeZone: timeZone, currency: currency, fiscalYearStartMonth: month)
    }

    func testKnownTimeZonesAreAcceptedAndStoredAsGiven() throws {
        for zone in ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Etc/GMT+5"] {
            let valid = try draft(timeZone: zone).validated()
            XCTAssertEqual(valid.timeZoneIdentifier, zone)
        }
    }

    func testUnknownOrMalformedTimeZonesAreRefused() {
        for zone in ["", "utc", "europe/paris", "Mars/Olympus_Mons", "Europe/Paris ", "Europe/Paris;", String(repeating: "A", count: 65)] {
            XCTAssertThrowsError(try draft(timeZone: zone).validated(), zone) { error in
                XCTAssertEqual(error as? TenantError, .invalidTimeZone(zone))
            }
        }
    }

    func testCurrenciesAreCheckedAgainstISO4217() throws {
        XCTAssertEqual(try draft(currency: "JPY").validated().currency.minorUnits, 0)
        XCTAssertEqual(try draft(currency: "KWD").validated().currency.minorUnits, 3)
        for code in ["usd", "US", "XXX", "HRK", "EURO", ""] {
            XCTAssertThrowsError(try draft(currency: code).validated(), code) { error in
                XCTAssertEqual(error as? TenantError, .invalidCurrency(code))
            }
        }
    }

    func testFiscalYearStartMonthMustBeAMonth() throws {
        XCTAssertEqual(try draft(month: 12).validated().fiscalYearStartMonth, 12)
        for month in [0, 13, -1] {
            XCTAssertThrowsError(try draft(month: month).validated()) { error in
                XCTAssertEqual(error as? TenantError, .invalidFiscalYearStartMonth(month))
            }
        }
    }

    func testDisplayNameIsTrimmedAndBounded() throws {
        XCTAssertEqual(try draft(name: "  Acme  ").validated().displayName, "Acme")
        XCTAssertThrowsError(try draft(name: "   ").validated())
        XCTAssertThrowsError(try draft(name: String(repeating: "x", count: 201)).validated())
        XCTAssertThrowsError(try draft(name: "a\u{7}b").validated())
    }

    func testSettingsNeedWellFormedKeysAndJSONValues() throws {
        var valid = draft()
        valid.settings = ["reminders.overdue_days": "[3, 10]", "a": "true", "b_2": #""text""#]
        XCTAssertEqual(try valid.validated().settings.count, 3)
        for (key, value) in [("Bad", "1"), ("1a", "1"), ("a-b", "1"), ("", "1"), ("ok", "{nope"), ("ok", "")] {
            var bad = draft()
            bad.settings = [key: value]
            XCTAssertThrowsError(try bad.validated(), "\(key)=\(value)") { error in
                guard case .invalidSetting = error as? TenantError else { return XCTFail("\(error)") }
            }
        }
    }

    func testValidationErrorsAreInputErrors() {
        XCTAssertEqual(TenantError.invalidCurrency("x").category, .invalidInput)
        XCTAssertEqual(TenantError.notFound(slug: "x").category, .notFound)
        XCTAssertEqual(TenantError.duplicateSlug("x").category, .conflict)
    }
}
