import Foundation

/// The part of each local night in which the daemon runs tenants' end of day, and each tenant's fixed place in it
/// (its *slot*), so that the tenants of one time zone do not all start at their midnight.
///
/// The window of day D opens at the local clock time ``startSecond`` on the evening of D when that is noon or
/// later (a window crossing midnight, such as 22:00 for 4 hours), otherwise on the morning after D (the default
/// 00:00), and lasts ``lengthSeconds`` of real time, so a window over a daylight-saving change keeps its length
/// and a local time the change skips opens it one hour later. A tenant's slot is at a fixed fraction of the window
/// taken from its id by Fibonacci hashing: consecutive ids land evenly spread, the same on every host.
public struct NightWindow: Sendable, Hashable {
    /// Seconds after local midnight at which the window opens, 0..<86,400.
    public let startSecond: Int
    /// The window's length in seconds of real time, 0...86,400 (0: every tenant at the opening).
    public let lengthSeconds: Int

    /// Midnight, for four hours.
    public static let standard = NightWindow(startSecond: 0, lengthSeconds: 4 * 3_600)!
    static let secondsPerDay = 86_400

    /// The window, or `nil` unless `startSecond` is 0..<86,400 and `lengthSeconds` is 0...86,400.
    public init?(startSecond: Int, lengthSeconds: Int) {
        guard (0..<Self.secondsPerDay).contains(startSecond), (0...Self.secondsPerDay).contains(lengthSeconds)
        else { return nil }
        self.startSecond = startSecond
        self.lengthSeconds = lengthSeconds
    }

    /// A local clock time `HH:MM` or `HH:MM:SS` (00:00…23:59:59) as seconds after midnight, or `nil`.
    public static func clockSeconds(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { ("0"..."9").contains($0) } }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = parts.count == 3 ? Int(parts[2]) : 0,
            (0..<24).contains(hours), (0..<60).contains(minutes), (0..<60).contains(seconds)
        else { return nil }
        return hours * 3_600 + minutes * 60 + seconds
    }

    /// Seconds from the window's opening to the slot of the tenant with this id: 0..<``lengthSeconds``.
    public func offset(forTenant id: Int64) -> Int {
        // Multiplying by 2^64 / φ scatters consecutive ids over the whole range, each new one in the largest gap.
        let fraction = UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15
        return Int(fraction.multipliedFullWidth(by: UInt64(lengthSeconds)).high)
    }

    /// The instant the window of `day` opens in `zone`.
    public func opening(of day: CalendarDate, in zone: TimeZone) -> Date {
        let localDay = startSecond >= Self.secondsPerDay / 2 ? day : day.adding(days: 1)
        return Self.instant(localDay, second: startSecond, in: zone)
    }

    /// The instant from which the tenant's EOD for `day` runs.
    public func slot(of day: CalendarDate, tenant id: Int64, in zone: TimeZone) -> Date {
        opening(of: day, in: zone).addingTimeInterval(TimeInterval(offset(forTenant: id)))
    }

    /// The latest day whose slot is at or before `now`: the date the daemon runs this tenant up to at `now`.
    /// A slot missed while no worker ran is therefore run at once, up to the latest day due.
    public func latestDayDue(tenant id: Int64, in zone: TimeZone, at now: Date) -> CalendarDate {
        let today = CalendarDate.today(in: zone, at: now)
        // A slot lies before noon two days after its day plus at most a day of window: three days back suffice.
        for back in 0..<3 {
            let day = today.adding(days: -back)
            if slot(of: day, tenant: id, in: zone) <= now { return day }
        }
        return today.adding(days: -3)
    }

    /// The instant at which the clock of `zone` shows `second` seconds after the midnight that starts `day`; a
    /// time that a daylight-saving change skips is read with the offset from before the change (one hour later
    /// on the clock), and a time shown twice is the second one.
    static func instant(_ day: CalendarDate, second: Int, in zone: TimeZone) -> Date {
        let naive = Date(timeIntervalSince1970: TimeInterval(day.dayNumber * secondsPerDay + second))
        let guess = naive.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: naive)))
        return naive.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: guess)))
    }
}
