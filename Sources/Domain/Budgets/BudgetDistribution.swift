/// Monthly distributions of a yearly budget amount.
public enum BudgetDistribution {
    /// `amount` split over twelve months at the currency's minor units: each month is `amount / 12` rounded
    /// half-even, and the remainder (a few minor units, either sign) goes one unit at a time to the first months,
    /// so the months sum exactly to `amount` (1000.00 → 4 × 83.34 + 8 × 83.33).
    /// `nil` when `amount` has more places than the currency allows or is out of range.
    public static func even(_ amount: ExactDecimal, minorUnits: Int) -> [ExactDecimal]? {
        guard amount.hasAtMost(places: minorUnits) else { return nil }
        let units = amount.rounded(toPlaces: minorUnits).significand
        let each = BudgetMath.roundedQuotient(units, 12)
        var remainder = units - each * 12
        var months = [Int128](repeating: each, count: 12)
        var index = 0
        while remainder != 0, index < 12 {
            let step: Int128 = remainder > 0 ? 1 : -1
            months[index] += step
            remainder -= step
            index += 1
        }
        let result = months.compactMap { ExactDecimal(significand: $0, scale: minorUnits) }
        return result.count == 12 ? result : nil
    }

    /// The sum of `months`, or `nil` on overflow.
    public static func total(_ months: [ExactDecimal]) -> ExactDecimal? {
        var sum = ExactDecimal.zero
        for month in months {
            guard let next = try? sum.adding(month) else { return nil }
            sum = next
        }
        return sum
    }

    /// The sum of months 1…`through` (clamped to 0…12).
    public static func accumulated(_ months: [ExactDecimal], through: Int) -> ExactDecimal {
        total(Array(months.prefix(max(0, min(through, months.count))))) ?? .zero
    }
}
