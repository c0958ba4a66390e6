import Domain
import Foundation
import Postgres
import TestSupport
import XCTest

import Store

/// Calendar dates in a binary `date[]` parameter arrive as the dates their text forms name.
final class CalendarDateBinaryArrayTests: XCTestCase {
    func testDatesAroundTheEpochLeapDaysAndTheRangeEndsArriveUnchanged() throws {
        let connection = try TestDatabase.connect()
        var dayTexts = ["0001-01-01", "1582-10-15", "1900-02-28", "1999-12-31", "2000-01-01", "2000-02-29", "2000-03-01",
                        "2024-02-29", "2026-11-23", "2100-03-01", "9999-12-31"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let year = Int.random(in: 1...9999, using: &generator), month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...28, using: &generator)
            dayTexts.append(String(format: "%04d-%02d-%02d", year, month, day))
        }
        var days = PostgresBinaryArray<CalendarDate>()
        for text in dayTexts { days.append(try XCTUnwrap(CalendarDate(text), text)) }
        days.append(nil)
        let serverDays = try connection.query(
            "SELECT coalesce(to_char(d, 'YYYY-MM-DD'), 'null') AS d FROM unnest($1::date[]) WITH ORDINALITY AS a(d, n) ORDER BY n",
            [days]
        ).map { try $0.decode(String.self, "d") }
        XCTAssertEqual(serverDays, dayTexts + ["null"])
    }
}
