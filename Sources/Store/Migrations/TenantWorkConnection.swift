import Postgres

/// The connection a migration run applies tenants' files on, apart from the one holding the migration lock, and
/// replaced by a new one after ``tenantsPerConnection`` tenants: a backend keeps a cached copy of the catalogue of
/// every schema it touched and never gives it back, so one connection across 6,755 tenants grew to 348 MB
/// (docs/benchmarks.md, "`bench/tenants` with every tenant real"). Without a connection string (a runner handed a
/// connection), the work goes on that connection, as before.
final class TenantWorkConnection {
    private let lockConnection: PostgresConnection
    private let connectionString: String?
    private let tenantsPerConnection: Int
    private var current: PostgresConnection?
    private var tenantsOnCurrent = 0
    /// Connections closed after ``tenantsPerConnection`` tenants.
    private(set) var retired = 0

    init(lockConnection: PostgresConnection, connectionString: String?, tenantsPerConnection: Int) {
        self.lockConnection = lockConnection
        self.connectionString = connectionString
        self.tenantsPerConnection = max(1, tenantsPerConnection)
    }

    /// The connection for the next tenant, a new one once the current one has served its share.
    func next() throws -> PostgresConnection {
        guard let connectionString else { return lockConnection }
        if let connection = current, tenantsOnCurrent < tenantsPerConnection, connection.looksAlive() {
            tenantsOnCurrent += 1
            return connection
        }
        if current != nil { retired += 1 }
        current = nil
        let connection = try PostgresConnection(connectionString, applicationName: "recur-admin migrate")
        current = connection
        tenantsOnCurrent = 1
        return connection
    }
}
