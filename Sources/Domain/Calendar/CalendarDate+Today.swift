import Foundation

extension CalendarDate {
    /// The calendar date in `timeZone` at the instant `now`: a tenant's "today".
    ///
    /// Uses the zone's UTC offset at that instant (daylight saving included) and no Foundation calendar.
    /// Instants beyond the representable years clamp to ``min`` or ``max``.
    public static func today(in timeZone: TimeZone, at now: Date = Date()) -> CalendarDate {
        let localSeconds = now.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: now))
        let days = (localSeconds / 86_400).rounded(.down)
        guard days >= Double(dayNumberRange.lowerBound) else { return .min }
        guard days <= Double(dayNumberRange.upperBound) else { return .max }
        return CalendarDate(uncheckedDayNumber: Int(days))
    }
}
