/// Budget against actual for one line and one span (a month, year-to-date, the year).
public struct BudgetVariance: Sendable, Hashable {
    public let kind: BudgetLineKind
    public let budget: ExactDecimal
    public let actual: ExactDecimal

    /// `actual − budget` (positive: more than planned).
    public var amount: ExactDecimal { (try? actual.subtracting(budget)) ?? .zero }

    /// ``amount`` as a percentage of the budget, two places; `nil` when the budget is zero.
    public var percent: ExactDecimal? { BudgetMath.percent(amount, of: budget) }

    /// `actual / budget × 100`, two places; `nil` when the budget is zero.
    public var utilisation: ExactDecimal? { BudgetMath.percent(actual, of: budget) }

    /// Favourable when income is at or above budget, or expense at or below it (a zero variance is favourable).
    public var isFavourable: Bool {
        switch kind {
        case .income: !amount.isNegative
        case .expense: !amount.isPositive
        }
    }
}

/// The year-end projection of a line by run rate: `actual YTD / elapsed months × 12`, where a month that has
/// begun counts as elapsed; before the year starts (no elapsed month) the projection is the actual itself.
public enum BudgetForecast {
    /// The projected year-end actual, rounded half-even to `minorUnits`.
    public static func runRate(actualToDate: ExactDecimal, elapsedMonths: Int, minorUnits: Int) -> ExactDecimal {
        guard elapsedMonths > 0 else { return actualToDate.rounded(toPlaces: minorUnits) }
        guard let yearly = try? actualToDate.multiplied(by: 12),
              let projected = BudgetMath.divide(yearly, by: ExactDecimal(min(elapsedMonths, 12)), places: minorUnits)
        else { return actualToDate.rounded(toPlaces: minorUnits) }
        return projected
    }
}
