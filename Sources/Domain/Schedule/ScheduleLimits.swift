/// What a tenant may ask a schedule to be. The schedule engine itself works over every calendar date (years
/// 1…9999); what comes in through the API is bounded, so that no request can make a schedule that costs
/// unbounded work (a catch-up from year 1, a billion occurrences).
public enum ScheduleLimits {
    /// At most this many occurrences (`count`).
    public static let maximumCount = 10_000
    /// No schedule starts, or ends (`end`, or `start + totalDurationDays`), outside these dates.
    public static let horizon = CalendarDate(unchecked: 1900, 1, 1)...CalendarDate(unchecked: 2200, 12, 31)

    /// The limits `schedule` breaks, with paths under `prefix` as in its JSON shape (none when it is fine).
    public static func violations(of schedule: Schedule, prefix: String = "") -> [FieldViolation] {
        var errors: [FieldViolation] = []
        func report(_ field: String, _ message: String) {
            errors.append(FieldViolation(path: ScheduleValidation.join(prefix, field), code: .outOfRange, message: message))
        }
        let range = "from \(horizon.lowerBound) to \(horizon.upperBound)"
        if !horizon.contains(schedule.start) { report("start", "must be \(range), got \(schedule.start)") }
        if let end = schedule.end, !horizon.contains(end) { report("end", "must be \(range), got \(end)") }
        if let count = schedule.count, count > maximumCount {
            report("count", "must be at most \(maximumCount), got \(count)")
        }
        if let days = schedule.totalDurationDays,
            schedule.start.checkedAdding(days: days).map({ !horizon.contains($0) }) ?? true
        {
            report("totalDurationDays", "must end by \(horizon.upperBound), got \(days) days from \(schedule.start)")
        }
        return errors
    }
}
