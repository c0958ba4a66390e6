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

    func testAnExpenseWithInputTaxDebitsTheExpenseItsNetAndTheTaxAccountItsTaxAndCreditsTheWholeAmount() {
        let expense = UUID(), payable = UUID(), inputTax = UUID()
        // 120.00 at 20 %: tax = 120 × 20 / 120 = 20.00.
        let tax = PostingRules.expenseInputTax(amount: d("120.00"), rate: d("20"), minorUnits: 2)
        XCTAssertEqual(tax, d("20.00"))
        XCTAssertEqual(
            PostingRules.expenseRecorded(
                expenseAccount: expense, creditAccount: payable, amount: d("120.00"), inputTax: (inputTax, tax)),
            [
                PostingLine(account: expense, side: .debit, amount: d("100.00")),
                PostingLine(account: inputTax, side: .debit, amount: d("20.00"), memo: "input tax"),
                PostingLine(account: payable, side: .credit, amount: d("120.00")),
            ])
        // Zero tax (an exempt code): no input tax line.
        XCTAssertEqual(
            PostingRules.expenseRecorded(
                expenseAccount: expense, creditAccount: payable, amount: d("50.00"),
                inputTax: (inputTax, PostingRules.expenseInputTax(amount: d("50.00"), rate: d("0"), minorUnits: 2))
            ).map(\.account), [expense, payable])
    }

    func testExpenseInputTaxRoundsHalfEvenInMinorUnits() {
        // 10.00 × 5.5 / 105.5 = 0.52132… → 0.52; 0.06 × 20 / 120 = 0.01; 0.03 × 20 / 120 = 0.005 → 0.00 (even);
        // 0.09 × 20 / 120 = 0.015 → 0.02 (even); JPY 1000 at 10 % = 90.9… → 91.
        XCTAssertEqual(PostingRules.expenseInputTax(amount: d("10.00"), rate: d("5.5"), minorUnits: 2), d("0.52"))
        XCTAssertEqual(PostingRules.expenseInputTax(amount: d("0.06"), rate: d("20"), minorUnits: 2), d("0.01"))
        XCTAssertEqual(PostingRules.expenseInputTax(amount: d("0.03"), rate: d("20"), minorUnits: 2), d("0.00"))
        XCTAssertEqual(PostingRules.expenseInputTax(amount: d("0.09"), rate: d("20"), minorUnits: 2), d("0.02"))
        XCTAssertEqual(PostingRules.expenseInputTax(amount: d("1000"), rate: d("10"), minorUnits: 0), d("91"))
        // Every posting balances and the tax stays below the amount, even at 100 %.
        var random = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let amount = ExactDecimal(unchecked: Int128(random.next() % 1_000_000 + 1), scale: 2)
            let rate = ExactDecimal(unchecked: Int128(random.next() % 1_000_001), scale: 4)
            let tax = PostingRules.expenseInputTax(amount: amount, rate: rate, minorUnits: 2)
            XCTAssertLessThan(tax, amount)
            let lines = PostingRules.expenseRecorded(
                expenseAccount: sales, creditAccount: receivable, amount: amount, inputTax: (services, tax))
            let debit = lines.filter { $0.side == .debit }.reduce(ExactDecimal.zero) { (try? $0.adding($1.amount)) ?? $0 }
            XCTAssertEqual(debit, amount)
            XCTAssertTrue(lines.allSatisfy { $0.amount.isPositive })
        }
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
