import Foundation
import XCTest

@testable import Domain

/// The strict JSON shape: every documented example decodes; every problem is a violation naming its field.
final class ScheduleJSONTests: XCTestCase {
    private func paths(_ json: String) -> [String] { violations(decoding: json).map(\.path) }

    private func decode(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> Schedule {
        do {
            return try Schedule.decode(json: json)
        } catch {
            XCTFail("\(error)", file: file, line: line)
            throw error
        }
    }

    func testDecodesTheDocumentedExamples() throws {
        let examples: [(String, ScheduleRule)] = [
            (#"{"kind":"daily","interval":3,"start":"2026-01-01"}"#, .daily(interval: 3)),
            (#"{"kind":"weekly","interval":1,"weekdays":["monday","thursday"],"start":"2026-01-05"}"#,
             .weekly(interval: 1, weekdays: [.monday, .thursday])),
            (#"{"kind":"fortnightly","start":"2026-01-05"}"#, .weekly(interval: 2, weekdays: nil)),
            (#"{"kind":"monthly","interval":1,"byMonthDay":31,"start":"2026-01-31","end":null,"count":null}"#,
             .monthly(interval: 1, day: .dayOfMonth(31))),
            (#"{"kind":"monthly","byMonthDay":-1,"start":"2026-01-01"}"#, .monthly(interval: 1, day: .lastDay)),
            (#"{"kind":"monthly","byWeekday":{"weekday":"tuesday","ordinal":2},"start":"2026-01-01"}"#,
             .monthly(interval: 1, day: .weekday(.tuesday, ordinal: 2))),
            (#"{"kind":"monthly","byWeekday":{"weekday":"friday","ordinal":-1},"start":"2026-01-01"}"#,
             .monthly(interval: 1, day: .weekday(.friday, ordinal: -1))),
            (#"{"kind":"monthly","byBusinessDay":1,"start":"2026-01-01"}"#, .monthly(interval: 1, day: .businessDay(1))),
            (#"{"kind":"quarterly","start":"2026-01-31"}"#, .monthly(interval: 3, day: nil)),
            (#"{"kind":"semiannual","start":"2026-01-31"}"#, .monthly(interval: 6, day: nil)),
            (#"{"kind":"yearly","interval":2,"byMonth":2,"byMonthDay":29,"start":"2024-01-01"}"#,
             .yearly(interval: 2, month: 2, day: .dayOfMonth(29))),
            (#"{"kind":"annual","start":"2024-02-29"}"#, .yearly(interval: 1, month: nil, day: nil)),
            (#"{"kind":"mixerp_duration","everyDays":45,"start":"2016-01-01","totalDurationDays":365}"#,
             .mixerpDuration(everyDays: 45)),
            (#"{"kind":"mixerp_same_calendar_date","start":"2000-01-15","totalDurationDays":366}"#, .mixerpSameCalendarDate),
            (#"{"kind":"fiscal_period_end","period":"quarter","start":"2026-04-01"}"#, .fiscalPeriodEnd(.quarter)),
            (#"{"kind":"fiscal_period_end","period":"half_year","start":"2026-04-01"}"#, .fiscalPeriodEnd(.halfYear)),
        ]
        for (json, rule) in examples {
            XCTAssertEqual(try decode(json).rule, rule, json)
        }
    }

    func testDecodesBounds() throws {
        let s = try decode(#"{"kind":"daily","start":"2026-01-01","end":"2026-12-31","count":5,"totalDurationDays":30}"#)
        XCTAssertEqual(s.start, day("2026-01-01"))
        XCTAssertEqual(s.end, day("2026-12-31"))
        XCTAssertEqual(s.count, 5)
        XCTAssertEqual(s.totalDurationDays, 30)
    }

    func testUnknownFieldIsRejectedByName() {
        let v = violations(decoding: #"{"kind":"monthly","start":"2026-01-01","byMonthday":3}"#)
        XCTAssertEqual(v.map(\.path), ["byMonthday"])
        XCTAssertEqual(v.first?.code, .unknownField)
    }

    func testFieldOfAnotherKindIsUnknown() {
        XCTAssertEqual(paths(#"{"kind":"monthly","start":"2026-01-01","weekdays":["monday"]}"#), ["weekdays"])
        XCTAssertEqual(paths(#"{"kind":"quarterly","interval":2,"start":"2026-01-01"}"#), ["interval"])
    }

    func testUnknownFieldInNestedObjectIsNamedWithItsPath() {
        XCTAssertEqual(
            paths(#"{"kind":"monthly","start":"2026-01-01","byWeekday":{"weekday":"friday","ordinal":1,"nth":2}}"#),
            ["byWeekday/nth"])
    }

    func testWrongTypeNamesTheField() {
        let v = violations(decoding: #"{"kind":"monthly","interval":"2","start":"2026-01-01"}"#)
        XCTAssertEqual(v.map(\.path), ["interval"])
        XCTAssertEqual(v.first?.code, .wrongType)
        XCTAssertEqual(paths(#"{"kind":"daily","start":20260101}"#), ["start"])
        XCTAssertEqual(paths(#"{"kind":"daily","start":"2026-01-01","count":true}"#), ["count"])
        XCTAssertEqual(paths(#"{"kind":"daily","start":"2026-01-01","count":1.5}"#), ["count"])
        XCTAssertEqual(paths(#"{"kind":"weekly","start":"2026-01-01","weekdays":"monday"}"#), ["weekdays"])
        XCTAssertEqual(paths(#"{"kind":"monthly","start":"2026-01-01","byWeekday":"friday"}"#), ["byWeekday"])
    }

    func testUnknownWeekdayNamesItsIndex() {
        let v = violations(decoding: #"{"kind":"weekly","weekdays":["monday","funday"],"start":"2026-01-01"}"#)
        XCTAssertEqual(v.map(\.path), ["weekdays/1"])
        XCTAssertEqual(v.first?.code, .invalidValue)
    }

    func testNonStringWeekdayNamesItsIndexAndLaterOnesAreStillChecked() {
        XCTAssertEqual(
            paths(#"{"kind":"weekly","weekdays":[3,"monday","monday"],"start":"2026-01-01"}"#), ["weekdays/0", "weekdays/2"])
    }

    func testMissingRequiredFieldsAreNamed() {
        XCTAssertEqual(paths(#"{"kind":"daily"}"#), ["start"])
        XCTAssertEqual(paths(#"{"start":"2026-01-01"}"#), ["kind"])
        XCTAssertEqual(paths(#"{"kind":"mixerp_duration","start":"2026-01-01"}"#), ["everyDays"])
        XCTAssertEqual(paths(#"{"kind":"fiscal_period_end","start":"2026-01-01"}"#), ["period"])
        XCTAssertEqual(paths(#"{"kind":"daily","start":null}"#), ["start"])
        XCTAssertEqual(violations(decoding: #"{"kind":"daily"}"#).first?.code, .required)
    }

    func testUnknownKindAndPeriodListTheAcceptedValues() {
        let v = violations(decoding: #"{"kind":"hourly","start":"2026-01-01"}"#)
        XCTAssertEqual(v.map(\.path), ["kind"])
        XCTAssertTrue(v.first?.message.contains("\"mixerp_same_calendar_date\"") ?? false)
        XCTAssertEqual(paths(#"{"kind":"fiscal_period_end","period":"week","start":"2026-01-01"}"#), ["period"])
    }

    /// Values are spelled as every enum on the wire (issue 21): the camelCase of before is refused.
    func testCamelCaseValuesAreRefusedAndEncodingIsSnakeCase() throws {
        XCTAssertEqual(paths(#"{"kind":"mixerpDuration","everyDays":45,"start":"2016-01-01"}"#), ["kind"])
        let period = violations(decoding: #"{"kind":"fiscal_period_end","period":"halfYear","start":"2026-01-01"}"#)
        XCTAssertEqual(period.map(\.path), ["period"])
        XCTAssertTrue(period.first?.message.contains("\"half_year\"") ?? false, period.first?.message ?? "")
        let schedule = try decode(#"{"kind":"fiscal_period_end","period":"half_year","start":"2026-01-01"}"#)
        XCTAssertEqual(schedule.json, #"{"kind":"fiscal_period_end","period":"half_year","start":"2026-01-01"}"#)
        XCTAssertEqual(try decode(schedule.json), schedule)
    }

    func testImpossibleDateIsRejectedByField() {
        let v = violations(decoding: #"{"kind":"daily","start":"2026-02-30"}"#)
        XCTAssertEqual(v.map(\.path), ["start"])
        XCTAssertEqual(v.first?.code, .invalidValue)
    }

    func testRangeErrorsAreReportedAlongsideShapeErrors() {
        XCTAssertEqual(
            paths(#"{"kind":"monthly","interval":0,"byMonthDay":32,"start":"2026-02-01","end":"2026-01-01","count":"x","colour":1}"#),
            ["colour", "count", "interval", "byMonthDay", "end"])
    }

    func testTwoDaySelectorsConflict() {
        let v = violations(decoding: #"{"kind":"monthly","byMonthDay":3,"byBusinessDay":1,"start":"2026-01-01"}"#)
        XCTAssertEqual(v.map(\.path), ["byBusinessDay"])
        XCTAssertEqual(v.first?.code, .conflict)
    }

    func testNotAnObjectIsReportedAtTheRoot() {
        XCTAssertEqual(paths("[1,2]"), [""])
        XCTAssertEqual(violations(decoding: "[1,2]").first?.code, .wrongType)
    }

    func testMalformedJSONIsReportedAtTheRoot() {
        let v = violations(decoding: #"{"kind":"daily","#)
        XCTAssertEqual(v.map(\.path), [""])
        XCTAssertEqual(v.first?.code, .malformed)
    }

    func testNestedScheduleReportsAbsolutePaths() {
        struct Setup: Decodable { let schedule: Schedule }
        let json = #"{"schedule":{"kind":"weekly","interval":0,"weekdays":["monday","someday"],"start":"2026-01-01"}}"#
        do {
            _ = try JSONDecoder().decode(Setup.self, from: Data(json.utf8))
            XCTFail("decoded")
        } catch let error as FieldViolations {
            XCTAssertEqual(error.errors.map(\.path), ["schedule/weekdays/1", "schedule/interval"])
        } catch {
            XCTFail("unexpected \(error)")
        }
    }

    func testEncodingIsCanonicalAndRoundTrips() throws {
        let s = try decode(#"{"kind":"fortnightly","weekdays":["thursday","monday"],"start":"2026-01-05","count":4}"#)
        XCTAssertEqual(s.json, #"{"count":4,"interval":2,"kind":"weekly","start":"2026-01-05","weekdays":["monday","thursday"]}"#)
        XCTAssertEqual(try decode(s.json), s)
        let nested = try decode(#"{"kind":"monthly","byWeekday":{"weekday":"friday","ordinal":-1},"start":"2026-01-01"}"#)
        XCTAssertEqual(try decode(nested.json), nested)
    }
}
