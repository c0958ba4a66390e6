import TestSupport
import XCTest

@testable import Domain

/// A date from an ISO literal; fails the test (and returns 0001-01-01) if the literal is invalid.
func day(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CalendarDate {
    guard let date = CalendarDate(text) else {
        XCTFail("bad date literal \(text)", file: file, line: line)
        return .min
    }
    return date
}

/// The dates of `dates` as ISO strings, for readable assertions.
func iso(_ dates: some Sequence<CalendarDate>) -> [String] { dates.map(\.description) }

/// A schedule that the test expects to be valid.
func schedule(
    _ rule: ScheduleRule, start: String, end: String? = nil, count: Int? = nil, totalDurationDays: Int? = nil,
    file: StaticString = #filePath, line: UInt = #line
) throws -> Schedule {
    do {
        return try Schedule(
            rule: rule, start: day(start, file: file, line: line), end: end.map { day($0, file: file, line: line) },
            count: count, totalDurationDays: totalDurationDays)
    } catch {
        XCTFail("invalid schedule: \(error)", file: file, line: line)
        throw error
    }
}

/// The field violations decoding `json` produces (empty if it decodes).
func violations(decoding json: String) -> [FieldViolation] {
    do {
        _ = try Schedule.decode(json: json)
        return []
    } catch {
        return error.errors
    }
}

/// The field violations building a schedule produces (empty if valid).
func violations(
    _ rule: ScheduleRule, start: String = "2026-01-01", end: String? = nil, count: Int? = nil,
    totalDurationDays: Int? = nil
) -> [FieldViolation] {
    do {
        _ = try Schedule(
            rule: rule, start: day(start), end: end.map { day($0) }, count: count, totalDurationDays: totalDurationDays)
        return []
    } catch {
        return error.errors
    }
}

extension OccurrenceSequence {
    /// Due dates as ISO strings.
    var dues: [String] { map(\.dueDate.description) }
    /// Posting dates as ISO strings.
    var postings: [String] { map(\.postingDate.description) }
}

extension CalendarDate {
    /// Unchecked-in-tests convenience: the day `n` days later.
    func plus(_ n: Int) -> CalendarDate { adding(days: n) }
}
