/// What a budget covers: the whole company or one value of a posting dimension.
public enum BudgetScope: String, WireEnum, Sendable, Hashable {
    case company, department, project, campaign
}

/// What happens when a posting would take actual over budget (as in ERPNext): nothing, a warning, or refusal.
public enum BudgetControlAction: String, WireEnum, Sendable, Hashable {
    case ignore, warn, stop
}

/// The two account types a budget line may plan. More income is favourable; more expense is not.
public enum BudgetLineKind: String, WireEnum, Sendable, Hashable {
    case income, expense
}

/// Which limit a control compares against: the whole year, or the months accumulated through the posting's month.
public enum BudgetCheckPeriod: String, WireEnum, Sendable, Hashable {
    case annual, monthly
}
