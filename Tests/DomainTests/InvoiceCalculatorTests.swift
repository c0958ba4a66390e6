import TestSupport
import XCTest

@testable import Domain

/// Invoice arithmetic: line totals, discounts and tax rounded half-even to the currency's minor units.
final class InvoiceCalculatorTests: XCTestCase {
    private func line(_ quantity: String, _ price: String, discount: Discount? = nil, tax: String? = nil) -> InvoiceLineInput {
        InvoiceLineInput(quantity: dec(quantity), unitPrice: dec(price), discount: discount, taxRate: tax.map { dec($0) })
    }

    func testLineTotalRoundsHalfEven() throws {
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("1", "0.125"), line("1", "0.135"), line("3", "0.0417")], discount: nil, minorUnits: 2)
        XCTAssertEqual(amounts.lines.map(\.gross.description), ["0.12", "0.14", "0.13"])
        XCTAssertEqual(amounts.subtotal.description, "0.39")
        XCTAssertEqual(amounts.total.description, "0.39")
    }

    func testLineDiscountAndTax() throws {
        // 3 × 19.99 = 59.97; 10 % = 5.997 → 6.00; net 53.97; 20 % tax = 10.794 → 10.79.
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("3", "19.99", discount: .percent(dec("10")), tax: "20")], discount: nil, minorUnits: 2)
        let first = try XCTUnwrap(amounts.lines.first)
        XCTAssertEqual(first.gross.description, "59.97")
        XCTAssertEqual(first.lineDiscount.description, "6.00")
        XCTAssertEqual(first.net.description, "53.97")
        XCTAssertEqual(first.tax.description, "10.79")
        XCTAssertEqual(amounts.discountTotal.description, "6.00")
        XCTAssertEqual(amounts.taxTotal.description, "10.79")
        XCTAssertEqual(amounts.total.description, "64.76")
    }

    func testTaxRoundsHalfEven() throws {
        // 10 % of 1.25 = 0.125 → 0.12; of 1.35 = 0.135 → 0.14.
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("1", "1.25", tax: "10"), line("1", "1.35", tax: "10")], discount: nil, minorUnits: 2)
        XCTAssertEqual(amounts.lines.map(\.tax.description), ["0.12", "0.14"])
    }

    func testJPYHasNoDecimals() throws {
        // 3 × 333.5 = 1000.5 → 1000 (tie to even); tax 8 % of 1000 = 80.
        let amounts = try InvoiceCalculator.calculate(lines: [line("3", "333.5", tax: "8")], discount: nil, minorUnits: 0)
        XCTAssertEqual(amounts.lines[0].gross.description, "1000")
        XCTAssertEqual(amounts.taxTotal.description, "80")
        XCTAssertEqual(amounts.total.description, "1080")
    }

    func testKWDHasThreeDecimals() throws {
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("1", "1.2345"), line("1", "1.2355"), line("2", "1.2345")], discount: nil, minorUnits: 3)
        XCTAssertEqual(amounts.lines.map(\.gross.description), ["1.234", "1.236", "2.469"])
        XCTAssertEqual(amounts.total.description, "4.939")
    }

    func testInvoiceDiscountAmountIsSplitInProportion() throws {
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("1", "100"), line("1", "50"), line("1", "50")], discount: .amount(dec("10")), minorUnits: 2)
        XCTAssertEqual(amounts.lines.map(\.allocatedDiscount.description), ["5.00", "2.50", "2.50"])
        XCTAssertEqual(amounts.lines.map(\.net.description), ["95.00", "47.50", "47.50"])
        XCTAssertEqual(amounts.discountTotal.description, "10.00")
        XCTAssertEqual(amounts.total.description, "190.00")
    }

    func testInvoiceDiscountPercentIsRoundedOnceThenSplitExactly() throws {
        // 10 % of 99.99 = 9.999 → 10.00, split 3.34 / 3.33 / 3.33 (the remainder goes to the first line).
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("1", "33.33"), line("1", "33.33"), line("1", "33.33")], discount: .percent(dec("10")),
            minorUnits: 2)
        XCTAssertEqual(amounts.lines.map(\.allocatedDiscount.description), ["3.34", "3.33", "3.33"])
        XCTAssertEqual(amounts.discountTotal.description, "10.00")
        XCTAssertEqual(try amounts.lines.map(\.net).sum().description, "89.99")
        XCTAssertEqual(amounts.total.description, "89.99")
    }

    func testTaxAppliesAfterTheInvoiceDiscount() throws {
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("1", "100", tax: "20")], discount: .amount(dec("10")), minorUnits: 2)
        XCTAssertEqual(amounts.lines[0].net.description, "90.00")
        XCTAssertEqual(amounts.taxTotal.description, "18.00")
        XCTAssertEqual(amounts.total.description, "108.00")
    }

    func testTotalsAlwaysAddUp() throws {
        var random = SplitMix64(seed: 6)
        for _ in 0..<500 {
            let count = Int.random(in: 1...6, using: &random)
            let lines = (0..<count).map { _ in
                InvoiceLineInput(
                    quantity: ExactDecimal(significand: Int128(Int.random(in: 1...50_000, using: &random)), scale: 3) ?? 1,
                    unitPrice: ExactDecimal(significand: Int128(Int.random(in: 0...9_999_999, using: &random)), scale: 4) ?? 0,
                    discount: Bool.random(using: &random) ? .percent(ExactDecimal(Int.random(in: 0...100, using: &random))) : nil,
                    taxRate: Bool.random(using: &random) ? ExactDecimal(significand: Int128(Int.random(in: 0...250, using: &random)), scale: 1) : nil)
            }
            let discount: Discount? = Bool.random(using: &random) ? .percent(ExactDecimal(Int.random(in: 0...50, using: &random))) : nil
            let places = [0, 2, 3].randomElement(using: &random) ?? 2
            let amounts = try InvoiceCalculator.calculate(lines: lines, discount: discount, minorUnits: places)
            let nets = try amounts.lines.map(\.net).sum()
            XCTAssertEqual(try nets.adding(amounts.taxTotal), amounts.total)
            XCTAssertEqual(try amounts.subtotal.subtracting(amounts.discountTotal), nets)
            for amounts in amounts.lines {
                XCTAssertFalse(amounts.net.isNegative)
                XCTAssertTrue(amounts.net.hasAtMost(places: places))
                XCTAssertTrue(amounts.tax.hasAtMost(places: places))
            }
        }
    }

    func testReportsEveryBadFieldWithItsPath() {
        let found = violations {
            _ = try InvoiceCalculator.calculate(
                lines: [
                    line("0", "-1"),
                    line("1.00001", "1", discount: .amount(dec("5")), tax: "101"),
                    line("1", "1.00001"),
                ],
                discount: .percent(dec("150")), minorUnits: 2)
        }
        XCTAssertEqual(
            found,
            [
                "lines/0/quantity outOfRange", "lines/0/unitPrice outOfRange", "lines/1/quantity invalidValue",
                "lines/1/taxRate outOfRange", "lines/2/unitPrice invalidValue",
            ])
    }

    func testRequiresALine() {
        XCTAssertEqual(violations { _ = try InvoiceCalculator.calculate(lines: [], discount: nil, minorUnits: 2) }, ["lines required"])
    }

    func testDiscountMayNotExceedWhatItDiscounts() {
        XCTAssertEqual(
            violations {
                _ = try InvoiceCalculator.calculate(
                    lines: [line("1", "4", discount: .amount(dec("5")))], discount: nil, minorUnits: 2)
            }, ["lines/0/discount/value outOfRange"])
        XCTAssertEqual(
            violations {
                _ = try InvoiceCalculator.calculate(lines: [line("1", "4")], discount: .amount(dec("4.01")), minorUnits: 2)
            }, ["discount/value outOfRange"])
        XCTAssertEqual(
            violations {
                _ = try InvoiceCalculator.calculate(lines: [line("1", "4")], discount: .percent(dec("150")), minorUnits: 2)
            }, ["discount/value outOfRange"])
    }

    func testDiscountAmountRespectsMinorUnits() {
        XCTAssertEqual(
            violations {
                _ = try InvoiceCalculator.calculate(lines: [line("1", "10")], discount: .amount(dec("0.5")), minorUnits: 0)
            }, ["discount/value invalidValue"])
    }

    func testFullDiscountGivesZeroTotal() throws {
        let amounts = try InvoiceCalculator.calculate(lines: [line("2", "5")], discount: .percent(dec("100")), minorUnits: 2)
        XCTAssertEqual(amounts.total.description, "0.00")
    }

    func testTaxInclusivePricesTakeTheTaxOutOfEachLineAndTheTotalIsThePrices() throws {
        let amounts = try InvoiceCalculator.calculate(
            lines: [line("1", "120.00", tax: "20"), line("3", "10.55", tax: "5.5"), line("1", "9.99")],
            discount: nil, minorUnits: 2, pricesIncludeTax: true)
        XCTAssertEqual(amounts.lines.map(\.tax), [dec("20.00"), dec("1.65"), dec("0.00")])
        XCTAssertEqual(amounts.lines.map(\.net), [dec("100.00"), dec("30.00"), dec("9.99")])
        XCTAssertEqual(amounts.lines.map(\.gross), amounts.lines.map(\.net), "no discount: gross is the net")
        XCTAssertEqual(amounts.total, dec("161.64"))
    }

    func testTaxInclusivePricesWithDiscountsStillAddUpExactly() throws {
        var random = SplitMix64(seed: 24)
        for _ in 0..<300 {
            let lines = (0..<Int(random.next() % 4 + 1)).map { _ in
                line(
                    ["1", "2", "0.5", "3"][Int(random.next() % 4)], ["0.01", "19.99", "120.00", "7.77"][Int(random.next() % 4)],
                    discount: random.next() % 2 == 0 ? nil : .percent(dec("15")),
                    tax: [nil, "5.5", "20", "0"][Int(random.next() % 4)])
            }
            let discount: Discount? = random.next() % 2 == 0 ? nil : .percent(dec("12.5"))
            let inclusive = try InvoiceCalculator.calculate(lines: lines, discount: discount, minorUnits: 2, pricesIncludeTax: true)
            let exclusive = try InvoiceCalculator.calculate(lines: lines.map { line in
                var untaxed = line
                untaxed.taxRate = nil
                return untaxed
            }, discount: discount, minorUnits: 2)
            XCTAssertEqual(inclusive.total, exclusive.total, "the prices, discounted, are what is owed")
            for amount in inclusive.lines {
                XCTAssertEqual(try amount.gross.subtracting(amount.lineDiscount).subtracting(amount.allocatedDiscount), amount.net)
                XCTAssertFalse(amount.lineDiscount.isNegative || amount.allocatedDiscount.isNegative)
            }
            XCTAssertEqual(
                try inclusive.subtotal.subtracting(inclusive.discountTotal).adding(inclusive.taxTotal), inclusive.total)
        }
    }
}
