import XCTest

@testable import Domain

/// MixERP's "Frequency" recurrence: fiscal period ends, here for a fiscal year starting in April.
final class FiscalPeriodEndTests: XCTestCase {
    private let april = ScheduleContext(fiscalYearStartMonth: 4)

    private func occurrences(_ period: FiscalPeriod, start: String, count: Int) throws -> [Occurrence] {
        let context = try XCTUnwrap(april)
        return Array(try schedule(.fiscalPeriodEnd(period), start: start, count: count).occurrences(context: context))
    }

    func testMonthEnds() throws {
        let all = try occurrences(.month, start: "2024-01-15", count: 3)
        XCTAssertEqual(iso(all.map(\.dueDate)), ["2024-01-31", "2024-02-29", "2024-03-31"])
        XCTAssertEqual(iso(all.map(\.periodStart)), ["2024-01-01", "2024-02-01", "2024-03-01"])
    }

    func testQuarterEnds() throws {
        let all = try occurrences(.quarter, start: "2026-05-10", count: 4)
        XCTAssertEqual(iso(all.map(\.dueDate)), ["2026-06-30", "2026-09-30", "2026-12-31", "2027-03-31"])
        XCTAssertEqual(iso(all.map(\.periodStart)), ["2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"])
    }

    func testHalfYearEnds() throws {
        let all = try occurrences(.halfYear, start: "2026-01-01", count: 3)
        XCTAssertEqual(iso(all.map(\.dueDate)), ["2026-03-31", "2026-09-30", "2027-03-31"])
        XCTAssertEqual(iso(all.map(\.periodStart)), ["2025-10-01", "2026-04-01", "2026-10-01"])
    }

    func testYearEnds() throws {
        let all = try occurrences(.year, start: "2026-04-01", count: 2)
        XCTAssertEqual(iso(all.map(\.dueDate)), ["2027-03-31", "2028-03-31"])
        XCTAssertEqual(iso(all.map(\.periodStart)), ["2026-04-01", "2027-04-01"])
    }

    func testAPeriodEndOnTheStartDayIsTheFirstOccurrence() throws {
        XCTAssertEqual(try occurrences(.quarter, start: "2026-06-30", count: 1).map(\.dueDate), [day("2026-06-30")])
    }

    func testPostingDateIsThePeriodEnd() throws {
        for o in try occurrences(.quarter, start: "2026-01-01", count: 4) {
            XCTAssertEqual(o.postingDate, o.dueDate)
            XCTAssertEqual(o.periodEnd, o.dueDate)
        }
    }

    func testCalendarFiscalYearGivesCalendarQuarters() throws {
        let s = try schedule(.fiscalPeriodEnd(.quarter), start: "2026-02-01", count: 2)
        XCTAssertEqual(s.occurrences(context: .calendarYear).dues, ["2026-03-31", "2026-06-30"])
    }

    func testFiscalYearStartMonthMustBeAMonth() {
        XCTAssertNil(ScheduleContext(fiscalYearStartMonth: 0))
        XCTAssertNil(ScheduleContext(fiscalYearStartMonth: 13))
        XCTAssertEqual(ScheduleContext(fiscalYearStartMonth: 12)?.fiscalYearStartMonth, 12)
    }
}
