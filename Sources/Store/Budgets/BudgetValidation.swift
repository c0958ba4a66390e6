import Domain
import Foundation
import Postgres

extension BudgetRepository {
    /// The most lines and thresholds a budget may have.
    static let maxLines = 200
    static let maxThresholds = 10

    /// Checks `draft` (every problem at once, by field) and fills in its defaults.
    func validate(_ draft: BudgetDraft, tenant: TenantContext) throws -> Valid {
        var errors = [FieldViolation]()
        errors += TextField.violations(draft.name, at: "name", maxLength: 200)
        let year = FiscalYear(year: draft.fiscalYear, startMonth: tenant.fiscalYearStartMonth)
        if year == nil || draft.fiscalYear < 1900 {
            errors.append(FieldViolation(path: "fiscalYear", code: .outOfRange, message: "must be a year from 1900 to 9998"))
        }
        switch (draft.scope, draft.scopeValue) {
        case (.company, nil): break
        case (.company, _):
            errors.append(FieldViolation(path: "scopeValue", code: .conflict, message: "must be absent for a company budget"))
        case (_, nil):
            errors.append(FieldViolation(path: "scopeValue", code: .required, message: "names the \(draft.scope.wireValue)"))
        case (_, let value?):
            errors += TextField.violations(value, at: "scopeValue", maxLength: 100)
        }
        let currency = draft.currency ?? tenant.currency
        let thresholds = (draft.thresholds ?? BudgetDraft.defaultThresholds).map { $0.rounded(toPlaces: 2) }
        errors += thresholdViolations(draft.thresholds ?? [])
        if draft.lines.isEmpty || draft.lines.count > Self.maxLines {
            errors.append(FieldViolation(path: "lines", code: .invalidValue, message: "must have 1 to \(Self.maxLines) lines"))
        }
        errors += try accountViolations(draft.lines)
        var months = [[ExactDecimal]]()
        for (index, line) in draft.lines.enumerated() {
            errors += BudgetPlanValidation.violations(line.plan, index: index, minorUnits: currency.minorUnits)
            months.append(line.plan.months ?? BudgetDistribution.even(line.plan.amount, minorUnits: currency.minorUnits) ?? [])
        }
        try LedgerError.check(errors)
        guard let year else { throw LedgerError.invalid("fiscalYear", .outOfRange, "must be a year from 1900 to 9998") }
        return Valid(draft: draft, year: year, currency: currency, thresholds: Array(Set(thresholds)).sorted(), months: months)
    }

    private func thresholdViolations(_ thresholds: [ExactDecimal]) -> [FieldViolation] {
        var errors = [FieldViolation]()
        if thresholds.count > Self.maxThresholds {
            errors.append(FieldViolation(path: "thresholds", code: .invalidValue, message: "must have at most \(Self.maxThresholds) values"))
        }
        for (index, value) in thresholds.enumerated() where !value.isPositive || value > 1000 || !value.hasAtMost(places: 2) {
            errors.append(FieldViolation(
                path: "thresholds/\(index)", code: .outOfRange, message: "must be a percentage above 0 and at most 1000, 2 places"))
        }
        if Set(thresholds).count != thresholds.count {
            errors.append(FieldViolation(path: "thresholds", code: .conflict, message: "must not repeat a value"))
        }
        return errors
    }

    /// Each line's account must exist, be an income or expense account, not be archived, and appear once.
    private func accountViolations(_ lines: [BudgetLineDraft]) throws -> [FieldViolation] {
        let ids = lines.map { $0.accountID.uuidString.lowercased() }
        var accounts = [UUID: (type: String, archived: Bool)]()
        if !ids.isEmpty {
            for row in try db.query(BudgetStatements.accounts, [ids.joined(separator: ",")]) {
                accounts[try row.decode(UUID.self, "id")] = (try row.decode(String.self, "type"), try row.decode(Bool.self, "archived"))
            }
        }
        var errors = [FieldViolation]()
        var seen = Set<UUID>()
        for (index, line) in lines.enumerated() {
            let path = "lines/\(index)/accountId"
            guard let account = accounts[line.accountID] else {
                errors.append(FieldViolation(path: path, code: .invalidValue, message: "names no account"))
                continue
            }
            if BudgetLineKind(rawValue: account.type) == nil {
                errors.append(FieldViolation(path: path, code: .invalidValue, message: "must be an income or expense account"))
            } else if account.archived {
                errors.append(FieldViolation(path: path, code: .invalidValue, message: "is archived"))
            } else if !seen.insert(line.accountID).inserted {
                errors.append(FieldViolation(path: path, code: .conflict, message: "is already planned on another line"))
            }
        }
        return errors
    }
}
