import TestSupport
@testable import Domain

/// A deliberately naive model of the schedule rules, day by day, for property tests: whether a date is an
/// occurrence (due date) of a rule. Shares no code with the engine beyond CalendarDate itself.
enum ScheduleReference {
    static func isDue(
        _ d: CalendarDate, rule: ScheduleRule, start: CalendarDate, fiscalYearStartMonth: Int,
        selectedDay: (MonthDay, Int, Int) -> Int = naiveDay
    ) -> Bool {
        guard d >= start else { return false }
        let months = (d.year - start.year) * 12 + d.month - start.month
        switch rule {
        case .daily(let n):
            return start.distance(to: d) % n == 0
        case .weekly(let n, let weekdays):
            let days = weekdays ?? [start.weekday]
            let weeks = monday(of: start).distance(to: monday(of: d)) / 7
            return days.contains(d.weekday) && weeks % n == 0
        case .monthly(let n, let selector):
            return months % n == 0 && d.day == selectedDay(selector ?? .dayOfMonth(start.day), d.year, d.month)
        case .yearly(let n, let month, let selector):
            return d.month == (month ?? start.month) && (d.year - start.year) % n == 0
                && d.day == selectedDay(selector ?? .dayOfMonth(start.day), d.year, d.month)
        case .mixerpDuration(let n):
            return d > start && start.distance(to: d) % n == 0
        case .mixerpSameCalendarDate:
            return months >= 1 && d.day == Swift.min(start.day, d.daysInMonth)
        case .fiscalPeriodEnd(let period):
            let fiscalMonth = (d.month - fiscalYearStartMonth + 12) % 12 + 1
            return d == d.lastDayOfMonth && fiscalMonth % period.months == 0
        }
    }

    /// Posting lead (days from posting to due) of a rule.
    static func lead(_ rule: ScheduleRule) -> Int {
        if case .mixerpSameCalendarDate = rule { return 1 }
        return 0
    }

    /// The due dates of `schedule` up to `horizon`, by scanning every day.
    static func dueDates(_ s: Schedule, fiscalYearStartMonth: Int, horizon: CalendarDate) -> [CalendarDate] {
        var last = Swift.min(horizon, s.end ?? .max)
        if let total = s.totalDurationDays { last = Swift.min(last, s.start.plus(total)) }
        guard s.start <= last else { return [] }
        var out: [CalendarDate] = []
        var cache: [Int: Int] = [:]  // month index → selected day (one selector per schedule)
        func selected(_ selector: MonthDay, _ year: Int, _ month: Int) -> Int {
            if let hit = cache[year * 12 + month] { return hit }
            let value = naiveDay(selector, year, month)
            cache[year * 12 + month] = value
            return value
        }
        for d in s.start...last
        where isDue(d, rule: s.rule, start: s.start, fiscalYearStartMonth: fiscalYearStartMonth, selectedDay: selected) {
            out.append(d)
            if out.count == s.count { break }
        }
        return out
    }

    private static func monday(of d: CalendarDate) -> CalendarDate { d.plus(1 - d.weekday.isoNumber) }

    /// The selected day by listing the month's days.
    static func naiveDay(_ selector: MonthDay, _ year: Int, _ month: Int) -> Int {
        let days = (1...CalendarDate.daysInMonth(year: year, month: month)).compactMap {
            CalendarDate(year: year, month: month, day: $0)
        }
        switch selector {
        case .dayOfMonth(let n):
            return n > 0 ? Swift.min(n, days.count) : Swift.max(days.count + 1 + n, 1)
        case .weekday(let weekday, let ordinal):
            let matching = days.filter { $0.weekday == weekday }
            return (ordinal > 0 ? matching[ordinal - 1] : matching[matching.count + ordinal]).day
        case .businessDay(let ordinal):
            let matching = days.filter { $0.weekday.isBusinessDay }
            return (ordinal > 0 ? matching[ordinal - 1] : matching[matching.count + ordinal]).day
        }
    }
}

/// Random valid schedules for property tests.
struct RandomSchedules {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func date(from: String = "1895-01-01", to: String = "2105-12-31") -> CalendarDate {
        day(from).plus(int(0...day(from).distance(to: day(to))))
    }

    mutating func monthDay() -> MonthDay? {
        switch int(0...4) {
        case 0: return nil
        case 1: return .dayOfMonth(chance(0.3) ? -int(1...31) : int(1...31))
        case 2: return .weekday(Weekday.allCases[int(0...6)], ordinal: chance(0.5) ? int(1...4) : -int(1...4))
        case 3: return .businessDay(chance(0.5) ? int(1...20) : -int(1...20))
        default: return .lastDay
        }
    }

    mutating func rule() -> ScheduleRule {
        switch int(0...8) {
        case 0: return .daily(interval: chance(0.5) ? 1 : int(1...60))
        case 1:
            let weekdays = chance(0.3) ? nil : Array(Weekday.allCases.filter { _ in chance(0.4) }.prefix(7))
            return .weekly(interval: int(1...4), weekdays: weekdays?.isEmpty == true ? [.friday] : weekdays)
        case 2, 3: return .monthly(interval: chance(0.5) ? 1 : int(1...13), day: monthDay())
        case 4: return .yearly(interval: int(1...3), month: chance(0.5) ? nil : int(1...12), day: monthDay())
        case 5: return .mixerpDuration(everyDays: int(1...120))
        case 6: return .mixerpSameCalendarDate
        default: return .fiscalPeriodEnd(FiscalPeriod.allCases[int(0...3)])
        }
    }

    /// A valid schedule whose occurrences all fall within a few years of its start.
    mutating func schedule() -> Schedule {
        let rule = rule()
        let start = date()
        let end = chance(0.5) ? start.plus(int(0...2500)) : nil
        let total = chance(0.4) ? int(1...2500) : nil
        var count = chance(0.5) ? int(1...40) : nil
        if end == nil && total == nil && count == nil { count = int(1...40) }
        if case .yearly = rule, end == nil, total == nil { count = int(1...6) }
        do {
            return try Schedule(rule: rule, start: start, end: end, count: count, totalDurationDays: total)
        } catch {
            preconditionFailure("generator made an invalid schedule: \(error)")
        }
    }
}
