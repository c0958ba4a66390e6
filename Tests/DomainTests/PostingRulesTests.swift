import TestSupport
import Foundation
import XCTest

@testable import Domain

final class PostingRulesTests: XCTestCase {
    private let receivable = UUID(), sales = UUID(), services = UUID(), tax = UUID()
    private func d(_ text: String) -> ExactDecimal { ExactDecimal(text)! }

    func testInvoiceCreditsEachIncomeAccountItsNetsInOrderOfFirstAppearanceThenTax() {
        let lines = PostingRules.invoiceIssued(
            controlAccount: receivable, total: d("150.60"),
            lines: [(services, d("40.00")), (sales, d("60.00")), (services, d("25.50"))], taxTotal: d("25.10"),
            taxAccount: { tax })
        XCTAssertEqual(
            lines,
            [
                PostingLine(account: receivable, side: .debit, amount: d("150.60")),
                PostingLine(account: services, side: .credit, amount: d("65.50")),
                PostingLine(account: sales, side: .credit, amount: d("60.00")),
                PostingLine(account: tax, side: .credit, amount: d("25.10"), memo: "tax"),
            ])
    }

    func testZeroNetsAndZeroTaxPostNoLineAndTaxAccountIsNotAskedFor() {
        var asked = false
        let lines = PostingRules.invoiceIssued(
            controlAccount: receivable, total: d("10"), lines: [(sales, d("10")), (services, d("0"))], taxTotal: d("0"),
            taxAccount: {
                asked = true
                return tax
            })
        XCTAssertEqual(lines.map(\.account), [receivable, sales])
        XCTAssertFalse(asked)
    }

    func testEveryRuleBalances() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let nets = (0..<Int(random.next() % 5 + 1)).map { _ in
                (random.next() % 2 == 0 ? sales : services, ExactDecimal(unchecked: Int128(random.next() % 100_000), scale: 2))
            }
            let taxTotal = ExactDecimal(unchecked: Int128(random.next() % 5_000), scale: 2)
            let total = nets.reduce(taxTotal) { (try? $0.adding($1.1)) ?? $0 }
            let lines = PostingRules.invoiceIssued(
                controlAccount: receivable, total: total, lines: nets, taxTotal: taxTotal, taxAccount: { tax })
            let debit = lines.filter { $0.side == .debit }.reduce(ExactDecimal.zero) { (try? $0.adding($1.amount)) ?? $0 }
            let credit = lines.filter { $0.side == .credit }.reduce(ExactDecimal.zero) { (try? $0.adding($1.amount)) ?? $0 }
            XCTAssertEqual(debit, credit)
        }
        let payment = PostingRules.paymentReceived(
            bankAccount: tax, amount: d("30"), allocations: [(receivable, d("10")), (receivable, d("20"))])
        XCTAssertEqual(payment.map(\.side), [.debit, .credit, .credit])
        XCTAssertEqual(PostingRules.expenseRecorded(expenseAccount: sales, creditAccount: tax, amount: d("5")).map(\.side), [.debit, .credit])
        XCTAssertEqual(PostingRules.expensePaid(payableAccount: tax, bankAccount: sales, amount: d("5")).map(\.account), [tax, sales])
    }

    func testTaxGoesToEachLinesAccountAndLinesWithoutOneToTheDefaultAskedOnce() {
        let collected = UUID(), reduced = UUID()
        var asked = 0
        let lines = PostingRules.invoiceIssued(
            controlAccount: receivable, total: d("131.10"),
            lines: [(sales, d("50.00")), (sales, d("40.00")), (services, d("20.00")), (sales, d("10.00"))],
            taxes: [(collected, d("10.00")), (nil, d("4.00")), (reduced, d("1.10")), (collected, d("2.00")), (nil, d("0"))],
            defaultTaxAccount: {
                asked += 1
                return self.tax
            })
        XCTAssertEqual(
            lines,
            [
                PostingLine(account: receivable, side: .debit, amount: d("131.10")),
                PostingLine(account: sales, side: .credit, amount: d("100.00")),
                PostingLine(account: services, side: .credit, amount: d("20.00")),
                PostingLine(account: collected, side: .credit, amount: d("12.00"), memo: "tax"),
                PostingLine(account: tax, side: .credit, amount: d("4.00"), memo: "tax"),
                PostingLine(account: reduced, side: .credit, amount: d("1.10"), memo: "tax"),
            ])
        XCTAssertEqual(asked, 1)
        let credit = PostingRules.creditNoteIssued(
            receivable: receivable, total: d("13.20"), customerCredit: .zero, lines: [(sales, d("11.00"))],
            taxes: [(collected, d("2.20"))], defaultTaxAccount: { XCTFail("no line without a code"); return self.tax })
        XCTAssertEqual(credit.map(\.account), [sales, collected, receivable])
        XCTAssertEqual(credit.map(\.side), [.debit, .debit, .credit])
    }
}
