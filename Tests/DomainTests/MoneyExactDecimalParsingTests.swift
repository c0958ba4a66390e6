import XCTest

@testable import Domain

/// Parsing and printing decimal text: strict grammar, scale kept as written.
final class MoneyExactDecimalParsingTests: XCTestCase {
    func testParsesAndKeepsScale() throws {
        let value = try ExactDecimal(parsing: "123.4500")
        XCTAssertEqual(value.significand, 1_234_500)
        XCTAssertEqual(value.scale, 4)
        XCTAssertEqual(value.description, "123.4500")
    }

    func testNegativeFraction() throws {
        let value = try ExactDecimal(parsing: "-0.5")
        XCTAssertEqual(value.significand, -5)
        XCTAssertEqual(value.scale, 1)
        XCTAssertEqual(value.description, "-0.5")
    }

    func testIntegersAndLeadingZeros() throws {
        XCTAssertEqual(try ExactDecimal(parsing: "42").description, "42")
        XCTAssertEqual(try ExactDecimal(parsing: "007").description, "7")
        XCTAssertEqual(try ExactDecimal(parsing: "0.0001").description, "0.0001")
        XCTAssertEqual(try ExactDecimal(parsing: "-0").description, "0")
        XCTAssertEqual(try ExactDecimal(parsing: "0.00").description, "0.00")
    }

    func testRejectsExponents() {
        XCTAssertThrowsError(try ExactDecimal(parsing: "1e5")) { XCTAssertEqual($0 as? ExactDecimalError, .exponentNotAllowed(offset: 1)) }
        XCTAssertThrowsError(try ExactDecimal(parsing: "1.5E-3")) { XCTAssertEqual($0 as? ExactDecimalError, .exponentNotAllowed(offset: 3)) }
    }

    func testRejectsNaNInfinityAndGarbage() {
        for text in ["NaN", "Infinity", "-Infinity", "abc", "1,5", " 1", "1 ", "+1", "1.2.3", "--1", "0x10", "1_000"] {
            XCTAssertThrowsError(try ExactDecimal(parsing: text), text) { error in
                guard case .invalidCharacter = error as? ExactDecimalError else {
                    return XCTFail("\(text): \(error)")
                }
            }
        }
    }

    func testRejectsMissingDigits() {
        XCTAssertThrowsError(try ExactDecimal(parsing: "")) { XCTAssertEqual($0 as? ExactDecimalError, .empty) }
        for text in ["-", "1.", ".5", "-.5", "-1."] {
            XCTAssertThrowsError(try ExactDecimal(parsing: text), text) {
                XCTAssertEqual($0 as? ExactDecimalError, .missingDigits, text)
            }
        }
    }

    func testDigitLimits() throws {
        let thirtyEight = String(repeating: "9", count: 38)
        XCTAssertEqual(try ExactDecimal(parsing: thirtyEight).description, thirtyEight)
        XCTAssertEqual(try ExactDecimal(parsing: "0000" + thirtyEight).description, thirtyEight)
        XCTAssertThrowsError(try ExactDecimal(parsing: "1" + thirtyEight)) { XCTAssertEqual($0 as? ExactDecimalError, .tooManyDigits) }
        XCTAssertThrowsError(try ExactDecimal(parsing: "0." + String(repeating: "0", count: 39))) {
            XCTAssertEqual($0 as? ExactDecimalError, .tooManyDigits)
        }
    }

    func testLosslessStringConvertible() {
        XCTAssertEqual(ExactDecimal("12.50")?.description, "12.50")
        XCTAssertNil(ExactDecimal("12,50"))
    }

    func testErrorDescriptionsSayWhatToWrite() {
        XCTAssertTrue(ExactDecimalError.exponentNotAllowed(offset: 1).description.contains("exponent"))
        XCTAssertTrue(ExactDecimalError.missingDigits.description.contains("0.50"))
    }
}
