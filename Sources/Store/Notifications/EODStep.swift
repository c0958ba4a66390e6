import Domain
import Postgres

/// A set-based piece of EOD work that is not a recurring source, such as writing reminders. Runs in its own
/// tenant-bound transaction and returns the notifications it wrote.
public protocol EODStep: Sendable {
    var name: String { get }
    func run(tenant: TenantContext, asOf: CalendarDate, on connection: PostgresConnection) throws -> Int
}
