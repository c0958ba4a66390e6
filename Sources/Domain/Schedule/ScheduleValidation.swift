/// The checks a ``Schedule`` must pass, one function per field, shared by ``Schedule/init(rule:start:end:count:totalDurationDays:)``
/// and JSON decoding so that both name the same fields with the same messages.
enum ScheduleValidation {
    static let intervalRange = 1...10_000
    static let everyDaysRange = 1...100_000
    static let totalDurationRange = 1...3_660_000
    static let ordinalRange = 1...4
    static let businessDayRange = 1...20

    static func interval(_ value: Int, at path: String) -> FieldViolation? {
        intervalRange.contains(value) ? nil : outOfRange(path, "must be 1…\(intervalRange.upperBound), got \(value)")
    }

    static func everyDays(_ value: Int, at path: String) -> FieldViolation? {
        everyDaysRange.contains(value)
            ? nil : outOfRange(path, "must be 1…\(everyDaysRange.upperBound) days, got \(value)")
    }

    static func month(_ value: Int, at path: String) -> FieldViolation? {
        (1...12).contains(value) ? nil : outOfRange(path, "must be a month 1…12, got \(value)")
    }

    static func dayOfMonth(_ value: Int, at path: String) -> FieldViolation? {
        (1...31).contains(value) || (-31 ... -1).contains(value)
            ? nil : outOfRange(path, "must be 1…31, or -1…-31 counting back from the month's last day; got \(value)")
    }

    static func ordinal(_ value: Int, at path: String) -> FieldViolation? {
        ordinalRange.contains(abs(value))
            ? nil : outOfRange(path, "must be 1…4, or -1…-4 counting from the month's end (-1 is the last); got \(value)")
    }

    static func businessDay(_ value: Int, at path: String) -> FieldViolation? {
        businessDayRange.contains(abs(value))
            ? nil : outOfRange(path, "must be 1…20, or -1…-20 counting from the month's end; got \(value)")
    }

    /// Non-empty, no repeats; a repeat is reported at its own index (`weekdays/2`). `nil` elements (already
    /// reported as unknown) are skipped but keep their index.
    static func weekdays(_ days: [Weekday?], at path: String) -> [FieldViolation] {
        if days.isEmpty { return [FieldViolation(path: path, code: .invalidValue, message: "must list at least one weekday")] }
        var seen = Set<Weekday>()
        var errors: [FieldViolation] = []
        for (i, day) in days.enumerated() {
            guard let day, !seen.insert(day).inserted else { continue }
            errors.append(FieldViolation(path: join(path, String(i)), code: .invalidValue, message: "repeats \"\(day.wireValue)\""))
        }
        return errors
    }

    static func count(_ value: Int, at path: String) -> FieldViolation? {
        value >= 1 ? nil : outOfRange(path, "must be at least 1, got \(value)")
    }

    static func totalDurationDays(_ value: Int, at path: String) -> FieldViolation? {
        totalDurationRange.contains(value)
            ? nil : outOfRange(path, "must be 1…\(totalDurationRange.upperBound) days, got \(value)")
    }

    static func end(_ end: CalendarDate, start: CalendarDate, at path: String) -> FieldViolation? {
        end >= start ? nil : FieldViolation(path: path, code: .conflict, message: "\(end) is before start \(start)")
    }

    static func monthDay(_ day: MonthDay, prefix: String) -> [FieldViolation] {
        switch day {
        case .dayOfMonth(let d): return dayOfMonth(d, at: join(prefix, "byMonthDay")).map { [$0] } ?? []
        case .weekday(_, let n): return ordinal(n, at: join(prefix, "byWeekday/ordinal")).map { [$0] } ?? []
        case .businessDay(let n): return businessDay(n, at: join(prefix, "byBusinessDay")).map { [$0] } ?? []
        }
    }

    /// Every error in `rule`, with paths as in the JSON shape under `prefix`.
    static func errors(in rule: ScheduleRule, prefix: String = "") -> [FieldViolation] {
        var errors: [FieldViolation] = []
        func add(_ e: FieldViolation?) { if let e { errors.append(e) } }
        switch rule {
        case .daily(let n):
            add(interval(n, at: join(prefix, "interval")))
        case .weekly(let n, let days):
            add(interval(n, at: join(prefix, "interval")))
            if let days { errors += weekdays(days, at: join(prefix, "weekdays")) }
        case .monthly(let n, let day):
            add(interval(n, at: join(prefix, "interval")))
            if let day { errors += monthDay(day, prefix: prefix) }
        case .yearly(let n, let m, let day):
            add(interval(n, at: join(prefix, "interval")))
            if let m { add(month(m, at: join(prefix, "byMonth"))) }
            if let day { errors += monthDay(day, prefix: prefix) }
        case .mixerpDuration(let n):
            add(everyDays(n, at: join(prefix, "everyDays")))
        case .mixerpSameCalendarDate, .fiscalPeriodEnd:
            break
        }
        return errors
    }

    /// Every error in the bounds, with paths as in the JSON shape under `prefix`.
    static func errors(
        start: CalendarDate, end endDate: CalendarDate?, count countValue: Int?, totalDurationDays total: Int?,
        prefix: String = ""
    ) -> [FieldViolation] {
        var errors: [FieldViolation] = []
        if let endDate, let e = end(endDate, start: start, at: join(prefix, "end")) { errors.append(e) }
        if let countValue, let e = count(countValue, at: join(prefix, "count")) { errors.append(e) }
        if let total, let e = totalDurationDays(total, at: join(prefix, "totalDurationDays")) { errors.append(e) }
        return errors
    }

    static func join(_ prefix: String, _ token: String) -> String { prefix.isEmpty ? token : prefix + "/" + token }

    private static func outOfRange(_ path: String, _ message: String) -> FieldViolation {
        FieldViolation(path: path, code: .outOfRange, message: message)
    }
}
