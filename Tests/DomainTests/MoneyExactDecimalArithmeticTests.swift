import XCTest

@testable import Domain

/// Exact arithmetic, comparison by value, and rounding (half-even and toward zero).
final class MoneyExactDecimalArithmeticTests: XCTestCase {
    func testAddAlignsScales() throws {
        XCTAssertEqual(try dec("1.5").adding(dec("0.25")).description, "1.75")
        XCTAssertEqual(try dec("10").subtracting(dec("0.01")).description, "9.99")
        XCTAssertEqual(try dec("-1.10").adding(dec("1.1")).description, "0.00")
    }

    func testNoBinaryFloatDrift() throws {
        // 0.1 + 0.2 is exactly 0.3 here.
        XCTAssertEqual(try dec("0.1").adding(dec("0.2")), dec("0.3"))
    }

    func testMultiplyIsExact() throws {
        XCTAssertEqual(try dec("1.25").multiplied(by: dec("0.5")).description, "0.625")
        XCTAssertEqual(try dec("3.3333").multiplied(by: dec("3")).description, "9.9999")
        XCTAssertEqual(try dec("-2").multiplied(by: dec("0.5")).description, "-1.0")
    }

    func testDivideByPowerOfTen() throws {
        XCTAssertEqual(try dec("12.5").dividedByPowerOfTen(2).description, "0.125")
    }

    func testCompareByValue() {
        XCTAssertEqual(dec("1.5"), dec("1.50"))
        XCTAssertEqual(dec("1.5").hashValue, dec("1.500").hashValue)
        XCTAssertLessThan(dec("-0.01"), dec("0"))
        XCTAssertLessThan(dec("0.125"), dec("0.13"))
        XCTAssertLessThan(dec("-1.5"), dec("-1.4"))
        XCTAssertGreaterThan(dec("100"), dec("99.9999"))
        XCTAssertEqual(Set([dec("2"), dec("2.0"), dec("2.00")]).count, 1)
    }

    func testCompareAtTheExtremesDoesNotOverflow() {
        let big = dec(String(repeating: "9", count: 38))
        let tiny = dec("0." + String(repeating: "0", count: 37) + "1")
        XCTAssertLessThan(tiny, big)
        XCTAssertLessThan(big.negated, tiny)
        XCTAssertGreaterThan(tiny, .zero)
    }

    func testOverflowThrows() {
        let big = dec(String(repeating: "9", count: 38))
        XCTAssertThrowsError(try big.adding(dec("1"))) { XCTAssertEqual($0 as? ExactDecimalError, .overflow) }
        XCTAssertThrowsError(try big.multiplied(by: dec("10"))) { XCTAssertEqual($0 as? ExactDecimalError, .overflow) }
        XCTAssertThrowsError(try dec("1").adding(dec("0." + String(repeating: "0", count: 37) + "1")))
    }

    func testHalfEvenRoundsTiesToEven() {
        XCTAssertEqual(dec("0.125").rounded(toPlaces: 2).description, "0.12")
        XCTAssertEqual(dec("0.135").rounded(toPlaces: 2).description, "0.14")
        XCTAssertEqual(dec("0.145").rounded(toPlaces: 2).description, "0.14")
        XCTAssertEqual(dec("2.5").rounded(toPlaces: 0).description, "2")
        XCTAssertEqual(dec("3.5").rounded(toPlaces: 0).description, "4")
    }

    func testHalfEvenRoundsNonTiesToNearest() {
        XCTAssertEqual(dec("0.1251").rounded(toPlaces: 2).description, "0.13")
        XCTAssertEqual(dec("0.1249").rounded(toPlaces: 2).description, "0.12")
        XCTAssertEqual(dec("0.129").rounded(toPlaces: 2).description, "0.13")
    }

    func testHalfEvenIsSymmetricForNegatives() {
        XCTAssertEqual(dec("-0.125").rounded(toPlaces: 2).description, "-0.12")
        XCTAssertEqual(dec("-0.135").rounded(toPlaces: 2).description, "-0.14")
        XCTAssertEqual(dec("-0.005").rounded(toPlaces: 2).description, "0.00")
    }

    func testRoundingPadsToThePlaces() {
        XCTAssertEqual(dec("5").rounded(toPlaces: 2).description, "5.00")
        XCTAssertEqual(dec("1.5").rounded(toPlaces: 3).description, "1.500")
    }

    func testRoundToZeroPlacesForJPY() {
        XCTAssertEqual(dec("1234.5").rounded(toPlaces: 0).description, "1234")
        XCTAssertEqual(dec("1235.5").rounded(toPlaces: 0).description, "1236")
    }

    func testRoundToThreePlacesForKWD() {
        XCTAssertEqual(dec("1.2345").rounded(toPlaces: 3).description, "1.234")
        XCTAssertEqual(dec("1.2355").rounded(toPlaces: 3).description, "1.236")
    }

    func testTowardZeroTruncates() {
        XCTAssertEqual(dec("0.129").rounded(toPlaces: 2, .towardZero).description, "0.12")
        XCTAssertEqual(dec("-0.129").rounded(toPlaces: 2, .towardZero).description, "-0.12")
    }

    func testRoundingAtMaximumScaleDoesNotOverflow() {
        let half = dec("0." + "5" + String(repeating: "0", count: 37))
        XCTAssertEqual(half.rounded(toPlaces: 0).description, "0")
        let justOver = dec("0.5" + String(repeating: "0", count: 36) + "1")
        XCTAssertEqual(justOver.rounded(toPlaces: 0).description, "1")
    }

    func testNormalized() {
        XCTAssertEqual(dec("1.500").normalized.description, "1.5")
        XCTAssertEqual(dec("2.000").significantScale, 0)
        XCTAssertTrue(dec("1.2300").hasAtMost(places: 2))
        XCTAssertFalse(dec("1.2301").hasAtMost(places: 2))
    }

    func testSum() throws {
        XCTAssertEqual(try [dec("0.10"), dec("0.20"), dec("0.3")].sum().description, "0.60")
        XCTAssertEqual(try [ExactDecimal]().sum(), .zero)
    }
}
