import XCTest

@testable import Domain

/// Money: an exact amount in one currency, rounded to the currency's minor units.
final class MoneyTests: XCTestCase {
    private func money(_ amount: String, _ code: String) throws -> Money {
        Money(dec(amount), try XCTUnwrap(Currency(code: code)))
    }

    func testAddsInOneCurrency() throws {
        XCTAssertEqual(try money("10.25", "EUR").adding(money("0.75", "EUR")).description, "11.00 EUR")
        XCTAssertEqual(try money("10.25", "EUR").subtracting(money("0.75", "EUR")).description, "9.50 EUR")
    }

    func testRefusesToMixCurrencies() throws {
        XCTAssertThrowsError(try money("1", "EUR").adding(money("1", "USD"))) {
            XCTAssertEqual($0 as? MoneyError, .currencyMismatch("EUR", "USD"))
        }
    }

    func testZeroIsWrittenWithMinorUnits() {
        XCTAssertEqual(Money.zero(.eur).description, "0.00 EUR")
        XCTAssertEqual(Money.zero(.jpy).description, "0 JPY")
    }

    func testRoundsHalfEvenToMinorUnits() throws {
        XCTAssertEqual(try money("0.125", "USD").rounded().description, "0.12 USD")
        XCTAssertEqual(try money("0.135", "USD").rounded().description, "0.14 USD")
        XCTAssertEqual(try money("100.5", "JPY").rounded().description, "100 JPY")
        XCTAssertEqual(try money("101.5", "JPY").rounded().description, "102 JPY")
        XCTAssertEqual(try money("1.0005", "KWD").rounded().description, "1.000 KWD")
        XCTAssertEqual(try money("1.0015", "KWD").rounded().description, "1.002 KWD")
    }

    func testMinorUnitCheck() throws {
        XCTAssertTrue(try money("1.50", "EUR").isInMinorUnits)
        XCTAssertFalse(try money("1.505", "EUR").isInMinorUnits)
        XCTAssertFalse(try money("1.5", "JPY").isInMinorUnits)
        XCTAssertTrue(try money("1.500", "KWD").isInMinorUnits)
    }
}
