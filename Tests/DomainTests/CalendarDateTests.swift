import Foundation
import XCTest

@testable import Domain

final class CalendarDateTests: XCTestCase {
    func testEpochIsDayNumberZero() {
        XCTAssertEqual(day("1970-01-01").dayNumber, 0)
        XCTAssertEqual(CalendarDate(dayNumber: 0), day("1970-01-01"))
        XCTAssertEqual(day("1969-12-31").dayNumber, -1)
        XCTAssertEqual(day("2000-03-01").dayNumber, 11_017)
    }

    func testRangeEndsHaveDocumentedDayNumbers() {
        XCTAssertEqual(CalendarDate.min.dayNumber, CalendarDate.dayNumberRange.lowerBound)
        XCTAssertEqual(CalendarDate.max.dayNumber, CalendarDate.dayNumberRange.upperBound)
        XCTAssertNil(CalendarDate(dayNumber: CalendarDate.dayNumberRange.upperBound + 1))
        XCTAssertNil(CalendarDate(dayNumber: CalendarDate.dayNumberRange.lowerBound - 1))
    }

    func testDayNumberRoundTripsAndStepsByOneAcrossWholeRange() {
        let range = CalendarDate.dayNumberRange
        let everyDayNearTheEnds = Array(range.lowerBound...(range.lowerBound + 800)) + Array((range.upperBound - 800)...range.upperBound)
        let sampled = Array(stride(from: range.lowerBound + 801, to: range.upperBound - 800, by: 13))
        var previous: CalendarDate?
        for n in (everyDayNearTheEnds + sampled).sorted() {
            guard let date = CalendarDate(dayNumber: n) else { return XCTFail("no date for \(n)") }
            if date.dayNumber != n { return XCTFail("\(date) has day number \(date.dayNumber), not \(n)") }
            if let previous, !(previous < date) { return XCTFail("\(previous) not before \(date)") }
            if let previous, previous.dayNumber == n - 1, previous.adding(days: 1) != date {
                return XCTFail("\(previous) + 1 day is not \(date)")
            }
            previous = date
        }
    }

    func testLeapYearsFollowGregorianCenturyRule() {
        XCTAssertFalse(CalendarDate.isLeapYear(1900))
        XCTAssertTrue(CalendarDate.isLeapYear(2000))
        XCTAssertTrue(CalendarDate.isLeapYear(2024))
        XCTAssertFalse(CalendarDate.isLeapYear(2100))
        XCTAssertFalse(CalendarDate.isLeapYear(2023))
        XCTAssertNil(CalendarDate(year: 1900, month: 2, day: 29))
        XCTAssertNotNil(CalendarDate(year: 2000, month: 2, day: 29))
        XCTAssertNil(CalendarDate(year: 2100, month: 2, day: 29))
    }

