import Foundation

// The JSON shape of a schedule (docs/schedule.md): one flat, strict object.
//
//   {"kind":"monthly","interval":1,"byMonthDay":31,"start":"2026-01-31","end":null,"count":null}
//
// Unknown fields, wrong types, unknown names and out-of-range values are all reported together as
// `FieldViolations`, each naming its field by path. Encoding writes the canonical form: shortcuts such as
// "fortnightly" come back as their base kind ("weekly", interval 2). Values (kinds, periods, weekdays) are spelled
// as every enum on the wire (``WireEnum``): `mixerp_duration`, `half_year`; the field names stay as documented.

extension Schedule: Codable {
    /// The `kind` values (their wire spelling: `mixerp_duration`) and the fields each accepts besides the bounds.
    public enum Kind: String, WireEnum, Sendable {
        case daily, weekly, fortnightly, monthly, quarterly, semiannual, yearly, annual
        case mixerpDuration, mixerpSameCalendarDate, fiscalPeriodEnd

        static let boundFields: Set<String> = ["kind", "start", "end", "count", "totalDurationDays"]
        static let dayFields: Set<String> = ["byMonthDay", "byWeekday", "byBusinessDay"]
        /// Every field each kind accepts (bounds included), built once.
        static let allowedFields: [Kind: Set<String>] = Dictionary(
            uniqueKeysWithValues: allCases.map { ($0, boundFields.union($0.fields)) })

        var fields: Set<String> {
            switch self {
            case .daily: ["interval"]
            case .weekly: ["interval", "weekdays"]
            case .fortnightly: ["weekdays"]
            case .monthly: Kind.dayFields.union(["interval"])
            case .quarterly, .semiannual: Kind.dayFields
            case .yearly: Kind.dayFields.union(["interval", "byMonth"])
            case .annual: Kind.dayFields.union(["byMonth"])
            case .mixerpDuration: ["everyDays"]
            case .mixerpSameCalendarDate: []
            case .fiscalPeriodEnd: ["period"]
            }
        }
    }

    /// Decodes the strict JSON shape.
    ///
    /// - Throws: ``FieldViolations`` listing every problem found, each with its full path.
    public init(from decoder: any Decoder) throws {
        var reader = JSONObjectReader(decoder)
        guard reader.isObject else { throw FieldViolations(reader.errors) }
        let prefix = FieldViolation.path(reader.tokens)

        let kind = reader.name("kind", Kind.self, required: true)
        if let kind { reader.rejectUnknownKeys(allowed: Kind.boundFields.union(kind.fields)) }
        let start = reader.date("start", required: true)
        let end = reader.date("end")
        let count = reader.int("count")
        let totalDurationDays = reader.int("totalDurationDays")
        let rule = kind.map { Schedule.readRule(kind: $0, from: &reader) }

        // Range checks on whatever decoded; placeholders stand in for fields already reported.
        if let rule { reader.report(ScheduleValidation.errors(in: rule, prefix: prefix)) }
        reader.report(
            ScheduleValidation.errors(
                start: start ?? .min, end: end, count: count, totalDurationDays: totalDurationDays, prefix: prefix))

        guard reader.errors.isEmpty, let rule, let start else { throw FieldViolations(reader.errors) }
        do {
            try self.init(rule: rule, start: start, end: end, count: count, totalDurationDays: totalDurationDays)
        } catch {
            throw FieldViolations(error.errors.map { FieldViolation(path: ScheduleValidation.join(prefix, $0.path), code: $0.code, message: $0.message) })
        }
    }

    /// The rule part of the object; fields that failed to decode are already reported and replaced by
    /// harmless placeholders so that the others still get range-checked.
    private static func readRule(kind: Kind, from reader: inout JSONObjectReader) -> ScheduleRule {
        func interval() -> Int { reader.int("interval") ?? 1 }
        switch kind {
        case .daily:
            return .daily(interval: interval())
        case .weekly:
            return .weekly(interval: interval(), weekdays: readWeekdays(from: &reader))
        case .fortnightly:
            return .weekly(interval: 2, weekdays: readWeekdays(from: &reader))
        case .monthly:
            return .monthly(interval: interval(), day: readMonthDay(from: &reader))
        case .quarterly:
            return .monthly(interval: 3, day: readMonthDay(from: &reader))
        case .semiannual:
            return .monthly(interval: 6, day: readMonthDay(from: &reader))
        case .yearly:
            return .yearly(interval: interval(), month: reader.int("byMonth"), day: readMonthDay(from: &reader))
        case .annual:
            return .yearly(interval: 1, month: reader.int("byMonth"), day: readMonthDay(from: &reader))
        case .mixerpDuration:
            return .mixerpDuration(everyDays: reader.int("everyDays", required: true) ?? 1)
        case .mixerpSameCalendarDate:
            return .mixerpSameCalendarDate
        case .fiscalPeriodEnd:
            return .fiscalPeriodEnd(reader.name("period", FiscalPeriod.self, required: true) ?? .month)
        }
    }

