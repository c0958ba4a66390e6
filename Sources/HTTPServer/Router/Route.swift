/// A synchronous request handler. It may block (e.g. on PostgreSQL) unless its route is `inline`.
public typealias Handler = @Sendable (Request) throws -> Response

/// A registered endpoint.
public struct Route: Sendable {
    public let method: HTTPMethod
    /// The pattern as registered, e.g. `/v1/invoices/:id`.
    public let pattern: String
    /// The metrics label, e.g. `GET /v1/invoices/:id`.
    public let name: String
    /// Run on the event-loop thread: only for cheap handlers that never block (health, metrics).
    public let inline: Bool
    public let handler: Handler
    /// Whether the pattern has `:name` segments.
    let hasParameters: Bool
}
