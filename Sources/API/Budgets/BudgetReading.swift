import Domain
import Foundation
import HTTPServer
import Store

/// Reading budget bodies and report queries, every problem at its JSON pointer.
enum BudgetReading {
    static func draft(_ request: Request) throws -> BudgetDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let name = r.string("name")
        let year = r.int("fiscal_year")
        let scope = r.optionalEnumValue("scope", BudgetScope.self) ?? .company
        let scopeValue = r.optionalString("scope_value")
        let currency = ExpenseReading.currency(r)
        let annual = r.optionalEnumValue("annual_action", BudgetControlAction.self) ?? .warn
        let monthly = r.optionalEnumValue("monthly_action", BudgetControlAction.self) ?? .ignore
        let thresholds = decimals(r, "thresholds")
        let lines = r.array("lines") { line in
            let account = line.uuid("account_id")
            let amount = line.exactDecimal("amount")
            let months = decimals(line, "months")
            let allocations = line.optionalArray("allocations") { allocation in
                BudgetAllocation(name: allocation.string("name"), amount: allocation.exactDecimal("amount"))
            } ?? []
            return BudgetLineDraft(accountID: account, plan: BudgetLinePlan(amount: amount, months: months, allocations: allocations))
        }
        try body.finish()
        return BudgetDraft(
            name: name, fiscalYear: year, scope: scope, scopeValue: scopeValue, currency: currency, annualAction: annual,
            monthlyAction: monthly, thresholds: thresholds, lines: lines)
    }

    /// An optional array of decimal strings (strings only, like every decimal of the API).
    static func decimals(_ r: JSONObjectReader, _ key: String) -> [ExactDecimal]? {
        guard let value = r.value(key), value != .null else { return nil }
        guard case .array(let elements) = value else {
            r.addError(key, "must be an array of decimal strings")
            return nil
        }
        var result = [ExactDecimal]()
        var valid = true
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element, let decimal = try? ExactDecimal(parsing: text) else {
                r.addError(key, "must be an array of decimal strings such as \"12.50\" (item \(index) is not)")
                valid = false
                break
            }
            result.append(decimal)
        }
        return valid ? result : nil
    }

    /// `?as_of=` (default: the tenant's today).
    static func asOf(_ r: TenantRequest) throws -> CalendarDate {
        try QueryParameters.date(r.request, "as_of") ?? r.tenant.today()
    }

    /// `?budget_id=` of the reports (required).
    static func budgetID(_ request: Request) throws -> UUID {
        guard let id = try QueryParameters.uuid(request, "budget_id") else {
            throw Problem.validation([FieldError(pointer: "/budget_id", detail: "is required")])
        }
        return id
    }
}
