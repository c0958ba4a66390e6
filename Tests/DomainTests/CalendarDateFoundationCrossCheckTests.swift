import TestSupport
import Foundation
import XCTest

@testable import Domain

/// CalendarDate's integer arithmetic against Foundation's Gregorian calendar, on random dates from 1583 on
/// (Foundation switches to the Julian calendar before October 1582; CalendarDate is proleptic).
final class CalendarDateFoundationCrossCheckTests: XCTestCase {
    private var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }

    private func randomDays(_ n: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        let low = day("1583-01-01").dayNumber, high = day("9999-12-31").dayNumber
        let near = day("1890-01-01").dayNumber...day("2110-12-31").dayNumber
        return (0..<n).map { i in i % 2 == 0 ? Int.random(in: near, using: &rng) : Int.random(in: low...high, using: &rng) }
    }

    func testComponentsAndWeekdayMatchFoundation() {
        let calendar = gregorian
        for n in randomDays(3000, seed: 1) {
            guard let date = CalendarDate(dayNumber: n) else { return XCTFail("\(n)") }
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(n) * 86_400))
            XCTAssertEqual([date.year, date.month, date.day], [c.year, c.month, c.day].map { $0 ?? -1 }, "\(n)")
            // Foundation: 1 = Sunday … 7 = Saturday.
            XCTAssertEqual(date.weekday.isoNumber % 7 + 1, c.weekday, "\(date)")
        }
    }

    func testAddingDaysAndMonthsMatchesFoundation() {
        let calendar = gregorian
        var rng = SplitMix64(seed: 2)
        let safe = day("1585-03-01").dayNumber...day("9990-01-01").dayNumber
        for n in randomDays(2000, seed: 3) where safe.contains(n) {
            guard let date = CalendarDate(dayNumber: n) else { return XCTFail("\(n)") }
            let instant = Date(timeIntervalSince1970: Double(n) * 86_400)
            let days = Int.random(in: -400...400, using: &rng)
            let months = Int.random(in: -30...30, using: &rng)
            let expectedDays = calendar.date(byAdding: .day, value: days, to: instant)
            let expectedMonths = calendar.date(byAdding: .month, value: months, to: instant)
            let viaDays = date.checkedAdding(days: days), viaMonths = date.checkedAdding(months: months)
            guard let expectedDays, let expectedMonths, let viaDays, let viaMonths else {
                return XCTFail("nil for \(date) + \(days)d / \(months)m")
            }
            XCTAssertEqual(Double(viaDays.dayNumber) * 86_400, expectedDays.timeIntervalSince1970, "\(date) + \(days) days")
            XCTAssertEqual(
                Double(viaMonths.dayNumber) * 86_400, expectedMonths.timeIntervalSince1970, "\(date) + \(months) months")
        }
    }
}
