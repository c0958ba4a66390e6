import XCTest

@testable import Domain

/// MixERP's recurring-invoice rules, with the seed's examples verbatim (seeds/003).
final class MixERPScheduleTests: XCTestCase {
    private let context = ScheduleContext.calendarYear

    func testDurationSeedExampleInLeapYear2016() throws {
        // Start Jan 1, total duration 365, recurring duration 45, same calendar date off.
        let s = try schedule(.mixerpDuration(everyDays: 45), start: "2016-01-01", totalDurationDays: 365)
        XCTAssertEqual(
            s.occurrences(context: context).dues,
            ["2016-02-15", "2016-03-31", "2016-05-15", "2016-06-29", "2016-08-13", "2016-09-27", "2016-11-11", "2016-12-26"])
    }

    func testDurationSeedExampleInCommonYear2015() throws {
        let s = try schedule(.mixerpDuration(everyDays: 45), start: "2015-01-01", totalDurationDays: 365)
        XCTAssertEqual(
            s.occurrences(context: context).dues,
            ["2015-02-15", "2015-04-01", "2015-05-16", "2015-06-30", "2015-08-14", "2015-09-28", "2015-11-12", "2015-12-27"])
    }

    func testDurationPostsOnItsDueDate() throws {
        let s = try schedule(.mixerpDuration(everyDays: 45), start: "2016-01-01", totalDurationDays: 365)
        for o in s.occurrences(context: context) { XCTAssertEqual(o.postingDate, o.dueDate) }
    }

    func testDurationBoundIncludesStartPlusTotalDuration() throws {
        // 365 / 73 = 5: the fifth occurrence falls exactly on start + total duration and is kept.
        let s = try schedule(.mixerpDuration(everyDays: 73), start: "2015-01-01", totalDurationDays: 365)
        XCTAssertEqual(s.occurrences(context: context).dues.last, "2016-01-01")
        XCTAssertEqual(s.occurrences(context: context).count, 5)
    }

    func testDurationPeriodsAreInArrearsAndTileFromTheStart() throws {
        let s = try schedule(.mixerpDuration(everyDays: 45), start: "2016-01-01", totalDurationDays: 365)
        let all = Array(s.occurrences(context: context))
        XCTAssertEqual(all[0].periodStart, day("2016-01-01"))
        XCTAssertEqual(all[0].periodEnd, day("2016-02-14"))
        XCTAssertEqual(all[7].periodStart, day("2016-11-11"))
        XCTAssertEqual(all[7].periodEnd, day("2016-12-25"))
    }

    func testSameCalendarDateSeedExamplePostsTwelveTimesTheDayBeforeDue() throws {
        // Purchased Jan 15 2000: posted Feb 14 2000 (due Feb 15), Mar 14, …, Jan 14 2001.
        let s = try schedule(.mixerpSameCalendarDate, start: "2000-01-15", totalDurationDays: 366)
        let occurrences = s.occurrences(context: context)
        XCTAssertEqual(
            occurrences.postings,
            [
                "2000-02-14", "2000-03-14", "2000-04-14", "2000-05-14", "2000-06-14", "2000-07-14", "2000-08-14",
                "2000-09-14", "2000-10-14", "2000-11-14", "2000-12-14", "2001-01-14",
            ])
        XCTAssertEqual(occurrences.first?.dueDate, day("2000-02-15"))
        XCTAssertEqual(occurrences.last?.dueDate, day("2001-01-15"))
    }

    func testSameCalendarDateWithCountTwelveMatchesTheSeedToo() throws {
        let byCount = try schedule(.mixerpSameCalendarDate, start: "2000-01-15", count: 12)
        let byDuration = try schedule(.mixerpSameCalendarDate, start: "2000-01-15", totalDurationDays: 366)
        XCTAssertEqual(Array(byCount.occurrences(context: context)), Array(byDuration.occurrences(context: context)))
    }

    func testSameCalendarDateTotalDurationBoundsTheDueDate() throws {
        // start + 365 = 2001-01-14: the twelfth one falls due on Jan 15 2001, outside the term.
        let s = try schedule(.mixerpSameCalendarDate, start: "2000-01-15", totalDurationDays: 365)
        XCTAssertEqual(s.occurrences(context: context).count, 11)
    }

    func testSameCalendarDatePeriodRunsFromPreviousDueDateToTheDayBeforeDue() throws {
        let s = try schedule(.mixerpSameCalendarDate, start: "2000-01-15", count: 2)
        let all = Array(s.occurrences(context: context))
        XCTAssertEqual([all[0].periodStart, all[0].periodEnd], [day("2000-01-15"), day("2000-02-14")])
        XCTAssertEqual([all[1].periodStart, all[1].periodEnd], [day("2000-02-15"), day("2000-03-14")])
    }

    func testSameCalendarDateFromJan31ClampsAndReanchors() throws {
        let s = try schedule(.mixerpSameCalendarDate, start: "2000-01-31", count: 3)
        XCTAssertEqual(s.occurrences(context: context).dues, ["2000-02-29", "2000-03-31", "2000-04-30"])
        XCTAssertEqual(s.occurrences(context: context).postings, ["2000-02-28", "2000-03-30", "2000-04-29"])
    }
}
