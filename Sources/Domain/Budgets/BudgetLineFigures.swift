/// A budget line's plan and actuals by fiscal month, with the figures the monitor and reports show.
public struct BudgetLineFigures: Sendable, Hashable {
    public let kind: BudgetLineKind
    /// The yearly amount.
    public let annualBudget: ExactDecimal
    /// Budget of months 1…12.
    public let monthlyBudget: [ExactDecimal]
    /// Actual of months 1…12 (zero after the as-of date).
    public let monthlyActual: [ExactDecimal]
    /// Months begun on or before the as-of date (0…12).
    public let elapsedMonths: Int
    public let minorUnits: Int

    public init(
        kind: BudgetLineKind, annualBudget: ExactDecimal, monthlyBudget: [ExactDecimal], monthlyActual: [ExactDecimal],
        elapsedMonths: Int, minorUnits: Int
    ) {
        self.kind = kind
        self.annualBudget = annualBudget
        self.monthlyBudget = monthlyBudget
        self.monthlyActual = monthlyActual
        self.elapsedMonths = max(0, min(elapsedMonths, 12))
        self.minorUnits = minorUnits
    }

    /// Month `index` (1…12): its budget and actual.
    public func month(_ index: Int) -> BudgetVariance {
        BudgetVariance(kind: kind, budget: value(monthlyBudget, index), actual: value(monthlyActual, index))
    }

    /// Year to date: the budget of the elapsed months against the actual to date.
    public var yearToDate: BudgetVariance {
        BudgetVariance(
            kind: kind, budget: BudgetDistribution.accumulated(monthlyBudget, through: elapsedMonths),
            actual: actualToDate)
    }

    /// The whole year's budget against the actual to date (``BudgetVariance/utilisation`` is the line's use).
    public var annual: BudgetVariance { BudgetVariance(kind: kind, budget: annualBudget, actual: actualToDate) }

    /// The actual of every month to date.
    public var actualToDate: ExactDecimal { BudgetDistribution.total(monthlyActual) ?? .zero }

    /// The run-rate projection of the year-end actual against the yearly budget.
    public var forecast: BudgetVariance {
        BudgetVariance(
            kind: kind, budget: annualBudget,
            actual: BudgetForecast.runRate(actualToDate: actualToDate, elapsedMonths: elapsedMonths, minorUnits: minorUnits))
    }

    private func value(_ values: [ExactDecimal], _ index: Int) -> ExactDecimal {
        values.indices.contains(index - 1) ? values[index - 1] : .zero
    }
}
