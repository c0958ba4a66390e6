import Postgres
import Synchronization

/// One connection pool per cluster, opened on first use: each tenant's work goes to its cluster's pool
/// (``TenantContext/cluster``). The default cluster's pool is the process's own (`DATABASE_URL`, which also holds
/// the control schema); the others copy its settings with their own connection string (``ClusterConnections``).
///
/// A cluster that is down fails only the work of its tenants: its pool's acquire answers
/// ``PostgresError/connectionFailed(endpoint:reason:)`` (a request: 503 with `Retry-After`), and the next
/// acquire after it returns connects again. A cluster this process has no connection details for fails the same
/// way, naming the variable to set.
public final class ClusterPools: Sendable {
    /// The default cluster's pool (the control schema's).
    public let control: PostgresPool
    public let connections: ClusterConnections
    private let opened = Mutex<[String: PostgresPool]>([:])

    public init(control: PostgresPool, connections: ClusterConnections = ClusterConnections()) {
        self.control = control
        self.connections = connections
    }

    /// The control pool with the connections of the environment (``ClusterConnections/fromEnvironment(_:)``);
    /// a connections file that cannot be read leaves only the default cluster reachable.
    public static func fromEnvironment(control: PostgresPool) -> ClusterPools {
        ClusterPools(control: control, connections: (try? ClusterConnections.fromEnvironment()) ?? ClusterConnections())
    }

    /// The pool of `cluster`.
    /// - Throws: ``PostgresError/connectionFailed(endpoint:reason:)`` when this process has no connection details
    ///   for it.
    public func pool(for cluster: String) throws(PostgresError) -> PostgresPool {
        if cluster == ClusterConnections.defaultName { return control }
        if let pool = opened.withLock({ $0[cluster] }) { return pool }
        guard let url = connections.url(for: cluster) else {
            throw .connectionFailed(
                endpoint: "cluster \(cluster)",
                reason: "no connection details for it in this process (\(ClusterConnections.variable(for: cluster)) or RECUR_CLUSTERS_FILE)")
        }
        var configuration = control.configuration
        configuration.connectionString = url
        configuration.applicationName = "\(control.configuration.applicationName)@\(cluster)"
        return opened.withLock { pools in
            if let pool = pools[cluster] { return pool }
            let pool = PostgresPool(configuration)
            pools[cluster] = pool
            return pool
        }
    }

    /// The pools opened so far besides the control pool, by cluster name (for `/metrics`).
    public var openedPools: [String: PostgresPool] { opened.withLock { $0 } }

    /// Closes the pools this object opened (not the control pool, which its owner closes).
    public func close() {
        for pool in opened.withLock({ $0.values }) { pool.close() }
    }
}

extension ClusterPools {
    private static let registry = Mutex<[ObjectIdentifier: ClusterPools]>([:])

    /// The one ``ClusterPools`` of `control` in this process, made from the environment the first time: every
    /// ``TenantDatabase`` and runner built on the same control pool shares the clusters' pools (never a pool per
    /// request).
    public static func shared(control: PostgresPool) -> ClusterPools {
        registry.withLock { registry in
            if let found = registry[ObjectIdentifier(control)] { return found }
            let made = ClusterPools.fromEnvironment(control: control)
            registry[ObjectIdentifier(control)] = made
            return made
        }
    }

    /// Makes `pools` the shared one of its control pool (a test giving explicit connections); returns it.
    @discardableResult
    public static func register(_ pools: ClusterPools) -> ClusterPools {
        registry.withLock { $0[ObjectIdentifier(pools.control)] = pools }
        return pools
    }
}
