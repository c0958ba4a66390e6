import Foundation
import XCTest

@testable import Domain

/// The fast reading of flat schedule objects must agree with the strict decoder: the same schedule whenever it
/// answers, and no answer at all where the strict decoder refuses.
final class ScheduleFlatJSONTests: XCTestCase {
    private func strict(_ json: String) -> Schedule? {
        try? JSONDecoder().decode(Schedule.self, from: Data(json.utf8))
    }

    private func assertAgrees(_ json: String, file: StaticString = #filePath, line: UInt = #line) {
        let fast = Schedule.decodeFlat(json.utf8)
        let reference = strict(json)
        if let fast {
            XCTAssertEqual(fast, reference, "fast reading differs for \(json)", file: file, line: line)
        }
        // Whatever path it takes, the public decoder answers as the strict one does.
        XCTAssertEqual(try? Schedule.decode(json: json), reference, json, file: file, line: line)
    }

    func testReadsStoredSchedulesItselfAndAgreesWithTheStrictDecoder() throws {
        // jsonb's own text form (spaces, keys reordered), as the EOD reads stored schedules.
        let stored = #"{"kind": "monthly", "count": 12, "start": "2026-06-30", "interval": 1}"#
        let schedule = try XCTUnwrap(Schedule.decodeFlat(stored.utf8), "a stored monthly schedule is read directly")
        XCTAssertEqual(schedule, strict(stored))
        XCTAssertEqual(schedule.rule, .monthly(interval: 1, day: nil))
        XCTAssertEqual(schedule.count, 12)
        XCTAssertEqual(schedule.start, CalendarDate(year: 2026, month: 6, day: 30))
        // The canonical text the server stores comes back the same way.
        XCTAssertEqual(Schedule.decodeFlat(schedule.json.utf8), schedule)
    }

    func testGivesUpOnWhatItDoesNotHandleAndTheDecoderStillReportsIt() {
        let refused = [
            #"{"kind":"weekly","weekdays":["monday"],"start":"2026-01-05"}"#,  // array
            #"{"kind":"monthly","byWeekday":{"weekday":"tuesday","ordinal":2},"start":"2026-01-01"}"#,  // object
            #"{"kind":"monthly","start":"2026-01-01","start":"2026-01-02"}"#,  // repeated key
            #"{"kind":"mon\u0074hly","start":"2026-01-01"}"#,  // escape
            #"{"kind":"monthly","interval":1.0,"start":"2026-01-01"}"#,  // fraction
            #"{"kind":"monthly","interval":01,"start":"2026-01-01"}"#,  // leading zero
            #"{"kind":"monthly","interval":true,"start":"2026-01-01"}"#,
            #"{"kind":"monthly","start":"2026-01-01","colour":"red"}"#,  // unknown key
            #"{"kind":"monthly","byMonthDay":3,"byBusinessDay":2,"start":"2026-01-01"}"#,  // conflict
            #"{"kind":"monthly","interval":0,"start":"2026-01-01"}"#,  // out of range
            #"{"kind":"monthly","interval":1234567890,"start":"2026-01-01"}"#,  // ten digits
            #"{"kind":"monthly","count":10789159688105432711168,"start":"2026-01-01"}"#,  // past Int: no overflow trap
            #"{"x":-99999999999999999999999}"#,
            #"{"kind":"monthly","start":"2026-02-30"}"#,  // no such date
            #"{"kind":"monthly","start":"2026-01-01","end":"2025-12-31"}"#,  // end before start
            #"{"kind":"monthly","start":"2026-01-01"} x"#,  // trailing text
            #"{"kind":"monthly","start":"2026-01-01""#,  // unterminated
            #"{"kind":"hourly","start":"2026-01-01"}"#,
            #"{"start":"2026-01-01"}"#,
            #"[]"#, "",
        ]
        for json in refused {
            XCTAssertNil(Schedule.decodeFlat(json.utf8), json)
            assertAgrees(json)
        }
    }

    /// Every combination of a kind with a few values per field, valid and not, written with and without spaces.
    func testAgreesWithTheStrictDecoderOverGeneratedObjects() {
        let kinds = ["daily", "weekly", "fortnightly", "monthly", "quarterly", "semiannual", "yearly", "annual",
                     "mixerp_duration", "mixerp_same_calendar_date", "fiscal_period_end", "Monthly", "mixerpDuration"]
        let optional: [(String, [String])] = [
            ("interval", ["1", "2", "0", "-1", "1000", "\"1\"", "null"]),
            ("byMonthDay", ["31", "-1", "0", "32", "null"]),
            ("byBusinessDay", ["1", "-1", "0", "null"]),
            ("byMonth", ["2", "13", "null"]),
            ("everyDays", ["45", "0", "null"]),
            ("period", ["\"month\"", "\"half_year\"", "\"halfYear\"", "\"week\"", "1"]),
            ("end", ["\"2027-01-01\"", "\"2020-01-01\"", "\"2026-13-01\"", "null"]),
            ("count", ["12", "0", "-3", "null"]),
            ("totalDurationDays", ["365", "0", "null"]),
        ]
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for kind in kinds {
            for start in ["\"2026-01-31\"", "\"2024-02-29\"", "\"2026-02-29\"", "20260131"] {
                for _ in 0..<60 {
                    var members = ["\"kind\":\"\(kind)\"", "\"start\":\(start)"]
                    for (key, values) in optional where Bool.random(using: &generator) && Bool.random(using: &generator) {
                        members.append("\"\(key)\":\(values.randomElement(using: &generator) ?? "null")")
                    }
                    members.shuffle(using: &generator)
                    assertAgrees("{" + members.joined(separator: ",") + "}")
                    assertAgrees("{ " + members.joined(separator: ", ").replacingOccurrences(of: ":", with: ": ") + " }\n")
                    checked += 2
                }
            }
        }
        XCTAssertEqual(checked, kinds.count * 4 * 60 * 2)
    }
}
