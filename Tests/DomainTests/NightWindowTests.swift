import Foundation
import XCTest

@testable import Domain

final class NightWindowTests: XCTestCase {
    private func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else {
            XCTFail("no zone \(identifier)")
            return .gmt
        }
        return zone
    }

    /// An instant from an ISO 8601 UTC literal such as `2026-03-28T23:00:00Z`.
    private func utc(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            XCTFail("bad instant \(text)")
            return .distantPast
        }
        return date
    }

    private func window(_ start: String, hours: Int) -> NightWindow {
        NightWindow(startSecond: NightWindow.clockSeconds(start) ?? -1, lengthSeconds: hours * 3_600)!
    }

    func testClockTimesAndLimits() {
        XCTAssertEqual(NightWindow.clockSeconds("00:00"), 0)
        XCTAssertEqual(NightWindow.clockSeconds("22:30"), 81_000)
        XCTAssertEqual(NightWindow.clockSeconds("23:59:59"), 86_399)
        for bad in ["24:00", "7:00", "12:60", "12:00:60", "12", "", "ab:cd", "+1:00", "12:00:00:00"] {
            XCTAssertNil(NightWindow.clockSeconds(bad), bad)
        }
        XCTAssertNil(NightWindow(startSecond: 86_400, lengthSeconds: 0))
        XCTAssertNil(NightWindow(startSecond: 0, lengthSeconds: 86_401))
        XCTAssertNil(NightWindow(startSecond: -1, lengthSeconds: 10))
        XCTAssertEqual(NightWindow.standard, window("00:00", hours: 4))
    }

    func testWindowOfADayOpensAtTheMidnightEndingItOnBothSidesOfUTC() {
        let window = window("00:00", hours: 4)
        let cases: [(String, String)] = [
            ("Europe/Paris", "2026-01-14T23:00:00Z"), ("America/New_York", "2026-01-15T05:00:00Z"),
            ("Asia/Tokyo", "2026-01-14T15:00:00Z"), ("America/Los_Angeles", "2026-01-15T08:00:00Z"),
            ("UTC", "2026-01-15T00:00:00Z"), ("Asia/Kolkata", "2026-01-14T18:30:00Z"),
            ("Pacific/Kiritimati", "2026-01-14T10:00:00Z"), ("Etc/GMT+12", "2026-01-15T12:00:00Z"),
        ]
        for (identifier, opening) in cases {
            XCTAssertEqual(window.opening(of: day("2026-01-14"), in: zone(identifier)), utc(opening), identifier)
        }
        // UTC-14, the far side of the date line's other end (no zone uses it, the arithmetic allows it).
        let minus14 = TimeZone(secondsFromGMT: -14 * 3_600)!
        XCTAssertEqual(window.opening(of: day("2026-01-14"), in: minus14), utc("2026-01-15T14:00:00Z"))
    }

    func testSlotsSpreadOneZonesTenantsEvenlyOverTheWindow() {
        let window = window("00:00", hours: 4)
        let paris = zone("Europe/Paris")
        let opening = window.opening(of: day("2026-01-14"), in: paris)
        // 10,000 tenants of consecutive ids: each quarter hour of the window gets 1/16 of them, within 1 %.
        var perQuarterHour = [Int](repeating: 0, count: 16)
        for id in Int64(1)...10_000 {
            let slot = window.slot(of: day("2026-01-14"), tenant: id, in: paris)
            let seconds = slot.timeIntervalSince(opening)
            XCTAssertTrue(seconds >= 0 && seconds < 4 * 3_600, "tenant \(id) at \(seconds) s")
            perQuarterHour[Int(seconds) / 900] += 1
        }
        for count in perQuarterHour { XCTAssertEqual(Double(count), 625, accuracy: 6.25, "\(perQuarterHour)") }
        // Deterministic: the same tenant has the same place every night and on every host.
        XCTAssertEqual(window.offset(forTenant: 42), window.offset(forTenant: 42))
        XCTAssertEqual(
            window.slot(of: day("2026-01-15"), tenant: 42, in: paris).timeIntervalSince(
                window.slot(of: day("2026-01-14"), tenant: 42, in: paris)), 86_400)
        XCTAssertEqual(NightWindow(startSecond: 0, lengthSeconds: 0)!.offset(forTenant: 42), 0)
    }

    func testWindowCrossingMidnightOpensOnTheEveningOfTheDay() {
        let window = window("22:00", hours: 4)
        XCTAssertEqual(window.opening(of: day("2026-01-14"), in: zone("Europe/Paris")), utc("2026-01-14T21:00:00Z"))
        XCTAssertEqual(window.opening(of: day("2026-01-14"), in: zone("Pacific/Kiritimati")), utc("2026-01-14T08:00:00Z"))
        // A tenant whose slot is after midnight still runs the day before it: the window belongs to one day.
        let id = (Int64(1)...100).first { window.offset(forTenant: $0) > 3 * 3_600 }!
        let slot = window.slot(of: day("2026-01-14"), tenant: id, in: zone("Europe/Paris"))
        XCTAssertGreaterThan(slot, utc("2026-01-15T00:00:00Z"))
        XCTAssertEqual(window.latestDayDue(tenant: id, in: zone("Europe/Paris"), at: slot), day("2026-01-14"))
        XCTAssertEqual(
            window.latestDayDue(tenant: id, in: zone("Europe/Paris"), at: slot.addingTimeInterval(-1)), day("2026-01-13"))
    }

    func testDaylightSavingNightsKeepTheWindowsRealLength() {
        let paris = zone("Europe/Paris")
        // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST. The window after the 28th opens at midnight CET and
        // lasts four real hours (until 05:00 CEST).
        let spring = window("00:00", hours: 4)
        XCTAssertEqual(spring.opening(of: day("2026-03-28"), in: paris), utc("2026-03-28T23:00:00Z"))
        XCTAssertEqual(spring.opening(of: day("2026-03-29"), in: paris), utc("2026-03-29T22:00:00Z"))
        // 02:30 does not exist that night: the window opens at 03:30 CEST (01:30 UTC).
        XCTAssertEqual(window("02:30", hours: 1).opening(of: day("2026-03-28"), in: paris), utc("2026-03-29T01:30:00Z"))
        // 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET; 02:30 is shown twice, the window opens at the
        // second (01:30 UTC); 01:30 is shown once, in summer time.
        XCTAssertEqual(window("02:30", hours: 1).opening(of: day("2026-10-24"), in: paris), utc("2026-10-25T01:30:00Z"))
        XCTAssertEqual(window("01:30", hours: 1).opening(of: day("2026-10-24"), in: paris), utc("2026-10-24T23:30:00Z"))
        // New York (2026-03-08, 02:00 EST → 03:00 EDT): a slot two and a half hours into the window is 03:30 EDT.
        let newYork = zone("America/New_York")
        let opening = spring.opening(of: day("2026-03-07"), in: newYork)
        XCTAssertEqual(opening, utc("2026-03-08T05:00:00Z"))
        for id in Int64(1)...50 {
            let slot = spring.slot(of: day("2026-03-07"), tenant: id, in: newYork)
            XCTAssertEqual(slot.timeIntervalSince(opening), TimeInterval(spring.offset(forTenant: id)))
        }
    }

    func testLatestDayDueTurnsAtEachTenantsOwnSlot() {
        let window = window("00:00", hours: 4)
        for identifier in ["Europe/Paris", "America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu"] {
            let zone = zone(identifier)
            for id in Int64(1)...20 {
                let slot = window.slot(of: day("2026-06-10"), tenant: id, in: zone)
                XCTAssertEqual(window.latestDayDue(tenant: id, in: zone, at: slot), day("2026-06-10"), identifier)
                XCTAssertEqual(
                    window.latestDayDue(tenant: id, in: zone, at: slot.addingTimeInterval(-1)), day("2026-06-09"), identifier)
                // Still the 10th until the next night's slot; a worker down for two days catches up at once.
                XCTAssertEqual(
                    window.latestDayDue(tenant: id, in: zone, at: slot.addingTimeInterval(86_399)), day("2026-06-10"))
                XCTAssertEqual(
                    window.latestDayDue(tenant: id, in: zone, at: slot.addingTimeInterval(2 * 86_400)), day("2026-06-12"))
            }
        }
        // A window of length 0 at midnight is the daemon's former rule: each tenant's yesterday.
        let midnight = NightWindow(startSecond: 0, lengthSeconds: 0)!
        let now = utc("2026-06-10T22:30:00Z")
        XCTAssertEqual(midnight.latestDayDue(tenant: 7, in: zone("Europe/Paris"), at: now), day("2026-06-10"))
        XCTAssertEqual(midnight.latestDayDue(tenant: 7, in: zone("America/New_York"), at: now), day("2026-06-09"))
        XCTAssertEqual(midnight.latestDayDue(tenant: 7, in: zone("Pacific/Kiritimati"), at: now), day("2026-06-10"))
    }
}
