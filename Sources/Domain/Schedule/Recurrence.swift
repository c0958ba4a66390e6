/// A ``Schedule`` compiled for evaluation: every rule reduces to one of three anchored patterns, each giving
/// occurrence *k*'s due date in O(1) and the first index on or after any date in O(1).
struct Recurrence: Sendable {
    enum Pattern: Sendable {
        /// `due(k) = first + k * step`, in day numbers.
        case days(first: Int, step: Int)
        /// With `g = k + skip` and `n = offsets.count`:
        /// `due(k) = monday + (g / n) * cycle + offsets[g % n]`, in day numbers. `offsets` are the sorted
        /// weekday offsets from Monday (0…6); `skip` counts those before the start in the first week.
        case weeks(monday: Int, cycle: Int, offsets: [Int], skip: Int)
        /// `due(k)` = `day` in the month with index `first + k * step` (index = year * 12 + month − 1).
        case months(first: Int, step: Int, day: MonthDay)
    }

    /// How an occurrence's period is derived (see ``Occurrence``).
    enum Period: Sendable {
        /// `[due(k), due(k + 1) − 1]`
        case advance
        /// `[due(k − 1), due(k) − 1]`; `due(−1)` is the start.
        case arrears
        /// The `months`-long fiscal period ending on `due(k)`.
        case fiscal(months: Int)
    }

    let pattern: Pattern
    let period: Period
    /// Days from posting to due: 1 for MixERP same-calendar-date, else 0.
    let postingLead: Int
    /// One past the last index the bounds allow.
    let endIndex: Int

    init(schedule: Schedule, context: ScheduleContext) {
        let start = schedule.start
        var period = Period.advance
        var lead = 0
        let pattern: Pattern
        switch schedule.rule {
        case .daily(let interval):
            pattern = .days(first: start.dayNumber, step: interval)
        case .mixerpDuration(let everyDays):
            pattern = .days(first: start.dayNumber + everyDays, step: everyDays)
            period = .arrears
        case .weekly(let interval, let weekdays):
            let startOffset = start.weekday.isoNumber - 1
            let offsets = Set((weekdays ?? [start.weekday]).map { $0.isoNumber - 1 }).sorted()
            pattern = .weeks(
                monday: start.dayNumber - startOffset, cycle: 7 * interval, offsets: offsets,
                skip: offsets.count { $0 < startOffset })
        case .monthly(let interval, let day):
            let day = day ?? .dayOfMonth(start.day)
            let first = Recurrence.firstMonth(candidate: start.monthIndex, step: interval, day: day, start: start)
            pattern = .months(first: first, step: interval, day: day)
        case .yearly(let interval, let month, let day):
            let day = day ?? .dayOfMonth(start.day)
            let candidate = start.year * 12 + (month ?? start.month) - 1
            let first = Recurrence.firstMonth(candidate: candidate, step: 12 * interval, day: day, start: start)
            pattern = .months(first: first, step: 12 * interval, day: day)
        case .mixerpSameCalendarDate:
            pattern = .months(first: start.monthIndex + 1, step: 1, day: .dayOfMonth(start.day))
            period = .arrears
            lead = 1
        case .fiscalPeriodEnd(let fiscalPeriod):
            let length = fiscalPeriod.months
            let offset = (start.month - context.fiscalYearStartMonth + 12) % 12  // fiscal month, 0-based
            let endOffset = offset / length * length + length - 1
            pattern = .months(first: start.monthIndex + endOffset - offset, step: length, day: .lastDay)
            period = .fiscal(months: length)
        }
        self.pattern = pattern
        self.period = period
        self.postingLead = lead
        let byDate = Recurrence.firstIndex(of: pattern, dueOnOrAfter: schedule.lastAllowedDueDate.dayNumber + 1)
        self.endIndex = Swift.min(schedule.count ?? .max, byDate)
    }

    /// The candidate month, or the next one `step` months on if the candidate's day is before the start.
    private static func firstMonth(candidate: Int, step: Int, day: MonthDay, start: CalendarDate) -> Int {
        let startMonth = start.monthIndex
        if candidate < startMonth { return candidate + step }
        if candidate == startMonth && day.day(year: start.year, month: start.month) < start.day {
            return candidate + step
        }
        return candidate
    }

    // MARK: - Due dates

    /// Occurrence `k`'s due date (k ≥ −1), or `nil` past ``CalendarDate/max``. Ignores the bounds.
    func due(at k: Int) -> CalendarDate? {
        switch pattern {
        case .days(let first, let step):
            guard let day = Recurrence.affine(first, k, step), CalendarDate.dayNumberRange.contains(day) else {
                return nil
            }
            return CalendarDate(uncheckedDayNumber: day)
        case .weeks(let monday, let cycle, let offsets, let skip):
            let g = k + skip
            guard g >= 0 else { return nil }
            let (week, position) = g.quotientAndRemainder(dividingBy: offsets.count)
            guard let base = Recurrence.affine(monday, week, cycle) else { return nil }
            let day = base + offsets[position]
            guard CalendarDate.dayNumberRange.contains(day) else { return nil }
            return CalendarDate(uncheckedDayNumber: day)
        case .months(let first, let step, let day):
            guard let month = Recurrence.affine(first, k, step), CalendarDate.monthIndexRange.contains(month) else {
                return nil
            }
            return day.date(inMonthIndex: month)
        }
    }

