import Domain
import Foundation
import XCTest

/// The lifecycle every recurring template shares, without a database: transitions, catch-up, what a new schedule
/// does to the cursor, and which occurrences may post.
final class RecurringTemplateTests: XCTestCase {
    private let context = ScheduleContext.calendarYear
    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }
    private func monthly(_ start: String, count: Int? = nil) throws -> Schedule {
        try Schedule(rule: .monthly(interval: 1, day: nil), start: date(start), count: count)
    }

    func testPauseResumeAndEndFollowOneStateMachine() throws {
        let active = RecurringTemplate(schedule: try monthly("2026-01-01"))
        XCTAssertEqual(active.state, .active)
        let paused = try active.paused()
        XCTAssertEqual(paused.state, .paused)
        XCTAssertEqual(try paused.paused(), paused, "pausing a paused template changes nothing")

        let resumed = try paused.resumed(today: date("2026-03-10"), catchUp: false)
        XCTAssertEqual(resumed.state, .active)
        XCTAssertEqual(resumed.skipThrough, date("2026-03-09"), "what fell due while paused is skipped")
        XCTAssertEqual(resumed.upcomingOccurrences(context: context).first?.postingDate, date("2026-04-01"))
        XCTAssertEqual(try paused.resumed(today: date("2026-03-10"), catchUp: true).skipThrough, nil)
        XCTAssertEqual(try resumed.resumed(today: date("2026-06-01"), catchUp: false), resumed, "resuming an active one skips nothing")

        let ended = try paused.ended(at: Date(timeIntervalSince1970: 0))
        XCTAssertEqual(ended.state, .ended)
        XCTAssertFalse(ended.isActive)
        XCTAssertThrowsError(try ended.paused()) { XCTAssertEqual($0 as? RecurringTemplateError, .ended) }
        XCTAssertThrowsError(try ended.resumed(today: date("2026-03-10"), catchUp: true)) {
            XCTAssertEqual($0 as? RecurringTemplateError, .ended)
        }
        XCTAssertThrowsError(try ended.ended(at: Date())) { XCTAssertEqual($0 as? RecurringTemplateError, .ended) }
        XCTAssertThrowsError(try ended.replacingSchedule(with: try monthly("2027-01-01"), effectiveFrom: nil))
    }

    func testAFinishedScheduleEndsTheTemplateUntilANewScheduleRevivesIt() throws {
        let finished = RecurringTemplate(
            schedule: try monthly("2026-01-01", count: 2), scheduleFinished: true, lastPostedIndex: 1,
            lastPostedDate: date("2026-02-01"))
        XCTAssertEqual(finished.state, .ended)
        XCTAssertNil(finished.endedAt)
        XCTAssertThrowsError(try finished.paused()) { XCTAssertEqual($0 as? RecurringTemplateError, .scheduleFinished) }
        let revived = try finished.replacingSchedule(with: try monthly("2026-01-01", count: 4), effectiveFrom: nil)
        XCTAssertEqual(revived.state, .active)
        XCTAssertEqual(revived.upcomingOccurrences(context: context).map(\.postingDate), [date("2026-03-01"), date("2026-04-01")])
        XCTAssertNoThrow(try finished.ended(at: Date()), "ending one whose schedule is over makes it final")
    }

    func testANewScheduleTakesOverAfterTheLastPostingAndEffectiveFromSkipsEarlierOccurrences() throws {
        let posted = RecurringTemplate(schedule: try monthly("2026-01-15"), lastPostedIndex: 2, lastPostedDate: date("2026-03-15"))
        let same = try posted.replacingSchedule(with: posted.schedule, effectiveFrom: nil)
        XCTAssertEqual(same, posted, "the same schedule keeps the cursor")

        let moved = try posted.replacingSchedule(with: try monthly("2026-01-01"), effectiveFrom: nil)
        XCTAssertNil(moved.lastPostedIndex)
        XCTAssertEqual(moved.lastPostedDate, date("2026-03-15"))
        XCTAssertEqual(moved.skipThrough, date("2026-03-15"))
        XCTAssertEqual(moved.upcomingOccurrences(context: context).first?.postingDate, date("2026-04-01"))

        let later = try posted.replacingSchedule(with: try monthly("2026-01-01"), effectiveFrom: date("2026-06-10"))
        XCTAssertEqual(later.skipThrough, date("2026-06-09"))
        XCTAssertEqual(later.upcomingOccurrences(context: context).first?.postingDate, date("2026-07-01"))
        let earlier = try posted.replacingSchedule(with: try monthly("2026-01-01"), effectiveFrom: date("2026-02-01"))
        XCTAssertEqual(earlier.skipThrough, date("2026-03-15"), "nothing on or before the last posting posts again")
    }

    func testOnlyAnActiveTemplatesOwnUnskippedOccurrencesMayPost() throws {
        let schedule = try monthly("2026-01-01")
        let occurrences = schedule.occurrences(context: context)
        let template = RecurringTemplate(schedule: schedule, skipThrough: date("2026-01-31"))
        XCTAssertNoThrow(try template.checkPostable(occurrences[1], context: context))
        XCTAssertThrowsError(try template.checkPostable(occurrences[0], context: context)) {
            XCTAssertEqual($0 as? RecurringTemplateError, .skipped)
        }
        let other = try monthly("2026-01-02").occurrences(context: context)[1]
        XCTAssertThrowsError(try template.checkPostable(other, context: context)) {
            XCTAssertEqual($0 as? RecurringTemplateError, .notAnOccurrence)
        }
        XCTAssertThrowsError(try template.paused().checkPostable(occurrences[1], context: context)) {
            XCTAssertEqual($0 as? RecurringTemplateError, .paused)
        }
        XCTAssertEqual(template.occurrencesDue(through: date("2026-03-31"), context: context).map(\.index), [1, 2])
        XCTAssertEqual(try template.paused().occurrencesDue(through: date("2026-03-31"), context: context).count, 0)
        XCTAssertThrowsError(try template.preview(count: 0, context: context)) {
            XCTAssertEqual($0 as? RecurringTemplateError, .previewCount)
        }
        XCTAssertEqual(try template.preview(count: 2, context: context).map(\.index), [1, 2])
    }
}
