extension MonthDay {
    /// The day of the month (1…28–31) this selects in `month` of `year`; pure arithmetic, any year.
    func day(year: Int, month: Int) -> Int {
        let length = CalendarDate.daysInMonth(year: year, month: month)
        switch self {
        case .dayOfMonth(let d):
            return d > 0 ? Swift.min(d, length) : Swift.max(length + 1 + d, 1)
        case .weekday(let weekday, let ordinal):
            let target = weekday.isoNumber
            if ordinal > 0 {
                let first = Weekday.isoNumber(dayNumber: CalendarDate.dayNumber(year: year, month: month, day: 1))
                return 1 + (target - first + 7) % 7 + 7 * (ordinal - 1)
            }
            let last = Weekday.isoNumber(dayNumber: CalendarDate.dayNumber(year: year, month: month, day: length))
            return length - (last - target + 7) % 7 - 7 * (-ordinal - 1)
        case .businessDay(let ordinal):
            return MonthDay.businessDay(ordinal, year: year, month: month, length: length)
        }
    }

    /// The selected date in the month with this index (`year * 12 + month − 1`), which must be valid.
    func date(inMonthIndex index: Int) -> CalendarDate {
        let y = index / 12, m = index % 12 + 1
        return CalendarDate(unchecked: y, m, day(year: y, month: m))
    }

    /// The nth Monday–Friday of a month, counting from the end for negative n; |n| ≤ 20 always exists.
    private static func businessDay(_ n: Int, year: Int, month: Int, length: Int) -> Int {
        if n > 0 {
            let w1 = Weekday.isoNumber(dayNumber: CalendarDate.dayNumber(year: year, month: month, day: 1))
            // First business day and its weekday (1…5).
            let firstDay = w1 == 6 ? 3 : (w1 == 7 ? 2 : 1)
            let firstWeekday = w1 >= 6 ? 1 : w1
            let (weeks, rest) = (n - 1).quotientAndRemainder(dividingBy: 5)
            return firstDay + 7 * weeks + rest + (firstWeekday + rest > 5 ? 2 : 0)
        }
        let wl = Weekday.isoNumber(dayNumber: CalendarDate.dayNumber(year: year, month: month, day: length))
        // Last business day and its weekday (1…5).
        let lastDay = wl == 6 ? length - 1 : (wl == 7 ? length - 2 : length)
        let lastWeekday = wl >= 6 ? 5 : wl
        let (weeks, rest) = (-n - 1).quotientAndRemainder(dividingBy: 5)
        return lastDay - 7 * weeks - rest - (lastWeekday - rest < 1 ? 2 : 0)
    }
}
