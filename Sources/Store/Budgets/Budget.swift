import Domain
import Foundation

/// A budget: yearly plans per account for a fiscal year and a scope, with control actions and alert thresholds.
public struct Budget: Sendable, Hashable {
    public let id: UUID
    public let name: String
    public let fiscalYear: FiscalYear
    public let scope: BudgetScope
    /// The department, project or campaign; `nil` for the company.
    public let scopeValue: String?
    public let currency: Currency
    public let annualAction: BudgetControlAction
    public let monthlyAction: BudgetControlAction
    /// Utilisation percentages that notify once per line and fiscal year, ascending.
    public let thresholds: [ExactDecimal]
    /// In line order; empty in listings.
    public let lines: [BudgetLine]
    public let createdAt: Date
    public let updatedAt: Date
}

/// One account's plan in a budget.
public struct BudgetLine: Sendable, Hashable {
    /// 1-based position in the budget.
    public let lineNo: Int
    public let accountID: UUID
    public let accountCode: String
    public let accountName: String
    public let kind: BudgetLineKind
    public let amount: ExactDecimal
    /// Months 1…12 of the fiscal year.
    public let months: [ExactDecimal]
    public let allocations: [BudgetAllocation]
}

/// A new budget, or the full replacement of one (lines may be replaced at any time: actuals come from the ledger).
public struct BudgetDraft: Sendable, Hashable {
    public var name: String
    /// The calendar year the fiscal year starts in.
    public var fiscalYear: Int
    public var scope: BudgetScope
    public var scopeValue: String?
    /// Default: the tenant's currency.
    public var currency: Currency?
    public var annualAction: BudgetControlAction
    public var monthlyAction: BudgetControlAction
    /// Default: 80 and 100.
    public var thresholds: [ExactDecimal]?
    public var lines: [BudgetLineDraft]

    public init(
        name: String, fiscalYear: Int, scope: BudgetScope = .company, scopeValue: String? = nil, currency: Currency? = nil,
        annualAction: BudgetControlAction = .warn, monthlyAction: BudgetControlAction = .ignore,
        thresholds: [ExactDecimal]? = nil, lines: [BudgetLineDraft]
    ) {
        self.name = name
        self.fiscalYear = fiscalYear
        self.scope = scope
        self.scopeValue = scopeValue
        self.currency = currency
        self.annualAction = annualAction
        self.monthlyAction = monthlyAction
        self.thresholds = thresholds
        self.lines = lines
    }

    /// The default alert thresholds, in percent.
    public static let defaultThresholds: [ExactDecimal] = [80, 100]
}

/// A submitted line: an income or expense account and its plan.
public struct BudgetLineDraft: Sendable, Hashable {
    public var accountID: UUID
    public var plan: BudgetLinePlan

    public init(accountID: UUID, plan: BudgetLinePlan) {
        self.accountID = accountID
        self.plan = plan
    }
}
