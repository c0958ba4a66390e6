/// One budget line as submitted: yearly amount, optional months, optional allocations.
public struct BudgetLinePlan: Sendable, Hashable {
    /// The yearly amount, ≥ 0, at most the currency's minor units.
    public var amount: ExactDecimal
    /// Twelve monthly amounts in fiscal order, or `nil` for an even split.
    public var months: [ExactDecimal]?
    /// Sub-categories or cost centres (name, amount) summing to ``amount``; may be empty.
    public var allocations: [BudgetAllocation]

    public init(amount: ExactDecimal, months: [ExactDecimal]? = nil, allocations: [BudgetAllocation] = []) {
        self.amount = amount
        self.months = months
        self.allocations = allocations
    }
}

/// A named share of a budget line.
public struct BudgetAllocation: Sendable, Hashable {
    public var name: String
    public var amount: ExactDecimal

    public init(name: String, amount: ExactDecimal) {
        self.name = name
        self.amount = amount
    }
}

/// Checks budget lines: amounts, the twelve months summing to the year, allocations summing to the line.
public enum BudgetPlanValidation {
    /// The problems of line `index`, at `lines/<index>/amount`, `lines/<index>/months`,
    /// `lines/<index>/allocations` (and `…/allocations/<i>/name|amount`).
    public static func violations(_ line: BudgetLinePlan, index: Int, minorUnits: Int) -> [FieldViolation] {
        let base = "lines/\(index)"
        var errors = [FieldViolation]()
        if line.amount.isNegative || !line.amount.hasAtMost(places: minorUnits) || line.amount > maxAmount {
            errors.append(FieldViolation(
                path: base + "/amount", code: .invalidValue,
                message: "must be between 0 and \(maxAmount) with at most \(minorUnits) decimal places"))
            return errors
        }
        if let months = line.months {
            if months.count != 12 {
                errors.append(FieldViolation(path: base + "/months", code: .invalidValue, message: "must have 12 amounts"))
            } else if let bad = months.firstIndex(where: { $0.isNegative || !$0.hasAtMost(places: minorUnits) }) {
                errors.append(FieldViolation(
                    path: base + "/months/\(bad)", code: .invalidValue,
                    message: "must be at least 0 with at most \(minorUnits) decimal places"))
            } else if BudgetDistribution.total(months) != line.amount {
                let sum = BudgetDistribution.total(months)?.rounded(toPlaces: minorUnits).description ?? "?"
                errors.append(FieldViolation(
                    path: base + "/months", code: .conflict,
                    message: "the 12 months sum to \(sum), not to the line's amount \(line.amount.rounded(toPlaces: minorUnits))"))
            }
        }
        guard !line.allocations.isEmpty else { return errors }
        var itemErrors = false
        for (i, allocation) in line.allocations.enumerated() {
            if allocation.name.isEmpty || allocation.name.unicodeScalars.count > 200 {
                itemErrors = true
                errors.append(FieldViolation(path: base + "/allocations/\(i)/name", code: .invalidValue, message: "must be 1 to 200 characters"))
            }
            if allocation.amount.isNegative || !allocation.amount.hasAtMost(places: minorUnits) {
                itemErrors = true
                errors.append(FieldViolation(
                    path: base + "/allocations/\(i)/amount", code: .invalidValue,
                    message: "must be at least 0 with at most \(minorUnits) decimal places"))
            }
        }
        if Set(line.allocations.map(\.name)).count != line.allocations.count {
            errors.append(FieldViolation(path: base + "/allocations", code: .conflict, message: "names must be unique"))
        } else if !itemErrors, BudgetDistribution.total(line.allocations.map(\.amount)) != line.amount {
            let sum = BudgetDistribution.total(line.allocations.map(\.amount))?.rounded(toPlaces: minorUnits).description ?? "?"
            errors.append(FieldViolation(
                path: base + "/allocations", code: .conflict,
                message: "the allocations sum to \(sum), not to the line's amount \(line.amount.rounded(toPlaces: minorUnits))"))
        }
        return errors
    }

    /// The largest yearly amount of a line (numeric(18,4) with room for sums).
    public static let maxAmount = ExactDecimal(significand: 1_000_000_000_000, scale: 0) ?? .zero
}
