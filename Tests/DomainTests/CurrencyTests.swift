import Domain
import XCTest

final class CurrencyTests: XCTestCase {
    func testMinorUnitsOfRepresentativeCurrencies() {
        let expected = ["JPY": 0, "KRW": 0, "USD": 2, "EUR": 2, "GBP": 2, "KWD": 3, "BHD": 3, "TND": 3, "CLF": 4, "UYW": 4]
        for (code, minorUnits) in expected {
            XCTAssertEqual(Currency(code: code)?.minorUnits, minorUnits, code)
        }
    }

    func testUnknownWithdrawnAndMalformedCodesAreRefused() {
        for code in ["", "US", "USDD", "usd", "Usd", "XXX", "XAU", "XDR", "XTS", "HRK", "CUC", "ZWL", "VEF", "ABC", " USD"] {
            XCTAssertNil(Currency(code: code), code)
        }
    }

    func testTableIsSortedUniqueAndWellFormed() {
        let codes = Currency.all.map(\.code)
        XCTAssertEqual(codes, codes.sorted())
        XCTAssertEqual(Set(codes).count, codes.count)
        XCTAssertGreaterThan(codes.count, 150)
        for currency in Currency.all {
            XCTAssertEqual(currency.code.count, 3)
            XCTAssertTrue(currency.code.allSatisfy { $0.isASCII && $0.isUppercase }, currency.code)
            XCTAssertTrue((0...4).contains(currency.minorUnits), currency.code)
            XCTAssertEqual(Currency(code: currency.code), currency)
        }
    }

    func testNamedConstantsMatchTheTable() {
        XCTAssertEqual(Currency.usd, Currency(code: "USD"))
        XCTAssertEqual(Currency.eur, Currency(code: "EUR"))
        XCTAssertEqual(Currency.jpy, Currency(code: "JPY"))
        XCTAssertEqual(Currency.usd.description, "USD")
    }
}
