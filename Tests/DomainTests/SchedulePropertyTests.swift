import TestSupport
import XCTest

@testable import Domain

/// Properties over a few thousand random rules (deterministic seeds, so failures replay).
final class SchedulePropertyTests: XCTestCase {
    private struct Case {
        let schedule: Schedule
        let fiscalYearStartMonth: Int
        let occurrences: OccurrenceSequence
        let all: [Occurrence]
    }

    private func cases(_ n: Int, seed: UInt64) -> [Case] {
        var random = RandomSchedules(seed: seed)
        return (0..<n).map { _ in
            let s = random.schedule()
            let month = random.int(1...12)
            let occurrences = s.occurrences(context: ScheduleContext(fiscalYearStartMonth: month) ?? .calendarYear)
            return Case(schedule: s, fiscalYearStartMonth: month, occurrences: occurrences, all: Array(occurrences))
        }
    }

    func testDueDatesMatchANaiveDayByDayModel() {
        for c in cases(600, seed: 11) {
            let horizon = c.schedule.start.plus(3000)
            let expected = ScheduleReference.dueDates(c.schedule, fiscalYearStartMonth: c.fiscalYearStartMonth, horizon: horizon)
            let actual = c.all.map(\.dueDate).filter { $0 <= horizon }
            XCTAssertEqual(iso(actual), iso(expected), "\(c.schedule.json) fy=\(c.fiscalYearStartMonth)")
            if actual != expected { return }
        }
    }

    func testOccurrencesAreStrictlyIncreasingWithConsecutiveIndexes() {
        for c in cases(2000, seed: 12) {
            for (i, o) in c.all.enumerated() {
                XCTAssertEqual(o.index, i)
                XCTAssertEqual(o.postingDate, o.dueDate.plus(-ScheduleReference.lead(c.schedule.rule)))
                if i > 0 {
                    XCTAssertLessThan(c.all[i - 1].dueDate, o.dueDate, c.schedule.json)
                    XCTAssertLessThan(c.all[i - 1].postingDate, o.postingDate, c.schedule.json)
                }
            }
        }
    }

    func testOccurrencesStayInsideEveryBound() {
        for c in cases(2000, seed: 13) {
            let s = c.schedule
            if let count = s.count { XCTAssertLessThanOrEqual(c.all.count, count) }
            for o in c.all {
                XCTAssertGreaterThanOrEqual(o.dueDate, s.start, s.json)
                if let end = s.end { XCTAssertLessThanOrEqual(o.dueDate, end, s.json) }
                if let total = s.totalDurationDays { XCTAssertLessThanOrEqual(o.dueDate, s.start.plus(total), s.json) }
            }
        }
    }

    func testPeriodsAreContiguousAndNonEmpty() {
        for c in cases(2000, seed: 14) {
            for (i, o) in c.all.enumerated() {
                XCTAssertLessThanOrEqual(o.periodStart, o.periodEnd, c.schedule.json)
                if i > 0 { XCTAssertEqual(c.all[i - 1].periodEnd.plus(1), o.periodStart, c.schedule.json) }
            }
        }
    }

    func testAnchorInvarianceFromAnyOccurrenceOnwards() {
        var rng = SplitMix64(seed: 15)
        for c in cases(2000, seed: 15) where !c.all.isEmpty {
            let k = Int.random(in: 0..<c.all.count, using: &rng)
            XCTAssertEqual(Array(c.occurrences.occurrences(afterIndex: k - 1)), Array(c.all[k...]), c.schedule.json)
            XCTAssertEqual(Array(c.occurrences[k..<c.all.count]), Array(c.all[k...]), c.schedule.json)
            XCTAssertEqual(c.occurrences.occurrence(at: k), c.all[k], c.schedule.json)
        }
    }

    func testRandomAccessEqualsIteration() {
        for c in cases(1000, seed: 16) {
            XCTAssertEqual(c.occurrences.count, c.all.count)
            for o in c.all { XCTAssertEqual(c.occurrences[o.index], o, c.schedule.json) }
        }
    }

    func testRangeQueryEqualsFilteredFullSequence() {
        var random = RandomSchedules(seed: 17)
        for c in cases(2000, seed: 17) {
            let a = c.schedule.start.plus(random.int(-60...2000)), b = a.plus(random.int(-5...900))
            let expected = c.all.filter { $0.postingDate > a && $0.postingDate <= b }
            XCTAssertEqual(Array(c.occurrences.posted(after: a, through: b)), expected, "\(c.schedule.json) (\(a), \(b)]")
            if a <= b {
                let closed = c.all.filter { $0.postingDate >= a && $0.postingDate <= b }
                XCTAssertEqual(Array(c.occurrences.posted(in: a...b)), closed, "\(c.schedule.json) [\(a), \(b)]")
            }
            XCTAssertEqual(Array(c.occurrences.posted(onOrAfter: a)), c.all.filter { $0.postingDate >= a })
        }
    }

    func testNextAfterIsTheFirstOccurrencePostedLater() {
        var random = RandomSchedules(seed: 18)
        for c in cases(2000, seed: 18) {
            let x = c.schedule.start.plus(random.int(-30...2600))
            XCTAssertEqual(c.occurrences.next(after: x), c.all.first { $0.postingDate > x }, "\(c.schedule.json) after \(x)")
        }
    }

    func testJSONRoundTripPreservesOccurrences() throws {
        for c in cases(500, seed: 19) {
            let decoded = try Schedule.decode(json: c.schedule.json)
            XCTAssertEqual(decoded, c.schedule, c.schedule.json)
        }
    }
}
