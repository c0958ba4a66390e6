import Domain
import Foundation
import XCTest

/// Credit notes: what each line gives back, exactly, and the entry that reverses it.
final class CreditNoteCalculatorTests: XCTestCase {
    private let licence = UUID(), setup = UUID(), receivable = UUID(), tax = UUID()

    /// 2 × 50.00 at 20 % and 1 × 40.00 at 10 %: 164.00.
    private func lines(creditedNet: String = "0", creditedTax: String = "0") -> [CreditableLine] {
        [
            CreditableLine(
                lineNumber: 1, description: "Licence", quantity: dec("2"), taxRate: dec("20"), incomeAccount: licence,
                net: dec("100.00"), tax: dec("20.00"), creditedNet: dec(creditedNet), creditedTax: dec(creditedTax)),
            CreditableLine(
                lineNumber: 2, description: "Setup", quantity: dec("1"), taxRate: dec("10"), incomeAccount: setup,
                net: dec("40.00"), tax: dec("4.00")),
        ]
    }

    func testHalfByAmountTakesHalfOfEveryLineAndItsTax() throws {
        let credit = try CreditNoteCalculator.compute(.amount(dec("82.00")), lines: lines(), minorUnits: 2)
        XCTAssertEqual(credit.lines.map(\.net), [dec("50"), dec("20")])
        XCTAssertEqual(credit.lines.map(\.tax), [dec("10"), dec("2")])
        XCTAssertEqual(credit.total, dec("82"))
    }

    func testPartialCreditsAddUpExactlyToTheInvoice() throws {
        let first = try CreditNoteCalculator.compute(.amount(dec("64.00")), lines: lines(), minorUnits: 2)
        XCTAssertEqual(first.lines.map(\.net), [dec("39.03"), dec("15.61")])  // shares 46.83 and 17.17
        XCTAssertEqual(first.lines.map(\.tax), [dec("7.80"), dec("1.56")])  // 7.805 half-even → 7.80
        var rest = lines()
        for (index, line) in first.lines.enumerated() {
            rest[index].creditedNet = line.net
            rest[index].creditedTax = line.tax
        }
        let second = try CreditNoteCalculator.compute(.full, lines: rest, minorUnits: 2)
        XCTAssertEqual(second.total, dec("100"))
        XCTAssertEqual(try [first.lines[0].tax, second.lines[0].tax].sum(), dec("20"))
        XCTAssertEqual(try [first.lines[1].net, second.lines[1].net].sum(), dec("40"))
    }

    func testByQuantityTheLastUnitTakesWhatIsLeft() throws {
        var three = lines()
        three[0].quantity = dec("3")
        three[0].net = dec("100.00")
        let one = try CreditNoteCalculator.compute(.lines([CreditLineRequest(lineNumber: 1, quantity: dec("1"))]), lines: three, minorUnits: 2)
        XCTAssertEqual(one.lines.first?.net, dec("33.33"))
        three[0].creditedNet = dec("66.66")
        three[0].creditedTax = dec("13.34")
        three[0].creditedQuantity = dec("2")
        let last = try CreditNoteCalculator.compute(.lines([CreditLineRequest(lineNumber: 1, quantity: dec("1"))]), lines: three, minorUnits: 2)
        XCTAssertEqual(last.lines.first?.net, dec("33.34"))
        XCTAssertEqual(last.lines.first?.tax, dec("6.66"))
    }

    func testOverCreditingNamesTheField() {
        XCTAssertThrowsError(try CreditNoteCalculator.compute(.amount(dec("164.01")), lines: lines(), minorUnits: 2)) { error in
            XCTAssertEqual((error as? FieldViolations)?.errors.map(\.path), ["amount"])
        }
        let requests = [CreditLineRequest(lineNumber: 1, quantity: dec("3")), CreditLineRequest(lineNumber: 7, amount: dec("1"))]
        XCTAssertThrowsError(try CreditNoteCalculator.compute(.lines(requests), lines: lines(), minorUnits: 2)) { error in
            XCTAssertEqual((error as? FieldViolations)?.errors.map(\.path), ["lines/0/quantity", "lines/1/lineNo"])
        }
        XCTAssertThrowsError(
            try CreditNoteCalculator.compute(.full, lines: lines(creditedNet: "100.00", creditedTax: "20.00").dropLast(), minorUnits: 2))
    }

    func testTheCreditEntryReversesTheCreditedPartAndFilesTheExcessAsCustomerCredit() {
        let posting = PostingRules.creditNoteIssued(
            receivable: receivable, total: dec("82.00"), customerCredit: dec("30.00"),
            lines: [(licence, dec("50.00")), (setup, dec("20.00"))], taxTotal: dec("12.00"), taxAccount: { tax })
        XCTAssertEqual(
            posting,
            [
                PostingLine(account: licence, side: .debit, amount: dec("50.00")),
                PostingLine(account: setup, side: .debit, amount: dec("20.00")),
                PostingLine(account: tax, side: .debit, amount: dec("12.00"), memo: "tax"),
                PostingLine(account: receivable, side: .credit, amount: dec("52.00")),
                PostingLine(account: receivable, side: .credit, amount: dec("30.00"), memo: PostingRules.customerCreditMemo),
            ])
    }
}
