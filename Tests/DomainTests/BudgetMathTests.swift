import XCTest

@testable import Domain

/// Budget distribution, validation, variance, utilisation and forecast math.
final class BudgetMathTests: XCTestCase {
    func testEvenSplitSumsExactlyWithTheRemainderFirst() throws {
        let months = try XCTUnwrap(BudgetDistribution.even(dec("1000.00"), minorUnits: 2))
        XCTAssertEqual(months.map(\.description), Array(repeating: "83.34", count: 4) + Array(repeating: "83.33", count: 8))
        XCTAssertEqual(BudgetDistribution.total(months), dec("1000"))
        // Rounding each month up overshoots: the remainder is negative and is taken from the first months.
        let small = try XCTUnwrap(BudgetDistribution.even(dec("0.11"), minorUnits: 2))
        XCTAssertEqual(BudgetDistribution.total(small), dec("0.11"))
        XCTAssertEqual(small.first?.description, "0.00")
        let yen = try XCTUnwrap(BudgetDistribution.even(dec("100"), minorUnits: 0))
        XCTAssertEqual(BudgetDistribution.total(yen), dec("100"))
        for text in ["0", "0.01", "99999.99", "12.12", "7.77"] {
            XCTAssertEqual(BudgetDistribution.total(try XCTUnwrap(BudgetDistribution.even(dec(text), minorUnits: 2))), dec(text), text)
        }
        XCTAssertNil(BudgetDistribution.even(dec("1.001"), minorUnits: 2))
    }

    func testMonthsNotSummingNameTheLine() {
        var months = Array(repeating: dec("10"), count: 12)
        let ok = BudgetLinePlan(amount: dec("120"), months: months)
        XCTAssertEqual(BudgetPlanValidation.violations(ok, index: 2, minorUnits: 2), [])
        months[5] = dec("11")
        let bad = BudgetPlanValidation.violations(BudgetLinePlan(amount: dec("120"), months: months), index: 2, minorUnits: 2)
        XCTAssertEqual(bad.map(\.path), ["lines/2/months"])
        XCTAssertTrue(bad[0].message.contains("121.00"), bad[0].message)
        let short = BudgetPlanValidation.violations(BudgetLinePlan(amount: dec("120"), months: [dec("120")]), index: 0, minorUnits: 2)
        XCTAssertEqual(short.map(\.path), ["lines/0/months"])
    }

    func testAllocationsMustSumToTheLine() {
        let plan = BudgetLinePlan(
            amount: dec("100"), allocations: [BudgetAllocation(name: "Travel", amount: dec("60")), BudgetAllocation(name: "Food", amount: dec("30"))])
        XCTAssertEqual(BudgetPlanValidation.violations(plan, index: 1, minorUnits: 2).map(\.path), ["lines/1/allocations"])
        var fixed = plan
        fixed.allocations[1].amount = dec("40")
        XCTAssertEqual(BudgetPlanValidation.violations(fixed, index: 1, minorUnits: 2), [])
        fixed.allocations[1].name = "Travel"
        XCTAssertEqual(BudgetPlanValidation.violations(fixed, index: 1, minorUnits: 2).map(\.path), ["lines/1/allocations"])
    }

    func testVarianceSignsByAccountType() throws {
        let overExpense = BudgetVariance(kind: .expense, budget: dec("100"), actual: dec("125"))
        XCTAssertEqual(overExpense.amount, dec("25"))
        XCTAssertEqual(overExpense.percent?.description, "25.00")
        XCTAssertFalse(overExpense.isFavourable)
        XCTAssertTrue(BudgetVariance(kind: .expense, budget: dec("100"), actual: dec("80")).isFavourable)
        let overIncome = BudgetVariance(kind: .income, budget: dec("100"), actual: dec("125"))
        XCTAssertTrue(overIncome.isFavourable)
        let underIncome = BudgetVariance(kind: .income, budget: dec("300"), actual: dec("200"))
        XCTAssertFalse(underIncome.isFavourable)
        XCTAssertEqual(underIncome.percent?.description, "-33.33")
        XCTAssertEqual(underIncome.utilisation?.description, "66.67")
        XCTAssertNil(BudgetVariance(kind: .expense, budget: .zero, actual: dec("1")).utilisation)
    }

    func testHalfEvenDivision() {
        XCTAssertEqual(BudgetMath.divide(dec("1"), by: dec("8"), places: 2)?.description, "0.12")
        XCTAssertEqual(BudgetMath.divide(dec("3"), by: dec("8"), places: 2)?.description, "0.38")
        XCTAssertEqual(BudgetMath.divide(dec("-1"), by: dec("8"), places: 2)?.description, "-0.12")
        XCTAssertEqual(BudgetMath.percent(dec("0.5"), of: dec("3"))?.description, "16.67")
    }

    func testRunRateForecastAndFiscalYear() throws {
        XCTAssertEqual(BudgetForecast.runRate(actualToDate: dec("300"), elapsedMonths: 3, minorUnits: 2).description, "1200.00")
        XCTAssertEqual(BudgetForecast.runRate(actualToDate: dec("100"), elapsedMonths: 7, minorUnits: 2).description, "171.43")
        XCTAssertEqual(BudgetForecast.runRate(actualToDate: dec("5"), elapsedMonths: 0, minorUnits: 2).description, "5.00")
        let year = try XCTUnwrap(FiscalYear(year: 2026, startMonth: 4))
        XCTAssertEqual(year.start.description, "2026-04-01")
        XCTAssertEqual(year.end.description, "2027-03-31")
        XCTAssertEqual(year.monthIndex(of: try XCTUnwrap(CalendarDate("2027-01-15"))), 10)
        XCTAssertNil(year.monthIndex(of: try XCTUnwrap(CalendarDate("2026-03-31"))))
        XCTAssertEqual(year.elapsedMonths(asOf: try XCTUnwrap(CalendarDate("2026-06-01"))), 3)
        XCTAssertEqual(year.elapsedMonths(asOf: try XCTUnwrap(CalendarDate("2028-01-01"))), 12)
        XCTAssertEqual(FiscalYear.containing(try XCTUnwrap(CalendarDate("2027-02-01")), startMonth: 4)?.year, 2026)
    }
}
