/// How an amount posted once per occurrence of a schedule becomes an amount per month (MRR, monthly committed
/// spend): the rule's occurrences per year over 12, exactly, rounded half-even to the currency's places once.
///
/// | rule | per month |
/// |---|---|
/// | every N days (daily, MixERP duration) | × 365 / (12 N) |
/// | every N weeks on W weekdays | × 52 W / (12 N) |
/// | every N months (monthly, quarterly = 3, half-yearly = 6) | / N |
/// | every N years | / (12 N) |
/// | MixERP same calendar date | × 1 |
/// | fiscal month, quarter, half-year, year end | / 1, 3, 6, 12 |
///
/// A schedule's bounds (end, count, total duration) do not change the rate: they end it (``MonthlyAmount/endsOn``).
public enum MonthlyAmount {
    /// Occurrences per year of `rule`, as a fraction `numerator / denominator` (both > 0).
    public static func occurrencesPerYear(_ rule: ScheduleRule) -> (numerator: Int, denominator: Int) {
        switch rule {
        case .daily(let interval): (365, interval)
        case .mixerpDuration(let everyDays): (365, everyDays)
        case .weekly(let interval, let weekdays): (52 * max(Set(weekdays ?? []).count, 1), interval)
        case .monthly(let interval, _): (12, interval)
        case .yearly(let interval, _, _): (1, interval)
        case .mixerpSameCalendarDate: (12, 1)
        case .fiscalPeriodEnd(let period): (12, period.months)
        }
    }

    /// `perOccurrence` × occurrences per year / 12, rounded half-even to `places`; `nil` on overflow.
    public static func perMonth(_ perOccurrence: ExactDecimal, rule: ScheduleRule, places: Int) -> ExactDecimal? {
        let (numerator, denominator) = occurrencesPerYear(rule)
        guard let scaled = try? perOccurrence.multiplied(by: ExactDecimal(numerator)) else { return nil }
        return BudgetMath.divide(scaled, by: ExactDecimal(12 * denominator), places: places)
    }

    /// The last day a bounded schedule's occurrences cover (the last occurrence's period end, or its due date when
    /// the period is open-ended); `nil` for an unbounded schedule (it recurs until ended).
    public static func endsOn(_ schedule: Schedule, context: ScheduleContext) -> CalendarDate? {
        guard schedule.end != nil || schedule.count != nil || schedule.totalDurationDays != nil else { return nil }
        let occurrences = schedule.occurrences(context: context)
        guard let last = occurrences.last else { return schedule.start.checkedAdding(days: -1) ?? schedule.start }
        if last.periodEnd == .max { return last.dueDate }
        if let end = schedule.end, last.periodEnd > end { return max(end, last.dueDate) }
        return last.periodEnd
    }
}

/// Why a recurring template's monthly amount changed between two month ends (MRR movement).
public enum RecurringMovementKind: String, WireEnum, Sendable, Hashable, CaseIterable {
    /// From nothing to an amount, for the first time.
    case new
    /// A larger amount than before.
    case expansion
    /// A smaller amount, still above zero.
    case contraction
    /// From an amount to nothing: ended, paused, its schedule over.
    case churn
    /// From nothing to an amount again, after an amount before (resumed after a pause).
    case reactivation
}

/// Month-end snapshots of monthly amounts per template, and their movement: pure, so that opening + movements =
/// closing holds by construction and is tested without a database. Templates are numbered `0..<templateCount`
/// (dense indexes: arrays, not hashing, at 100k templates × 120 months).
public enum RecurringMovement {
    /// Template `template`'s monthly amount from `effectiveOn` on (until its next change), or nothing (`amount` zero).
    public struct Change: Sendable, Hashable {
        public let template: Int
        public let effectiveOn: CalendarDate
        /// Zero when it contributes nothing (paused, ended, another currency).
        public let amount: ExactDecimal
        /// The last day it contributes `amount` (its schedule's end), if bounded.
        public let endsOn: CalendarDate?

        public init(template: Int, effectiveOn: CalendarDate, amount: ExactDecimal, endsOn: CalendarDate?) {
            self.template = template
            self.effectiveOn = effectiveOn
            self.amount = amount
            self.endsOn = endsOn
        }

