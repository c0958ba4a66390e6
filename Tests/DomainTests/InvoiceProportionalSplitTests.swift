import TestSupport
import XCTest

@testable import Domain

/// Splitting an amount in proportion, in whole minor units, adding up exactly.
final class InvoiceProportionalSplitTests: XCTestCase {
    func testEqualWeightsGiveTheRemainderToTheFirst() throws {
        let shares = try ProportionalSplit.split(dec("1.00"), weights: [dec("1"), dec("1"), dec("1")], places: 2)
        XCTAssertEqual(shares.map(\.description), ["0.34", "0.33", "0.33"])
    }

    func testLargestRemainderWins() throws {
        // 0.10 over 1 : 2 → 0.0333… / 0.0666… → 0.03 / 0.07.
        let shares = try ProportionalSplit.split(dec("0.10"), weights: [dec("1"), dec("2")], places: 2)
        XCTAssertEqual(shares.map(\.description), ["0.03", "0.07"])
    }

    func testZeroWeightsGiveZeroShares() throws {
        let shares = try ProportionalSplit.split(dec("0"), weights: [dec("0"), dec("0")], places: 0)
        XCTAssertEqual(shares.map(\.description), ["0", "0"])
    }

    func testSharesAlwaysAddUp() throws {
        var random = SplitMix64(seed: 42)
        for _ in 0..<1000 {
            let places = Int.random(in: 0...4, using: &random)
            let weights = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                ExactDecimal(significand: Int128(Int.random(in: 0...1_000_000, using: &random)), scale: places) ?? .zero
            }
            let total = ExactDecimal(significand: Int128(Int.random(in: 0...1_000_000, using: &random)), scale: places) ?? .zero
            let shares = try ProportionalSplit.split(total, weights: weights, places: places)
            if weights.allSatisfy(\.isZero) { continue }
            XCTAssertEqual(try shares.sum(), total)
            XCTAssertTrue(shares.allSatisfy { !$0.isNegative && $0.scale == places })
        }
    }
}
