/// A named SQL statement, prepared once per connection on first use. Keep these next to the repository that
/// runs them: `static let insertTenant = PostgresStatement("tenant_insert", "INSERT … VALUES ($1, $2)")`.
public struct PostgresStatement: Sendable, Hashable {
    /// When the server plans the statement.
    public enum Planning: Sendable, Hashable {
        /// Prepared once per connection under ``PostgresStatement/name``; after five runs PostgreSQL may keep a generic
        /// plan, made without the parameters' values. Right for the short statements of the request path.
        case prepared
        /// Planned on every run with its parameters' values (an unnamed statement, `PQexecParams`): for aggregates over
        /// large tables whose best plan depends on the values (a date range, an optional filter), where a generic plan
        /// can read every row (docs/reports.md, "Plans").
        case perExecution
    }

    public let name: String
    public let sql: String
    public let planning: Planning

    public init(_ name: String, _ sql: String, planning: Planning = .prepared) {
        self.name = name
        self.sql = sql
        self.planning = planning
    }
}
