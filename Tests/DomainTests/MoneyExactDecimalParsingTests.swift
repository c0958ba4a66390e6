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

    /// The digit-writing description against the plain string construction it replaced, over many values.
    func testDescriptionMatchesTheStringConstruction() {
        func reference(_ value: ExactDecimal) -> String {
            let digits = String(value.significand.magnitude)
            var text = value.significand < 0 ? "-" : ""
            if value.scale == 0 {
                text += digits
            } else if digits.count > value.scale {
                text += digits.prefix(digits.count - value.scale) + "." + digits.suffix(value.scale)
            } else {
                text += "0." + String(repeating: "0", count: value.scale - digits.count) + digits
            }
            return text
        }
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for scale in 0...ExactDecimal.maxScale {
            for digitCount in 1...38 {
                let bound = digitCount == 38 ? ExactDecimal.maxSignificand : powerOfTen(digitCount) - 1
                for magnitude in [0, 1, bound, Int128.random(in: 0...bound, using: &generator)] {
                    for sign: Int128 in [1, -1] {
                        guard let value = ExactDecimal(significand: sign * magnitude, scale: scale) else {
                            XCTFail("\(sign * magnitude) at scale \(scale)"); continue
                        }
                        XCTAssertEqual(value.description, reference(value))
                        var bytes: [UInt8] = [0x7C]
                        value.appendText(to: &bytes)
                        XCTAssertEqual(bytes, [0x7C] + Array(reference(value).utf8))
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 39 * 38 * 8)
    }

    private func powerOfTen(_ exponent: Int) -> Int128 {
        (0..<exponent).reduce(Int128(1)) { power, _ in power * 10 }
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
