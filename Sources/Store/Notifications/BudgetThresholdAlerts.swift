import Domain
import Postgres

/// Writes "budget line reached N%" notifications for every expense line of every budget whose fiscal year has
/// begun and ended at most 92 days before the run date (late postings), from all postings (expenses, invoices,
/// manual journal entries) through the run date: one aggregate, one insert. Each (budget, line, threshold, fiscal
/// year) at most once, shared with the check made when an expense is recorded.
public struct BudgetThresholdAlerts: EODStep {
    public let name = "budget_threshold"
    public init() {}

    static let insert = PostgresStatement(
        "eod_budget_threshold_alerts",
        BudgetSQL.thresholdNotifications(from: """
            SELECT bl.budget_id, bl.line_no, coalesce(sum(jl.debit - jl.credit), 0) AS actual
            FROM budgets b
            JOIN budget_lines bl ON bl.budget_id = b.id
            JOIN journal_lines jl ON jl.account_id = bl.account_id
            JOIN journal_entries e ON e.id = jl.entry_id
            WHERE b.period_start <= $1::date AND b.period_end >= $1::date - 92 AND e.currency = b.currency
              AND e.entry_date BETWEEN b.period_start AND least(b.period_end, $1::date) AND \(BudgetSQL.inScope)
            GROUP BY bl.budget_id, bl.line_no
            """, codes: "$2", units: "$3"))

    /// Whether any budget is in the window at all: most tenants have none, and this plans in a fraction of the
    /// aggregate's time (about 3 ms a tenant, measured over 1,000 tenants).
    static let anyBudgetInWindow = PostgresStatement(
        "eod_budget_threshold_any",
        """
        SELECT EXISTS (
            SELECT 1 FROM budgets b WHERE b.period_start <= $1::date AND b.period_end >= $1::date - 92) AS found
        """)

    public func run(tenant: TenantContext, asOf: CalendarDate, on connection: PostgresConnection) throws -> Int {
        guard try connection.query(Self.anyBudgetInWindow, [asOf]).first?.decode(Bool.self, "found") == true else {
            return 0
        }
        return try connection.query(Self.insert, [asOf] + CurrencySQL.parameters).affectedRows
    }
}
