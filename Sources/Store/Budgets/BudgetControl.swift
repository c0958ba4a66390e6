import Domain
import Foundation
import Postgres

/// A posting about to be recorded against an expense account, as a budget sees it.
public struct BudgetCharge: Sendable, Hashable {
    public var accountID: UUID
    public var date: CalendarDate
    public var amount: Money
    public var department: String?
    public var project: String?
    public var campaign: String?
}

/// A budget the charge takes over its limit, under a `warn` control (or `stop`, in the refusal).
public struct BudgetWarning: Sendable, Hashable, CustomStringConvertible {
    public let budgetID: UUID
    public let budgetName: String
    public let lineNo: Int
    public let accountID: UUID
    public let period: BudgetCheckPeriod
    /// The limit: the yearly amount, or the months accumulated through the charge's month.
    public let budget: Money
    /// The actual with the charge.
    public let actual: Money
    /// `actual − budget` (> 0).
    public let overrun: Money

    public var description: String {
        let minor = budget.currency.minorUnits
        return "budget \"\(budgetName)\" (\(budgetID.uuidString.lowercased())) line \(lineNo), \(period.wireValue): actual "
            + "\(actual.amount.rounded(toPlaces: minor)) exceeds the budget \(budget.amount.rounded(toPlaces: minor)) by "
            + "\(overrun.amount.rounded(toPlaces: minor)) \(budget.currency.code)"
    }
}

/// The budget control of expenses, run inside the recording transaction before the expense posts: locks the
/// matching budget lines (`FOR UPDATE`, in a fixed order) so concurrent charges serialise, reads actuals in a fresh
/// statement, applies each budget's annual and accumulated-monthly action, and writes threshold notifications.
public struct BudgetControl {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Checks `charge` against every budget whose line plans its (expense) account, in scope and period.
    /// - Parameter enforceStop: `false` for postings no one can answer (the EOD's recurring expenses): a `stop`
    ///   control then only warns, so that one budget cannot wedge a tenant's EOD run.
    /// - Returns: the warnings of `warn` controls (and of `stop` ones when not enforced).
    /// - Throws: ``LedgerError/validation(_:)`` at `amount` naming the budget and the overrun when a `stop`
    ///   control would be exceeded.
    public func check(_ charge: BudgetCharge, enforceStop: Bool = true) throws -> [BudgetWarning] {
        let parameters: [any PostgresEncodable] = [
            charge.accountID, charge.date, charge.amount.currency.code, charge.department, charge.project, charge.campaign,
        ]
        let locked = try db.query(BudgetControlStatements.lockLines, parameters)
        guard !locked.isEmpty else { return [] }
        var keys = Set<String>()
        for row in locked { keys.insert(try Self.key(row)) }
        var warnings = [BudgetWarning](), stops = [BudgetWarning]()
        for row in try db.query(BudgetControlStatements.actuals, parameters) where keys.contains(try Self.key(row)) {
            let outcome = try evaluate(row, charge)
            warnings += outcome.warnings
            stops += outcome.stops
            try db.query(BudgetControlStatements.notify, [
                try row.decode(UUID.self, "budget_id"), try row.decode(Int.self, "line_no"), outcome.annualActual,
            ] + CurrencySQL.parameters)
        }
        if !enforceStop { return warnings + stops }
        if !stops.isEmpty {
            throw LedgerError.validation(FieldViolations(stops.map {
                FieldViolation(path: "amount", code: .outOfRange, message: "is refused: \($0)")
            }))
        }
        return warnings
    }

    private static func key(_ row: PostgresRow) throws -> String {
        "\(try row.decode(UUID.self, "budget_id")):\(try row.decode(Int.self, "line_no"))"
    }

    private struct Outcome {
        var warnings: [BudgetWarning] = []
        var stops: [BudgetWarning] = []
        var annualActual: ExactDecimal = .zero
    }

    private func evaluate(_ row: PostgresRow, _ charge: BudgetCharge) throws -> Outcome {
        let currency = charge.amount.currency
        let annualActual = try row.decode(ExactDecimal.self, "annual_actual").adding(charge.amount.amount)
        var outcome = Outcome(annualActual: annualActual)
        let checks: [(BudgetCheckPeriod, String, ExactDecimal, ExactDecimal)] = [
            (.annual, "annual_action", try row.decode(ExactDecimal.self, "amount"), annualActual),
            (.monthly, "monthly_action", try row.decode(ExactDecimal.self, "budget_to_month"),
             try row.decode(ExactDecimal.self, "actual_to_month").adding(charge.amount.amount)),
        ]
        for (period, column, limit, actual) in checks {
            let action = try LedgerSQL.value(BudgetControlAction.self, row, column)
            guard action != .ignore, actual > limit else { continue }
            let warning = BudgetWarning(
                budgetID: try row.decode(UUID.self, "budget_id"), budgetName: try row.decode(String.self, "name"),
                lineNo: try row.decode(Int.self, "line_no"), accountID: charge.accountID, period: period,
                budget: Money(limit, currency), actual: Money(actual, currency),
                overrun: Money(try actual.subtracting(limit), currency))
            if action == .stop { outcome.stops.append(warning) } else { outcome.warnings.append(warning) }
        }
        return outcome
    }
}
