import XCTest

@testable import Domain

/// `recur-admin schedule`: JSON lines out, one-line errors.
final class ScheduleCommandTests: XCTestCase {
    private func run(
        _ rule: String, from: String? = nil, until: String? = nil, limit: String? = nil, fiscal: String? = nil
    ) throws(ScheduleCommandError) -> [String] {
        var lines: [String] = []
        try ScheduleCommand.run(
            ruleJSON: rule, from: from, until: until, limit: limit, fiscalYearStartMonth: fiscal, write: { lines.append($0) })
        return lines
    }

    private func error(_ body: () throws(ScheduleCommandError) -> [String]) -> ScheduleCommandError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    func testPrintsOccurrencesAsJSONLines() throws {
        let lines = try run(#"{"kind":"mixerp_same_calendar_date","start":"2000-01-15","totalDurationDays":366}"#)
        XCTAssertEqual(lines.count, 12)
        XCTAssertEqual(
            lines.first,
            #"{"index":0,"postingDate":"2000-02-14","dueDate":"2000-02-15","periodStart":"2000-01-15","periodEnd":"2000-02-14"}"#)
    }

    func testLinesDecodeAsOccurrences() throws {
        let lines = try run(#"{"kind":"monthly","start":"2026-01-31"}"#, limit: "2")
        let decoded = try lines.map { try JSONDecoder().decode(Occurrence.self, from: Data($0.utf8)) }
        XCTAssertEqual(decoded.map(\.dueDate), [day("2026-01-31"), day("2026-02-28")])
    }

    func testDefaultLimitIsAHundredWithoutUntil() throws {
        XCTAssertEqual(try run(#"{"kind":"daily","start":"2026-01-01"}"#).count, ScheduleCommand.defaultLimit)
        XCTAssertEqual(ScheduleCommand.defaultLimit, 100)
    }

    func testUntilWithoutLimitPrintsEveryOccurrenceUpToIt() throws {
        XCTAssertEqual(try run(#"{"kind":"daily","start":"2026-01-01"}"#, until: "2026-12-31").count, 365)
    }

    func testFromAndUntilBoundThePostingDateInclusively() throws {
        let lines = try run(#"{"kind":"daily","interval":7,"start":"2026-01-01"}"#, from: "2026-01-08", until: "2026-01-22")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].hasPrefix(#"{"index":1,"postingDate":"2026-01-08""#))
    }

    func testFiscalYearStartMonthOption() throws {
        let lines = try run(#"{"kind":"fiscal_period_end","period":"year","start":"2026-01-01"}"#, limit: "1", fiscal: "4")
        XCTAssertTrue(lines[0].contains(#""dueDate":"2026-03-31""#))
    }

    func testInvalidRuleIsAOneLineErrorNamingFields() {
        let e = error { () throws(ScheduleCommandError) in try run(#"{"kind":"monthly","interval":0,"start":"2026-02-30"}"#) }
        XCTAssertEqual(e?.description.contains("\n"), false)
        XCTAssertEqual(
            e?.description,
            #"invalid rule: start: must be a calendar date YYYY-MM-DD (0001…9999), got "2026-02-30"; interval: must be 1…10000, got 0"#)
    }

    func testInvalidOptionsAreNamed() {
        let rule = #"{"kind":"daily","start":"2026-01-01"}"#
        XCTAssertEqual(error { () throws(ScheduleCommandError) in try run(rule, limit: "-1") }, .invalidOption(name: "--limit", message: #"must be a whole number ≥ 0, got "-1""#))
        guard case .invalidOption("--from", _) = error({ () throws(ScheduleCommandError) in try run(rule, from: "yesterday") }) else {
            return XCTFail("--from not rejected")
        }
        guard case .invalidOption("--fiscal-year-start-month", _) = error({ () throws(ScheduleCommandError) in try run(rule, fiscal: "13") }) else {
            return XCTFail("--fiscal-year-start-month not rejected")
        }
        guard case .invalidOption("--until", _) = error({ () throws(ScheduleCommandError) in try run(rule, from: "2026-02-01", until: "2026-01-01") }) else {
            return XCTFail("--until before --from not rejected")
        }
    }
}
