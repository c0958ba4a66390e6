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
/// closing holds by construction and is tested without a database.
public enum RecurringMovement {
    /// One template's monthly amount from `effectiveOn` on (until its next change), or nothing (`amount` zero).
    public struct Change: Sendable, Hashable {
        public let templateID: String
        public let effectiveOn: CalendarDate
        /// Zero when it contributes nothing (paused, ended).
        public let amount: ExactDecimal
        /// The last day it contributes `amount` (its schedule's end), if bounded.
        public let endsOn: CalendarDate?

        public init(templateID: String, effectiveOn: CalendarDate, amount: ExactDecimal, endsOn: CalendarDate?) {
            self.templateID = templateID
            self.effectiveOn = effectiveOn
            self.amount = amount
            self.endsOn = endsOn
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
    }

    /// Each template's monthly amount at the end of `date`: its latest change on or before `date` (in the given
    /// order, later entries winning ties), zero past its `endsOn`.
    public static func amounts(at date: CalendarDate, _ changes: [Change]) -> [String: ExactDecimal] {
        var latest = [String: Change]()
        for change in changes where change.effectiveOn <= date { latest[change.templateID] = change }
        return amounts(at: date, latest: latest)
    }

    private static func amounts(at date: CalendarDate, latest: [String: Change]) -> [String: ExactDecimal] {
        var amounts = [String: ExactDecimal]()
        for (id, change) in latest {
            if let endsOn = change.endsOn, endsOn < date { continue }
            if change.amount.isPositive { amounts[id] = change.amount }
        }
        return amounts
    }

    /// The months ending on `monthEnds` (ascending), each opening at the previous date (`openingDate` for the
    /// first), from `changes` ordered by effective date (ties: later wins). One pass over the changes.
    public static func months(_ changes: [Change], openingDate: CalendarDate, monthEnds: [CalendarDate])
        throws(ExactDecimalError) -> [Month]
    {
        var latest = [String: Change]()
        var everPositive = Set<String>()
        var next = changes.startIndex
        func apply(through date: CalendarDate) {
            while next < changes.endIndex, changes[next].effectiveOn <= date {
                let change = changes[next]
                latest[change.templateID] = change
                if change.amount.isPositive { everPositive.insert(change.templateID) }
                next += 1
            }
        }
        apply(through: openingDate)
        var opening = amounts(at: openingDate, latest: latest)
        var months = [Month]()
        for monthEnd in monthEnds {
            let everBefore = everPositive
            apply(through: monthEnd)
            let closing = amounts(at: monthEnd, latest: latest)
            months.append(
                Month(
                    monthEnd: monthEnd, opening: try opening.values.sum(),
                    movement: try movement(from: opening, to: closing, everBefore: everBefore),
                    closing: try closing.values.sum(), contributors: closing.count))
            opening = closing
        }
        return months
    }

    /// The movement from `opening` to `closing` per kind, `everBefore` naming the templates that had an amount at
    /// some earlier month end (so that a return is a reactivation, not new). Sums: opening + Σ movements = closing.
    public static func movement(
        from opening: [String: ExactDecimal], to closing: [String: ExactDecimal], everBefore: Set<String>
    ) throws(ExactDecimalError) -> [RecurringMovementKind: ExactDecimal] {
        var totals = Dictionary(uniqueKeysWithValues: RecurringMovementKind.allCases.map { ($0, ExactDecimal.zero) })
        for id in Set(opening.keys).union(closing.keys) {
            let before = opening[id] ?? .zero, after = closing[id] ?? .zero
            guard before != after else { continue }
            let kind: RecurringMovementKind
            if before.isZero {
                kind = everBefore.contains(id) ? .reactivation : .new
            } else if after.isZero {
                kind = .churn
            } else {
                kind = after > before ? .expansion : .contraction
            }
            totals[kind] = try totals[kind, default: .zero].adding(try after.subtracting(before))
        }
        return totals
    }
}
