import XCTest

@testable import Domain

/// Interval and calendar-anchored rules: month ends, leap years, nth weekdays, business days, weekly days.
final class CalendarRuleTests: XCTestCase {
    private let context = ScheduleContext.calendarYear

    private func dues(_ rule: ScheduleRule, start: String, count: Int) throws -> [String] {
        try schedule(rule, start: start, count: count).occurrences(context: context).dues
    }

    func testMonthlyFromJan31ClampsFromTheAnchorAndNeverDrifts() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: nil), start: "2026-01-31", count: 5),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"])
    }

    func testMonthlyFromJan31GivesFeb29InLeapYear2024() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .dayOfMonth(31)), start: "2024-01-31", count: 3),
            ["2024-01-31", "2024-02-29", "2024-03-31"])
    }

    func testMonthlyFebruaryIn1900And2100HasNo29th() throws {
        XCTAssertEqual(try dues(.monthly(interval: 1, day: nil), start: "1900-01-29", count: 3), ["1900-01-29", "1900-02-28", "1900-03-29"])
        XCTAssertEqual(try dues(.monthly(interval: 1, day: nil), start: "2100-01-29", count: 3), ["2100-01-29", "2100-02-28", "2100-03-29"])
        XCTAssertEqual(try dues(.monthly(interval: 1, day: nil), start: "2000-01-29", count: 3), ["2000-01-29", "2000-02-29", "2000-03-29"])
    }

    func testMonthlyOnDay31StartingMidMonthBeginsThatMonth() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .dayOfMonth(31)), start: "2026-01-15", count: 3),
            ["2026-01-31", "2026-02-28", "2026-03-31"])
    }

    func testMonthlyIntervalIsCountedFromTheStartMonth() throws {
        // Day 10 of January is before the start, so the first is three months on.
        XCTAssertEqual(
            try dues(.monthly(interval: 3, day: .dayOfMonth(10)), start: "2026-01-15", count: 3),
            ["2026-04-10", "2026-07-10", "2026-10-10"])
    }

    func testQuarterlyFromAug31ClampsEachQuarter() throws {
        XCTAssertEqual(
            try dues(.quarterly(), start: "2023-08-31", count: 5),
            ["2023-08-31", "2023-11-30", "2024-02-29", "2024-05-31", "2024-08-31"])
    }

    func testSemiannualFromAug31() throws {
        XCTAssertEqual(try dues(.semiannual(), start: "2099-08-31", count: 3), ["2099-08-31", "2100-02-28", "2100-08-31"])
    }

    func testMonthlyLastDay() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .lastDay), start: "1999-12-01", count: 4),
            ["1999-12-31", "2000-01-31", "2000-02-29", "2000-03-31"])
    }

    func testMonthlyNegativeDayCountsBackFromTheMonthEnd() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .dayOfMonth(-3)), start: "2026-01-01", count: 3),
            ["2026-01-29", "2026-02-26", "2026-03-29"])
    }

    func testYearlyFeb29FallsOnFeb28InCommonYears() throws {
        XCTAssertEqual(
            try dues(.annual(), start: "2024-02-29", count: 5),
            ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"])
    }

    func testYearlyFeb29AcrossCenturies() throws {
        XCTAssertEqual(
            try dues(.yearly(interval: 100, month: 2, day: .dayOfMonth(29)), start: "1800-01-01", count: 4),
            ["1800-02-28", "1900-02-28", "2000-02-29", "2100-02-28"])
    }

    func testYearlyOnAMonthBeforeTheStartMonthBeginsNextYear() throws {
        XCTAssertEqual(
            try dues(.yearly(interval: 1, month: 3, day: .dayOfMonth(15)), start: "2026-06-01", count: 2),
            ["2027-03-15", "2028-03-15"])
    }

    func testYearlyNthWeekday() throws {
        // Fourth Thursday of November.
        XCTAssertEqual(
            try dues(.yearly(interval: 1, month: 11, day: .weekday(.thursday, ordinal: 4)), start: "2025-01-01", count: 3),
            ["2025-11-27", "2026-11-26", "2027-11-25"])
    }

    func testSecondTuesdayOfEachMonth() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .weekday(.tuesday, ordinal: 2)), start: "2026-01-01", count: 4),
            ["2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14"])
    }

    func testLastFridayOfEachMonth() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .weekday(.friday, ordinal: -1)), start: "2026-01-01", count: 4),
            ["2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24"])
    }

    func testNthWeekdayBeforeTheStartSkipsToNextMonth() throws {
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .weekday(.tuesday, ordinal: 2)), start: "2026-01-14", count: 1),
            ["2026-02-10"])
    }

    func testFirstBusinessDayOfEachMonth() throws {
        // 2026-02-01 is a Sunday, 2026-08-01 a Saturday.
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .businessDay(1)), start: "2026-01-01", count: 8),
            ["2026-01-01", "2026-02-02", "2026-03-02", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-03"])
    }

    func testLastBusinessDayOfEachMonth() throws {
        // 2026-01-31 is a Saturday, 2026-05-31 a Sunday.
        XCTAssertEqual(
            try dues(.monthly(interval: 1, day: .businessDay(-1)), start: "2026-01-01", count: 5),
            ["2026-01-30", "2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29"])
    }

    func testNthBusinessDayMatchesCountingWeekdays() {
        for year in 2020...2030 {
            for month in 1...12 {
                let length = CalendarDate.daysInMonth(year: year, month: month)
                let business = (1...length).filter { d in
                    CalendarDate(year: year, month: month, day: d)?.weekday.isBusinessDay ?? false
                }
                for n in 1...20 {
                    XCTAssertEqual(MonthDay.businessDay(n).day(year: year, month: month), business[n - 1], "\(year)-\(month) #\(n)")
                    XCTAssertEqual(
                        MonthDay.businessDay(-n).day(year: year, month: month), business[business.count - n], "\(year)-\(month) #-\(n)")
                }
            }
        }
    }

    func testWeeklyOnGivenWeekdaysSkipsDaysBeforeTheStart() throws {
        // 2026-01-07 is a Wednesday: Monday of that week is skipped.
        XCTAssertEqual(
            try dues(.weekly(interval: 1, weekdays: [.friday, .monday]), start: "2026-01-07", count: 4),
            ["2026-01-09", "2026-01-12", "2026-01-16", "2026-01-19"])
    }

    func testWeeklyDefaultsToTheStartsWeekday() throws {
        XCTAssertEqual(try dues(.weekly(interval: 1, weekdays: nil), start: "2026-01-07", count: 3), ["2026-01-07", "2026-01-14", "2026-01-21"])
    }

    func testFortnightlyCountsWeeksFromTheStartsWeek() throws {
        XCTAssertEqual(
            try dues(.fortnightly(weekdays: [.monday, .thursday]), start: "2026-01-07", count: 4),
            ["2026-01-08", "2026-01-19", "2026-01-22", "2026-02-02"])
    }

    func testDailyEveryNDays() throws {
        XCTAssertEqual(try dues(.daily(interval: 10), start: "2024-02-20", count: 3), ["2024-02-20", "2024-03-01", "2024-03-11"])
    }

    func testEndCountAndTotalDurationWhicheverEndsFirst() throws {
        let monthly = ScheduleRule.monthly(interval: 1, day: nil)
        let byEnd = try schedule(monthly, start: "2026-01-10", end: "2026-04-10", count: 10, totalDurationDays: 1000)
        XCTAssertEqual(byEnd.occurrences(context: context).dues.last, "2026-04-10")
        let byCount = try schedule(monthly, start: "2026-01-10", end: "2027-01-01", count: 2, totalDurationDays: 1000)
        XCTAssertEqual(byCount.occurrences(context: context).dues, ["2026-01-10", "2026-02-10"])
        let byDuration = try schedule(monthly, start: "2026-01-10", end: "2027-01-01", count: 10, totalDurationDays: 31)
        XCTAssertEqual(byDuration.occurrences(context: context).dues, ["2026-01-10", "2026-02-10"])
    }

    func testIntervalRulePeriodRunsToTheDayBeforeTheNextOccurrence() throws {
        let s = try schedule(.monthly(interval: 1, day: nil), start: "2024-01-31", count: 2)
        let all = Array(s.occurrences(context: context))
        XCTAssertEqual([all[0].periodStart, all[0].periodEnd], [day("2024-01-31"), day("2024-02-28")])
        XCTAssertEqual([all[1].periodStart, all[1].periodEnd], [day("2024-02-29"), day("2024-03-30")])
        XCTAssertEqual(all[1].postingDate, all[1].dueDate)
    }

    func testUnboundedScheduleStopsAtYear9999() throws {
        let s = try schedule(.annual(), start: "9990-06-30")
        XCTAssertEqual(s.occurrences(context: context).count, 10)
        XCTAssertEqual(s.occurrences(context: context).last?.periodEnd, CalendarDate.max)
    }
}
