import Domain
import Foundation
import Postgres

/// A budget against its actuals as of a date: per line, per month, year to date, for the year, and projected.
public struct BudgetMonitor: Sendable, Hashable {
    public let budget: Budget
    public let asOf: CalendarDate
    /// Months of the fiscal year begun on or before ``asOf``.
    public let elapsedMonths: Int
    /// One per budget line, in line order.
    public let lines: [Line]

    public struct Line: Sendable, Hashable {
        public let line: BudgetLine
        public let figures: BudgetLineFigures
    }
}

extension BudgetRepository {
    /// Budget `id` against the ledger through `asOf`: journal lines of each line's account, in the budget's scope,
    /// currency and fiscal period (through `asOf`), summed by one aggregate query. For an expense account actual =
    /// Σdebit − Σcredit, for income Σcredit − Σdebit.
    public func monitor(_ id: UUID, asOf: CalendarDate) throws -> BudgetMonitor {
        let budget = try get(id)
        var sums = [Int: [ExactDecimal]]()
        for row in try db.query(BudgetStatements.actuals, [id, asOf]) {
            let month = try row.decode(Int.self, "month")
            guard (1...12).contains(month) else { continue }
            let debit = try row.decode(ExactDecimal.self, "debit"), credit = try row.decode(ExactDecimal.self, "credit")
            sums[try row.decode(Int.self, "line_no"), default: Array(repeating: .zero, count: 12)][month - 1] =
                (try? debit.subtracting(credit)) ?? .zero
        }
        let elapsed = budget.fiscalYear.elapsedMonths(asOf: asOf)
        let minor = budget.currency.minorUnits
        let lines = budget.lines.map { line in
            let net = sums[line.lineNo] ?? Array(repeating: .zero, count: 12)
            let actual = net.map { (line.kind == .expense ? $0 : $0.negated).rounded(toPlaces: minor) }
            return BudgetMonitor.Line(
                line: line,
                figures: BudgetLineFigures(
                    kind: line.kind, annualBudget: line.amount, monthlyBudget: line.months, monthlyActual: actual,
                    elapsedMonths: elapsed, minorUnits: minor))
        }
        return BudgetMonitor(budget: budget, asOf: asOf, elapsedMonths: elapsed, lines: lines)
    }
}