    func testDaysInMonth() {
        let common = (1...12).map { CalendarDate.daysInMonth(year: 2023, month: $0) }
        XCTAssertEqual(common, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        XCTAssertEqual(CalendarDate.daysInMonth(year: 2024, month: 2), 29)
        XCTAssertEqual(day("2024-02-10").daysInYear, 366)
        XCTAssertEqual(day("2024-12-31").dayOfYear, 366)
    }

    func testParsingIsStrictISO8601CalendarDate() {
        XCTAssertEqual(CalendarDate("2026-02-28")?.description, "2026-02-28")
        for bad in [
            "2026-02-30", "2026-2-28", "2026-02-28T00:00", " 2026-02-28", "+2026-02-28", "20260228", "2026/02/28",
            "0000-01-01", "2026-13-01", "2026-00-10", "2026-01-00", "２０２６-01-01", "", "2026-01-3a",
        ] {
            XCTAssertNil(CalendarDate(bad), bad)
        }
    }

    func testFailableInitRejectsImpossibleComponents() {
        XCTAssertNil(CalendarDate(year: 2026, month: 2, day: 30))
        XCTAssertNil(CalendarDate(year: 10_000, month: 1, day: 1))
        XCTAssertNil(CalendarDate(year: 2026, month: 4, day: 31))
        XCTAssertEqual(CalendarDate(year: 2026, month: 4, day: 30), day("2026-04-30"))
    }

    func testCodableUsesISOString() throws {
        let data = try JSONEncoder().encode([day("2026-03-09")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"2026-03-09\"]")
        XCTAssertEqual(try JSONDecoder().decode([CalendarDate].self, from: data), [day("2026-03-09")])
    }

    func testDecodingAnInvalidDateThrows() {
        XCTAssertThrowsError(try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2026-02-30\"]".utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode([CalendarDate].self, from: Data("[20260228]".utf8)))
    }

    func testWeekdayOfKnownDates() {
        XCTAssertEqual(day("1970-01-01").weekday, .thursday)
        XCTAssertEqual(day("2000-01-01").weekday, .saturday)
        XCTAssertEqual(day("2026-01-05").weekday, .monday)
        XCTAssertEqual(day("0001-01-01").weekday, .monday)
        XCTAssertEqual(day("1969-12-28").weekday, .sunday)
    }

    func testOrderingIsChronological() {
        XCTAssertLessThan(day("1999-12-31"), day("2000-01-01"))
        XCTAssertLessThan(day("2000-01-31"), day("2000-02-01"))
        XCTAssertLessThan(day("2000-02-01"), day("2000-02-02"))
    }

    func testAddingDaysCrossesMonthAndYearEnds() {
        XCTAssertEqual(day("2024-02-28").adding(days: 1), day("2024-02-29"))
        XCTAssertEqual(day("2023-02-28").adding(days: 1), day("2023-03-01"))
        XCTAssertEqual(day("2025-12-31").adding(days: 1), day("2026-01-01"))
        XCTAssertEqual(day("2026-01-01").adding(days: -1), day("2025-12-31"))
        XCTAssertEqual(day("2026-01-01").adding(days: 365), day("2027-01-01"))
        XCTAssertEqual(day("2016-01-01").adding(days: 366), day("2017-01-01"))
    }

    func testAddingMonthsClampsToMonthEnd() {
        XCTAssertEqual(day("2026-01-31").adding(months: 1), day("2026-02-28"))
        XCTAssertEqual(day("2024-01-31").adding(months: 1), day("2024-02-29"))
        XCTAssertEqual(day("2026-01-31").adding(months: 3), day("2026-04-30"))
        XCTAssertEqual(day("2026-03-31").adding(months: -1), day("2026-02-28"))
        XCTAssertEqual(day("2026-11-30").adding(months: 14), day("2028-01-30"))
    }

    func testAddingYearsFromFeb29LandsOnFeb28InCommonYears() {
        XCTAssertEqual(day("2024-02-29").adding(years: 1), day("2025-02-28"))
        XCTAssertEqual(day("2024-02-29").adding(years: 4), day("2028-02-29"))
        XCTAssertEqual(day("2096-02-29").adding(years: 4), day("2100-02-28"))
    }

    func testCheckedArithmeticReturnsNilOutsideRange() {
        XCTAssertNil(CalendarDate.max.checkedAdding(days: 1))
        XCTAssertNil(CalendarDate.min.checkedAdding(days: -1))
        XCTAssertNil(CalendarDate.max.checkedAdding(months: 1))
        XCTAssertNil(day("2026-01-01").checkedAdding(days: .max))
        XCTAssertNil(day("2026-01-01").checkedAdding(years: .min))
        XCTAssertEqual(CalendarDate.max.checkedAdding(days: -1), day("9999-12-30"))
    }

    func testStrideableRangesIterateDays() {
        let days = Array(day("2024-02-27")...day("2024-03-01"))
        XCTAssertEqual(iso(days), ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"])
        XCTAssertEqual(day("2026-01-01").distance(to: day("2026-03-01")), 59)
    }

    func testMonthHelpers() {
        XCTAssertEqual(day("2024-02-10").firstDayOfMonth, day("2024-02-01"))
        XCTAssertEqual(day("2024-02-10").lastDayOfMonth, day("2024-02-29"))
        XCTAssertEqual(day("2026-08-15").quarter, 3)
    }

    func testTodayUsesTheZonesOffsetAtThatInstant() throws {
        // 2026-03-01T05:00:00Z: March 1 evening in Auckland (UTC+13), still Feb 28 in Los Angeles (UTC−8).
        let instant = Date(timeIntervalSince1970: 1_772_341_200)
        let auckland = try XCTUnwrap(TimeZone(identifier: "Pacific/Auckland"))
        let losAngeles = try XCTUnwrap(TimeZone(identifier: "America/Los_Angeles"))
        let utc = try XCTUnwrap(TimeZone(identifier: "UTC"))
        XCTAssertEqual(CalendarDate.today(in: utc, at: instant), day("2026-03-01"))
        XCTAssertEqual(CalendarDate.today(in: auckland, at: instant), day("2026-03-01"))
        XCTAssertEqual(CalendarDate.today(in: losAngeles, at: instant), day("2026-02-28"))
        let beforeEpoch = Date(timeIntervalSince1970: -1)
        XCTAssertEqual(CalendarDate.today(in: utc, at: beforeEpoch), day("1969-12-31"))
    }
}
