import Domain
import XCTest

/// Per-occurrence amounts normalised to a month, and MRR movement from month-end snapshots, without a database.
final class MonthlyAmountTests: XCTestCase {
    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }
    private func amount(_ text: String) -> ExactDecimal { ExactDecimal(text)! }
    private func perMonth(_ value: String, _ rule: ScheduleRule, places: Int = 2) -> ExactDecimal? {
        MonthlyAmount.perMonth(amount(value), rule: rule, places: places)
    }

    func testEachRuleIsItsOccurrencesPerYearOverTwelve() {
        XCTAssertEqual(perMonth("100", .monthly(interval: 1, day: nil)), amount("100.00"))
        XCTAssertEqual(perMonth("300", .quarterly()), amount("100.00"))
        XCTAssertEqual(perMonth("600", .semiannual()), amount("100.00"))
        XCTAssertEqual(perMonth("1200", .annual()), amount("100.00"))
        XCTAssertEqual(perMonth("1200", .yearly(interval: 2, month: nil, day: nil)), amount("50.00"))
        // Weekly: 52 a year. 100 × 52 / 12 = 433.333…
        XCTAssertEqual(perMonth("100", .weekly(interval: 1, weekdays: nil)), amount("433.33"))
        XCTAssertEqual(perMonth("100", .fortnightly()), amount("216.67"))
        XCTAssertEqual(perMonth("10", .weekly(interval: 1, weekdays: [.monday, .wednesday, .friday])), amount("130.00"))
        XCTAssertEqual(perMonth("10", .weekly(interval: 1, weekdays: [.monday, .monday])), amount("43.33"), "a weekday counts once")
        // Daily: 365 a year. 12 × 365 / 12 = 365; every 7 days 70 × 365 / 84 = 304.1666…
        XCTAssertEqual(perMonth("12", .daily(interval: 1)), amount("365.00"))
        XCTAssertEqual(perMonth("70", .mixerpDuration(everyDays: 7)), amount("304.17"))
        XCTAssertEqual(perMonth("99.99", .mixerpSameCalendarDate), amount("99.99"))
        XCTAssertEqual(perMonth("300", .fiscalPeriodEnd(.quarter)), amount("100.00"))
        XCTAssertEqual(perMonth("600", .fiscalPeriodEnd(.halfYear)), amount("100.00"))
        XCTAssertEqual(perMonth("100", .monthly(interval: 3, day: nil), places: 0), amount("33"))
        XCTAssertEqual(perMonth("0.125", .monthly(interval: 1, day: nil)), amount("0.12"), "half-even, once")
    }

    func testBoundedSchedulesEndAfterTheirLastPeriod() throws {
        let context = ScheduleContext.calendarYear
        let open = try Schedule(rule: .monthly(interval: 1, day: nil), start: date("2026-01-15"))
        XCTAssertNil(MonthlyAmount.endsOn(open, context: context))
        let three = try Schedule(rule: .monthly(interval: 1, day: nil), start: date("2026-01-15"), count: 3)
        XCTAssertEqual(MonthlyAmount.endsOn(three, context: context), date("2026-04-14"), "the third period's last day")
        let ending = try Schedule(rule: .monthly(interval: 1, day: nil), start: date("2026-01-15"), end: date("2026-03-20"))
        XCTAssertEqual(MonthlyAmount.endsOn(ending, context: context), date("2026-03-20"), "clipped at the end date")
    }

    func testMovementClassifiesEachTemplateAndTiesOut() throws {
        typealias Change = RecurringMovement.Change
        let changes = [
            Change(template: 0, effectiveOn: date("2026-01-10"), amount: amount("100"), endsOn: nil),
            Change(template: 1, effectiveOn: date("2026-01-20"), amount: amount("50"), endsOn: nil),
            Change(template: 2, effectiveOn: date("2026-02-05"), amount: amount("30"), endsOn: date("2026-03-15")),
            Change(template: 0, effectiveOn: date("2026-02-10"), amount: amount("120"), endsOn: nil),  // expansion
            Change(template: 1, effectiveOn: date("2026-02-11"), amount: amount("0"), endsOn: nil),  // paused: churn
            Change(template: 0, effectiveOn: date("2026-03-01"), amount: amount("80"), endsOn: nil),  // contraction
            Change(template: 1, effectiveOn: date("2026-03-02"), amount: amount("50"), endsOn: nil),  // resumed
        ]
        let months = try RecurringMovement.months(
            changes, templateCount: 3, openingDate: date("2026-01-31"), monthEnds: [date("2026-02-28"), date("2026-03-31")])
        XCTAssertEqual(months.count, 2)
        let february = months[0], march = months[1]
        XCTAssertEqual(february.opening, amount("150"))
        XCTAssertEqual(february.movement[.new], amount("30"))
        XCTAssertEqual(february.movement[.expansion], amount("20"))
        XCTAssertEqual(february.movement[.churn], amount("-50"))
        XCTAssertEqual(february.closing, amount("150"))
        XCTAssertEqual(february.contributors, 2)
        XCTAssertEqual(march.opening, february.closing)
        XCTAssertEqual(march.movement[.contraction], amount("-40"))
        XCTAssertEqual(march.movement[.reactivation], amount("50"))
        XCTAssertEqual(march.movement[.churn], amount("-30"), "c's schedule ended on March 15")
        XCTAssertEqual(march.closing, amount("130"))
        for month in months {
            XCTAssertEqual(try month.opening.adding(try month.movement.values.sum()), month.closing)
        }
        XCTAssertEqual(
            RecurringMovement.amounts(at: date("2026-02-11"), changes, templateCount: 3), [amount("120"), .zero, amount("30")])
        XCTAssertEqual(RecurringMovement.amounts(at: date("2026-03-16"), changes, templateCount: 3)[2], .zero, "past its end")
    }
}
