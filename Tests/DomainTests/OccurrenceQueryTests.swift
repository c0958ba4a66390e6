import XCTest

@testable import Domain

/// Index lookup, next-after, ranges and the EOD catch-up window (posting date in `(cursor, asOf]`).
final class OccurrenceQueryTests: XCTestCase {
    private let context = ScheduleContext.calendarYear

    func testCatchUpOverNinetyMissedDaysYieldsEveryMissedOccurrenceOnceInOrder() throws {
        let s = try schedule(.weekly(interval: 1, weekdays: [.monday, .wednesday, .friday]), start: "2019-03-01")
        let occurrences = s.occurrences(context: context)
        let cursor = day("2026-01-09"), asOf = cursor.plus(90)
        let caughtUp = Array(occurrences.posted(after: cursor, through: asOf))
        let expected = (1...90).map { cursor.plus($0) }.filter { [.monday, .wednesday, .friday].contains($0.weekday) }
        XCTAssertEqual(caughtUp.map(\.postingDate), expected)
        XCTAssertEqual(caughtUp.map(\.index), Array(caughtUp[0].index..<(caughtUp[0].index + expected.count)))
    }

    func testCatchUpOfAMonthlyScheduleAfterDowntime() throws {
        let s = try schedule(.monthly(interval: 1, day: .dayOfMonth(31)), start: "2010-01-31")
        let missed = s.occurrences(context: context).posted(after: day("2025-12-31"), through: day("2026-03-31"))
        XCTAssertEqual(missed.postings, ["2026-01-31", "2026-02-28", "2026-03-31"])
        XCTAssertEqual(missed.first?.index, 192)
    }

    func testCatchUpWithoutCursorStartsAtTheFirstOccurrence() throws {
        let s = try schedule(.daily(interval: 2), start: "2026-01-01")
        XCTAssertEqual(
            s.occurrences(context: context).posted(after: nil, through: day("2026-01-05")).postings,
            ["2026-01-01", "2026-01-03", "2026-01-05"])
    }

    func testCatchUpWindowFiltersOnPostingDateNotDueDate() throws {
        let s = try schedule(.mixerpSameCalendarDate, start: "2000-01-15")
        let window = s.occurrences(context: context).posted(after: day("2000-02-13"), through: day("2000-02-14"))
        XCTAssertEqual(window.postings, ["2000-02-14"])
        XCTAssertEqual(window.dues, ["2000-02-15"])
        XCTAssertTrue(s.occurrences(context: context).posted(after: day("2000-02-14"), through: day("2000-02-15")).isEmpty)
    }

    func testCatchUpWindowIsEmptyWhenCursorIsAtOrAfterAsOf() throws {
        let s = try schedule(.daily(interval: 1), start: "2026-01-01")
        XCTAssertTrue(s.occurrences(context: context).posted(after: day("2026-02-01"), through: day("2026-02-01")).isEmpty)
        XCTAssertTrue(s.occurrences(context: context).posted(after: day("2026-03-01"), through: day("2026-02-01")).isEmpty)
    }

    func testWindowOnAScheduleStartedDecadesAgoJumpsToTheRightIndex() throws {
        let s = try schedule(.daily(interval: 1), start: "1900-01-01")
        let window = s.occurrences(context: context).posted(after: day("2026-01-01"), through: day("2026-01-03"))
        XCTAssertEqual(window.map(\.index), [day("2026-01-02").dayNumber - day("1900-01-01").dayNumber, day("2026-01-03").dayNumber - day("1900-01-01").dayNumber])
    }

    func testOccurrenceAtIndexIsComputedFromTheAnchor() throws {
        let s = try schedule(.monthly(interval: 1, day: nil), start: "2026-01-31")
        let occurrences = s.occurrences(context: context)
        XCTAssertEqual(occurrences.occurrence(at: 1)?.dueDate, day("2026-02-28"))
        XCTAssertEqual(occurrences.occurrence(at: 2)?.dueDate, day("2026-03-31"))
        XCTAssertEqual(occurrences.occurrence(at: 12)?.dueDate, day("2027-01-31"))
        XCTAssertNil(occurrences.occurrence(at: -1))
        XCTAssertEqual(occurrences[25], occurrences.occurrence(at: 25))
    }

    func testOccurrenceAtIndexBeyondTheBoundsIsNil() throws {
        let s = try schedule(.monthly(interval: 1, day: nil), start: "2026-01-31", count: 3)
        XCTAssertNotNil(s.occurrences(context: context).occurrence(at: 2))
        XCTAssertNil(s.occurrences(context: context).occurrence(at: 3))
        XCTAssertNil(s.occurrences(context: context).occurrence(at: .max))
    }

    func testNextAfterADateIsStrictlyAfterIt() throws {
        let s = try schedule(.monthly(interval: 1, day: .dayOfMonth(15)), start: "2026-01-01")
        let occurrences = s.occurrences(context: context)
        XCTAssertEqual(occurrences.next(after: day("2026-03-14"))?.postingDate, day("2026-03-15"))
        XCTAssertEqual(occurrences.next(after: day("2026-03-15"))?.postingDate, day("2026-04-15"))
        XCTAssertEqual(occurrences.next(after: day("1990-01-01"))?.index, 0)
    }

    func testNextAfterTheLastOccurrenceIsNil() throws {
        let s = try schedule(.monthly(interval: 1, day: nil), start: "2026-01-15", count: 2)
        XCTAssertNil(s.occurrences(context: context).next(after: day("2026-02-15")))
    }

    func testPostedInAClosedRangeIncludesBothEnds() throws {
        let s = try schedule(.daily(interval: 7), start: "2026-01-01")
        XCTAssertEqual(
            s.occurrences(context: context).posted(in: day("2026-01-08")...day("2026-01-22")).postings,
            ["2026-01-08", "2026-01-15", "2026-01-22"])
    }

    func testOccurrencesAfterAnIndexCursor() throws {
        let s = try schedule(.daily(interval: 1), start: "2026-01-01", count: 5)
        XCTAssertEqual(s.occurrences(context: context).occurrences(afterIndex: 2).map(\.index), [3, 4])
        XCTAssertTrue(s.occurrences(context: context).occurrences(afterIndex: .max).isEmpty)
        XCTAssertEqual(s.occurrences(context: context).occurrences(afterIndex: -5).count, 5)
    }

    func testSlicesKeepOccurrenceIndexes() throws {
        let s = try schedule(.daily(interval: 1), start: "2026-01-01", count: 10)
        let slice = s.occurrences(context: context)[4..<7]
        XCTAssertEqual(slice.map(\.index), [4, 5, 6])
        XCTAssertEqual(slice[5].dueDate, day("2026-01-06"))
    }

    func testIterationStreamsWithoutMaterialising() throws {
        let s = try schedule(.daily(interval: 1), start: "0001-01-01")
        var iterator = s.occurrences(context: context).makeIterator()
        var last: Occurrence?
        for _ in 0..<1000 { last = iterator.next() }
        XCTAssertEqual(last?.dueDate, day("0001-01-01").plus(999))
        XCTAssertEqual(s.occurrences(context: context).count, CalendarDate.dayNumberRange.count)
    }
}