    private static func readWeekdays(from reader: inout JSONObjectReader) -> [Weekday]? {
        guard let names = reader.names("weekdays", Weekday.self) else { return nil }
        // Repeats and emptiness are checked here so that indexes still match the JSON array.
        reader.report(ScheduleValidation.weekdays(names, at: reader.path("weekdays")))
        let known = names.compactMap { $0 }
        return known.isEmpty ? nil : Array(Set(known)).sorted()
    }

    /// At most one of `byMonthDay`, `byWeekday`, `byBusinessDay`.
    private static func readMonthDay(from reader: inout JSONObjectReader) -> MonthDay? {
        let present = ["byMonthDay", "byWeekday", "byBusinessDay"].filter { reader.has($0) }
        for extra in present.dropFirst() {
            reader.report(
                FieldViolation(
                    path: reader.path(extra), code: .conflict,
                    message: "conflicts with \(present[0]); give only one of byMonthDay, byWeekday, byBusinessDay"))
        }
        switch present.first {
        case "byMonthDay":
            return reader.int("byMonthDay").map(MonthDay.dayOfMonth)
        case "byBusinessDay":
            return reader.int("byBusinessDay").map(MonthDay.businessDay)
        case "byWeekday":
            guard var nested = reader.object("byWeekday") else { return nil }
            nested.rejectUnknownKeys(allowed: ["weekday", "ordinal"])
            let weekday = nested.name("weekday", Weekday.self, required: true)
            let ordinal = nested.int("ordinal", required: true)
            reader.report(nested.errors)
            return .weekday(weekday ?? .monday, ordinal: ordinal ?? 1)
        default:
            return nil
        }
    }

    /// Encodes the canonical JSON shape; absent bounds are omitted.
    public func encode(to encoder: any Encoder) throws {
        typealias Key = JSONObjectReader.Key
        var c = encoder.container(keyedBy: Key.self)
        func put<T: Encodable>(_ key: String, _ value: T?) throws {
            if let value { try c.encode(value, forKey: Key(key)) }
        }
        func putDay(_ day: MonthDay?) throws {
            switch day {
            case .dayOfMonth(let d): try put("byMonthDay", d)
            case .businessDay(let n): try put("byBusinessDay", n)
            case .weekday(let weekday, let ordinal):
                var nested = c.nestedContainer(keyedBy: Key.self, forKey: Key("byWeekday"))
                try nested.encode(weekday.wireValue, forKey: Key("weekday"))
                try nested.encode(ordinal, forKey: Key("ordinal"))
            case nil: break
            }
        }
        switch rule {
        case .daily(let interval):
            try put("kind", Kind.daily.wireValue)
            try put("interval", interval)
        case .weekly(let interval, let weekdays):
            try put("kind", Kind.weekly.wireValue)
            try put("interval", interval)
            try put("weekdays", weekdays?.map(\.wireValue))
        case .monthly(let interval, let day):
            try put("kind", Kind.monthly.wireValue)
            try put("interval", interval)
            try putDay(day)
        case .yearly(let interval, let month, let day):
            try put("kind", Kind.yearly.wireValue)
            try put("interval", interval)
            try put("byMonth", month)
            try putDay(day)
        case .mixerpDuration(let everyDays):
            try put("kind", Kind.mixerpDuration.wireValue)
            try put("everyDays", everyDays)
        case .mixerpSameCalendarDate:
            try put("kind", Kind.mixerpSameCalendarDate.wireValue)
        case .fiscalPeriodEnd(let period):
            try put("kind", Kind.fiscalPeriodEnd.wireValue)
            try put("period", period.wireValue)
        }
        try put("start", start)
        try put("end", end)
        try put("count", count)
        try put("totalDurationDays", totalDurationDays)
    }

    /// Decodes a schedule from JSON text.
    ///
    /// - Throws: ``FieldViolations``: every problem with its path; text that is not JSON gives one error at
    ///   the empty path with code ``FieldViolation/Code/malformed``.
    public static func decode(json: String) throws(FieldViolations) -> Schedule {
        if let schedule = decodeFlat(json.utf8) { return schedule }
        return try decode(json: Data(json.utf8))
    }

    /// Decodes a schedule from JSON bytes; errors as for the `String` overload.
    public static func decode(json: Data) throws(FieldViolations) -> Schedule {
        if let schedule = decodeFlat(json) { return schedule }
        do {
            return try JSONDecoder().decode(Schedule.self, from: json)
        } catch let errors as FieldViolations {
            throw errors
        } catch {
            throw FieldViolations([FieldViolation(path: "", code: .malformed, message: "is not valid JSON")])
        }
    }

    /// The canonical JSON text (keys sorted).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
