// A fast reading of the common schedule JSON: one flat object of plain strings, integers and nulls, such as every
// stored schedule of the monthly, quarterly, yearly and daily kinds ({"kind": "monthly", "start": "2026-01-31",
// "count": 12, "interval": 1}). The EOD reads one schedule per due setup, and Foundation's JSONDecoder spends
// about 13 µs on each; this reading takes about 1 µs.
//
// It accepts only what the strict decoder accepts with the same result, and gives up (returns nil) on anything
// else: escapes, arrays, nested objects, numbers other than plain integers, booleans, duplicate or unknown keys,
// unknown kinds, conflicting day fields, a value out of range. `Schedule.decode(json:)` then runs the strict
// decoder, which reports the problems with their paths. ScheduleFlatJSONTests check both readings agree.

extension Schedule {
    /// The schedule in `json` when it is a flat object the fast reading understands and that passes every check;
    /// `nil` otherwise (the caller falls back to the strict decoder).
    static func decodeFlat(_ json: some Collection<UInt8>) -> Schedule? {
        guard let fields = FlatJSONObject.parse(json) else { return nil }
        guard case .string(let kindName)? = fields["kind"], let kind = Kind(wireValue: kindName) else { return nil }
        guard let allowed = Kind.allowedFields[kind], fields.keys.allSatisfy(allowed.contains) else { return nil }

        func int(_ key: String) -> (ok: Bool, value: Int?) {
            switch fields[key] {
            case nil, .null?: return (true, nil)
            case .integer(let n)?: return (true, n)
            case .string?: return (false, nil)
            }
        }
        func date(_ key: String) -> (ok: Bool, value: CalendarDate?) {
            switch fields[key] {
            case nil, .null?: return (true, nil)
            case .string(let text)?: return CalendarDate(text).map { (true, $0) } ?? (false, nil)
            case .integer?: return (false, nil)
            }
        }
        let start = date("start"), end = date("end")
        let count = int("count"), total = int("totalDurationDays")
        guard start.ok, end.ok, count.ok, total.ok, let startDate = start.value else { return nil }

        let interval = int("interval")
        guard interval.ok else { return nil }
        let every = interval.value ?? 1
        func monthDay() -> (ok: Bool, value: MonthDay?) {
            if fields["byWeekday"] != nil && fields["byWeekday"] != .null { return (false, nil) }
            let byMonthDay = int("byMonthDay"), byBusinessDay = int("byBusinessDay")
            guard byMonthDay.ok, byBusinessDay.ok else { return (false, nil) }
            switch (byMonthDay.value, byBusinessDay.value) {
            case (let day?, nil): return (true, .dayOfMonth(day))
            case (nil, let n?): return (true, .businessDay(n))
            case (nil, nil): return (true, nil)
            case (_?, _?): return (false, nil)
            }
        }
        let rule: ScheduleRule
        switch kind {
        case .daily:
            rule = .daily(interval: every)
        case .weekly, .fortnightly:
            guard fields["weekdays"] == nil || fields["weekdays"] == .null else { return nil }
            rule = .weekly(interval: kind == .fortnightly ? 2 : every, weekdays: nil)
        case .monthly, .quarterly, .semiannual:
            let day = monthDay()
            guard day.ok else { return nil }
            rule = .monthly(interval: kind == .quarterly ? 3 : kind == .semiannual ? 6 : every, day: day.value)
        case .yearly, .annual:
            let day = monthDay(), month = int("byMonth")
            guard day.ok, month.ok else { return nil }
            rule = .yearly(interval: kind == .annual ? 1 : every, month: month.value, day: day.value)
        case .mixerpDuration:
            let days = int("everyDays")
            guard days.ok, let value = days.value else { return nil }
            rule = .mixerpDuration(everyDays: value)
        case .mixerpSameCalendarDate:
            rule = .mixerpSameCalendarDate
        case .fiscalPeriodEnd:
            guard case .string(let name)? = fields["period"], let period = FiscalPeriod(wireValue: name) else { return nil }
            rule = .fiscalPeriodEnd(period)
        }
        guard ScheduleValidation.errors(in: rule).isEmpty,
            ScheduleValidation.errors(
                start: startDate, end: end.value, count: count.value, totalDurationDays: total.value
            ).isEmpty
        else { return nil }
        return try? Schedule(
            rule: rule, start: startDate, end: end.value, count: count.value, totalDurationDays: total.value)
    }
}

/// A JSON object whose values are all plain strings (no escapes), integers or null; anything else is refused.
enum FlatJSONObject {
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case null
    }

    /// The members of the object in `bytes`, or `nil` when it is not such an object (or repeats a key).
    static func parse(_ bytes: some Collection<UInt8>) -> [String: Value]? {
        var reader = Reader(bytes: Array(bytes))
        return reader.object()
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func object() -> [String: Value]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var members = [String: Value]()
            if take(UInt8(ascii: "}")) { return finished(members) }
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")), let value = value(), members[key] == nil else {
                    return nil
                }
                members[key] = value
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
            return finished(members)
        }

        /// Only whitespace may follow the object.
        mutating func finished(_ members: [String: Value]) -> [String: Value]? {
            skipSpace()
            return index == bytes.count ? members : nil
        }

        mutating func value() -> Value? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return string().map(Value.string)
            case UInt8(ascii: "n"):
                guard bytes[index...].starts(with: "null".utf8) else { return nil }
                index += 4
                return .null
            default:
                return integer().map(Value.integer)
            }
        }

        /// A string without escapes or control characters.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                guard bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(validating: bytes[start..<index], as: UTF8.self)
        }

        /// `-?(0|[1-9][0-9]{0,8})`, not followed by a fraction or exponent.
        mutating func integer() -> Int? {
            var negative = false
            if bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                // A tenth digit is refused before it is added: past 18 digits the value would overflow Int.
                guard index - start < 9 else { return nil }
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            let digits = index - start
            guard digits >= 1, digits <= 9, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                return nil
            }
            return negative ? -value : value
        }
    }
}