    /// Occurrence `k + 1`'s due date given occurrence `k`'s, incrementally but still anchored.
    func due(after due: CalendarDate, at k: Int) -> CalendarDate? {
        switch pattern {
        case .days(_, let step):
            return step < 28 ? due.addingFewDays(step) : due.checkedAdding(days: step)
        case .weeks(_, let cycle, let offsets, let skip):
            let position = (k + skip) % offsets.count
            let gap =
                position + 1 < offsets.count
                ? offsets[position + 1] - offsets[position]
                : cycle - offsets[position] + offsets[0]
            return due.checkedAdding(days: gap)
        case .months(let first, let step, let day):
            let month = first + (k + 1) * step
            guard month <= CalendarDate.monthIndexRange.upperBound else { return nil }
            return day.date(inMonthIndex: month)
        }
    }

    // MARK: - Lower bounds

    /// The smallest index whose due date's day number is ≥ `day`, ignoring the bounds. Any `day` is
    /// accepted, including one past ``CalendarDate/max``.
    func firstIndex(dueOnOrAfter day: Int) -> Int { Recurrence.firstIndex(of: pattern, dueOnOrAfter: day) }

    private static func firstIndex(of pattern: Pattern, dueOnOrAfter day: Int) -> Int {
        switch pattern {
        case .days(let first, let step):
            return day <= first ? 0 : ceilDiv(day - first, step)
        case .weeks(let monday, let cycle, let offsets, let skip):
            let relative = day - monday
            guard relative > 0 else { return 0 }
            let (week, offset) = relative.quotientAndRemainder(dividingBy: cycle)
            let g: Int
            if let position = offsets.firstIndex(where: { $0 >= offset }) {
                g = week * offsets.count + position
            } else {
                g = (week + 1) * offsets.count
            }
            return Swift.max(0, g - skip)
        case .months(let first, let step, let selector):
            guard day >= CalendarDate.dayNumberRange.lowerBound else { return 0 }
            let targetMonth: Int, targetDay: Int
            if day > CalendarDate.dayNumberRange.upperBound {
                (targetMonth, targetDay) = (CalendarDate.monthIndexRange.upperBound + 1, 1)
            } else {
                let date = CalendarDate(uncheckedDayNumber: day)
                (targetMonth, targetDay) = (date.monthIndex, date.day)
            }
            var j = targetMonth <= first ? 0 : ceilDiv(targetMonth - first, step)
            let month = first + j * step
            if month == targetMonth && selector.day(year: month / 12, month: month % 12 + 1) < targetDay { j += 1 }
            return j
        }
    }

    // MARK: - Occurrences

    /// Occurrence `k`, which must be below ``endIndex``.
    func occurrence(at k: Int) -> Occurrence {
        let due = self.due(at: k) ?? .max
        switch period {
        case .advance: return makeOccurrence(index: k, due: due, previous: nil, following: self.due(at: k + 1))
        case .arrears: return makeOccurrence(index: k, due: due, previous: self.due(at: k - 1), following: nil)
        case .fiscal: return makeOccurrence(index: k, due: due, previous: nil, following: nil)
        }
    }

    /// Assembles occurrence `index` from its due date and its neighbours' (`previous` for arrears periods,
    /// `following` for advance periods).
    @inline(__always)
    func makeOccurrence(index: Int, due: CalendarDate, previous: CalendarDate?, following: CalendarDate?) -> Occurrence {
        let posting = postingLead == 0 ? due : due.uncheckedDayBefore
        switch period {
        case .advance:
            return Occurrence(
                index: index, postingDate: posting, dueDate: due, periodStart: due,
                periodEnd: following?.uncheckedDayBefore ?? .max)
        case .arrears:
            return Occurrence(
                index: index, postingDate: posting, dueDate: due, periodStart: previous ?? .min,
                periodEnd: due.uncheckedDayBefore)
        case .fiscal(let months):
            let firstMonth = Swift.max(due.monthIndex - months + 1, CalendarDate.monthIndexRange.lowerBound)
            return Occurrence(
                index: index, postingDate: posting, dueDate: due,
                periodStart: CalendarDate(monthIndex: firstMonth, clampedDay: 1), periodEnd: due)
        }
    }

    // MARK: - Arithmetic

    /// `a + k * b`, or `nil` on overflow.
    private static func affine(_ a: Int, _ k: Int, _ b: Int) -> Int? {
        let (product, o1) = k.multipliedReportingOverflow(by: b)
        let (sum, o2) = a.addingReportingOverflow(product)
        return o1 || o2 ? nil : sum
    }

    /// ⌈a / b⌉ for a ≥ 0, b > 0.
    private static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
}