        /// What it contributes at the end of `date` (zero past `endsOn`).
        func amount(at date: CalendarDate) -> ExactDecimal {
            if let endsOn, endsOn < date { return .zero }
            return amount.isPositive ? amount : .zero
        }
    }

    /// One month of a report: the total at the previous month end (`opening`), at this one (`closing`), and
    /// the movement between them; `opening + Σ movement = closing` exactly.
    public struct Month: Sendable, Hashable {
        public let monthEnd: CalendarDate
        public let opening: ExactDecimal
        public let movement: [RecurringMovementKind: ExactDecimal]
        public let closing: ExactDecimal
        /// How many templates contribute to `closing`.
        public let contributors: Int

        public init(
            monthEnd: CalendarDate, opening: ExactDecimal, movement: [RecurringMovementKind: ExactDecimal],
            closing: ExactDecimal, contributors: Int
        ) {
            self.monthEnd = monthEnd
            self.opening = opening
            self.movement = movement
            self.closing = closing
            self.contributors = contributors
        }
    }

    /// Each template's monthly amount at the end of `date`: its latest change on or before `date` (later entries
    /// winning ties), zero past its `endsOn`.
    public static func amounts(at date: CalendarDate, _ changes: [Change], templateCount: Int) -> [ExactDecimal] {
        var latest = [Change?](repeating: nil, count: templateCount)
        for change in changes where change.effectiveOn <= date { latest[change.template] = change }
        return latest.map { $0?.amount(at: date) ?? .zero }
    }

    /// The months ending on `monthEnds` (ascending), each opening at the previous date (`openingDate` for the
    /// first), from `changes` ordered by effective date (ties: later wins), templates numbered `0..<templateCount`.
    /// One pass over the changes, O(templates) per month.
    ///
    /// Each template's move between two month ends is one kind: from zero to an amount **new** (the first time) or
    /// **reactivation** (it had an amount at an earlier change); larger **expansion**; smaller but positive
    /// **contraction**; to zero **churn**.
    public static func months(
        _ changes: [Change], templateCount: Int, openingDate: CalendarDate, monthEnds: [CalendarDate]
    ) throws(ExactDecimalError) -> [Month] {
        var latest = [Change?](repeating: nil, count: templateCount)
        var everPositive = [Bool](repeating: false, count: templateCount)
        var hadAmountBefore = everPositive
        var next = changes.startIndex
        func apply(through date: CalendarDate) {
            while next < changes.endIndex, changes[next].effectiveOn <= date {
                let change = changes[next]
                latest[change.template] = change
                if change.amount.isPositive { everPositive[change.template] = true }
                next += 1
            }
        }
        apply(through: openingDate)
        var opening = latest.map { $0?.amount(at: openingDate) ?? .zero }
        var openingTotal = try opening.sum()
        var months = [Month]()
        months.reserveCapacity(monthEnds.count)
        for monthEnd in monthEnds {
            hadAmountBefore = everPositive
            apply(through: monthEnd)
            var movement = Dictionary(uniqueKeysWithValues: RecurringMovementKind.allCases.map { ($0, ExactDecimal.zero) })
            var closingTotal = ExactDecimal.zero
            var contributors = 0
            for template in 0..<templateCount {
                let before = opening[template]
                let after = latest[template]?.amount(at: monthEnd) ?? .zero
                if after.isPositive {
                    closingTotal = try closingTotal.adding(after)
                    contributors += 1
                }
                guard before != after else { continue }
                let kind = classify(before: before, after: after, hadAmountBefore: hadAmountBefore[template])
                movement[kind] = try movement[kind, default: .zero].adding(try after.subtracting(before))
                opening[template] = after
            }
            months.append(
                Month(
                    monthEnd: monthEnd, opening: openingTotal, movement: movement, closing: closingTotal,
                    contributors: contributors))
            openingTotal = closingTotal
        }
        return months
    }

    /// The kind of one template's move from `before` to `after` (different amounts).
    public static func classify(before: ExactDecimal, after: ExactDecimal, hadAmountBefore: Bool) -> RecurringMovementKind {
        if before.isZero { return hadAmountBefore ? .reactivation : .new }
        if after.isZero { return .churn }
        return after > before ? .expansion : .contraction
    }
}
