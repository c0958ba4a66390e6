/// Tenant facts a schedule needs at evaluation time, not stored in the rule.
public struct ScheduleContext: Hashable, Sendable {
    /// The month (1…12) the tenant's fiscal year starts in; fiscal periods are counted from it.
    public let fiscalYearStartMonth: Int

    /// A context for a tenant whose fiscal year starts in `fiscalYearStartMonth` (1…12), else `nil`.
    public init?(fiscalYearStartMonth: Int) {
        guard (1...12).contains(fiscalYearStartMonth) else { return nil }
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }

    /// Fiscal year = calendar year (starts in January).
    public static let calendarYear = ScheduleContext(validMonth: 1)

    private init(validMonth: Int) { fiscalYearStartMonth = validMonth }
}
