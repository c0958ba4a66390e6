import XCTest

@testable import Domain

/// Building a schedule in Swift: each invalid value is a typed violation naming its field.
final class ScheduleValidationTests: XCTestCase {
    private func paths(_ v: [FieldViolation]) -> [String] { v.map(\.path) }

    func testZeroIntervalNamesInterval() {
        let v = violations(.monthly(interval: 0, day: nil))
        XCTAssertEqual(paths(v), ["interval"])
        XCTAssertEqual(v.first?.code, .outOfRange)
    }

    func testNegativeIntervalNamesInterval() {
        XCTAssertEqual(paths(violations(.daily(interval: -3))), ["interval"])
        XCTAssertEqual(paths(violations(.weekly(interval: -1, weekdays: nil))), ["interval"])
        XCTAssertEqual(paths(violations(.yearly(interval: 0, month: nil, day: nil))), ["interval"])
    }

    func testDay32NamesByMonthDay() {
        XCTAssertEqual(paths(violations(.monthly(interval: 1, day: .dayOfMonth(32)))), ["byMonthDay"])
        XCTAssertEqual(paths(violations(.monthly(interval: 1, day: .dayOfMonth(0)))), ["byMonthDay"])
        XCTAssertEqual(paths(violations(.monthly(interval: 1, day: .dayOfMonth(-32)))), ["byMonthDay"])
    }

    func testEndBeforeStartNamesEnd() {
        let v = violations(.daily(interval: 1), start: "2026-02-01", end: "2026-01-31")
        XCTAssertEqual(paths(v), ["end"])
        XCTAssertEqual(v.first?.code, .conflict)
    }

    func testEndOnStartIsAllowed() {
        XCTAssertEqual(violations(.daily(interval: 1), start: "2026-02-01", end: "2026-02-01"), [])
    }

    func testCountZeroNamesCount() {
        XCTAssertEqual(paths(violations(.daily(interval: 1), count: 0)), ["count"])
    }

    func testNonPositiveTotalDurationNamesIt() {
        XCTAssertEqual(paths(violations(.mixerpSameCalendarDate, totalDurationDays: 0)), ["totalDurationDays"])
    }

    func testNonPositiveEveryDaysNamesIt() {
        XCTAssertEqual(paths(violations(.mixerpDuration(everyDays: 0))), ["everyDays"])
    }

    func testRepeatedWeekdayNamesItsIndex() {
        XCTAssertEqual(paths(violations(.weekly(interval: 1, weekdays: [.monday, .friday, .monday]))), ["weekdays/2"])
    }

    func testEmptyWeekdaysNamesWeekdays() {
        XCTAssertEqual(paths(violations(.weekly(interval: 1, weekdays: []))), ["weekdays"])
    }

    func testOrdinalOutOfRangeNamesTheNestedField() {
        XCTAssertEqual(paths(violations(.monthly(interval: 1, day: .weekday(.tuesday, ordinal: 5)))), ["byWeekday/ordinal"])
        XCTAssertEqual(paths(violations(.monthly(interval: 1, day: .weekday(.tuesday, ordinal: 0)))), ["byWeekday/ordinal"])
    }

    func testBusinessDayOutOfRangeNamesByBusinessDay() {
        XCTAssertEqual(paths(violations(.monthly(interval: 1, day: .businessDay(21)))), ["byBusinessDay"])
    }

    func testMonthOutOfRangeNamesByMonth() {
        XCTAssertEqual(paths(violations(.yearly(interval: 1, month: 13, day: nil))), ["byMonth"])
    }

    func testEveryProblemIsReportedTogether() {
        let v = violations(.monthly(interval: 0, day: .dayOfMonth(32)), start: "2026-02-01", end: "2026-01-01", count: 0)
        XCTAssertEqual(paths(v), ["interval", "byMonthDay", "end", "count"])
    }

    func testViolationDescriptionNamesThePath() {
        let v = violations(.daily(interval: 0))
        XCTAssertEqual(v.first?.description, "interval: must be 1…10000, got 0")
        XCTAssertEqual(v.first?.pointer, "/interval")
    }
}
