import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// The tax summary's purchases: expenses that carry input tax (recorded with a tax code), less their reversal in its
/// own period.
final class TaxSummaryRepositoryTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture(prefix: "taxsum") }
    override func tearDown() { fixture?.drop() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    func testExpensesWithInputTaxCountAsPurchasesAndTheirReversalInItsOwnPeriod() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor(), category = try build.category()
            let code = try TaxCodeRepository(db).create(
                TaxCodeDraft(code: "FR-20", name: "TVA 20 %", rate: 20, category: .standard))
            let expenses = ExpenseRepository(db)
            func taxed(_ amount: String, _ tax: String, on day: String) throws -> UUID {
                let expense = try expenses.create(
                    ExpenseDraft(
                        vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal(amount)!, date: date(day),
                        taxCodeID: code.id))
                XCTAssertEqual(expense.taxAmount.amount, ExactDecimal(tax)!)
                return expense.id
            }
            _ = try taxed("120.00", "20.00", on: "2026-03-10")
            let reversed = try taxed("60.00", "10.00", on: "2026-03-12")
            _ = try expenses.reverse(reversed, on: date("2026-04-03"))

            let summaries = TaxSummaryRepository(db)
            let march = try summaries.summary(from: date("2026-03-01"), to: date("2026-03-31"), currency: .eur)
            XCTAssertEqual(march.rows.map(\.code), ["FR-20"])
            XCTAssertEqual(march.rows.first?.purchasesBase, ExactDecimal("150.00"))
            XCTAssertEqual(march.rows.first?.purchasesTax, ExactDecimal("30.00"))
            XCTAssertEqual(march.rows.first?.salesTax, .zero)
            XCTAssertEqual(march.totals.netTax, ExactDecimal("-30.00"))
            let april = try summaries.summary(from: date("2026-04-01"), to: date("2026-04-30"), currency: .eur)
            XCTAssertEqual(april.rows.first?.purchasesBase, ExactDecimal("-50.00"))
            XCTAssertEqual(april.totals.netTax, ExactDecimal("10.00"))
        }
    }

    func testAPeriodEndsOnOrAfterItsStartAndSpansLessThanTenYears() {
        XCTAssertEqual(TaxSummaryRepository.violations(from: date("2026-03-01"), to: date("2026-03-01")), [])
        XCTAssertEqual(TaxSummaryRepository.violations(from: date("2026-03-01"), to: date("2026-02-28")).map(\.path), ["to"])
        XCTAssertEqual(TaxSummaryRepository.violations(from: date("2016-03-01"), to: date("2026-02-28")), [])
        XCTAssertEqual(TaxSummaryRepository.violations(from: date("2016-03-01"), to: date("2026-03-01")).map(\.path), ["to"])
        XCTAssertEqual(TaxSummaryRepository.violations(from: date("9995-01-01"), to: date("9999-12-31")), [])
    }
}
