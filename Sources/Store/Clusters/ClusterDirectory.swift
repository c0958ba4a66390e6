import Foundation
import Postgres

/// A cluster as the directory lists it.
public struct ClusterInfo: Sendable, Hashable {
    public let name: String
    /// When `recur-admin cluster drain` closed it to new tenants; `nil`: open.
    public let drainedAt: Date?
    public let createdAt: Date
    /// Its live (not deleted) tenants.
    public let tenants: Int

    init(row: PostgresRow) throws {
        name = try row.decode(String.self, "name")
        drainedAt = try row.decode(Date?.self, "drained_at")
        createdAt = try row.decode(Date.self, "created_at")
        tenants = try row.decode(Int.self, "tenants")
    }
}

/// The tenant directory's clusters (control table `clusters`, migration 0010): names only, their connection details
/// stay in each process's environment (``ClusterConnections``).
public struct ClusterDirectory: Sendable {
    public let pool: PostgresPool
    public let control: ControlSchema

    public init(pool: PostgresPool, control: ControlSchema = .standard) {
        self.pool = pool
        self.control = control
    }

    var statements: ClusterStatements { ClusterStatements(control: control) }

    /// Records a cluster (open to new tenants).
    public func add(_ name: String) throws -> ClusterInfo {
        guard ClusterName.isValid(name) else { throw ClusterError.invalidName(name) }
        return try control.mappingMissingSchema {
            try pool.withConnection { connection in
                guard let row = try connection.query(statements.insert, [name]).first else {
                    throw ClusterError.duplicate(name)
                }
                return try ClusterInfo(row: row)
            }
        }
    }

    /// Every cluster with its live tenants, by name.
    public func list() throws -> [ClusterInfo] {
        try control.mappingMissingSchema {
            try pool.withConnection { try $0.query(statements.list).map(ClusterInfo.init(row:)) }
        }
    }

    /// Closes `name` to new tenants (`open: true` opens it again); its tenants keep being served.
    public func drain(_ name: String, open: Bool = false) throws -> ClusterInfo {
        try control.mappingMissingSchema {
            try pool.withConnection { connection in
                guard let row = try connection.query(statements.setDrained, [name, !open]).first else {
                    throw ClusterError.notFound(name)
                }
                return try ClusterInfo(row: row)
            }
        }
    }

    /// The cluster a new tenant goes to, inside the creating transaction on `connection` (control schema):
    /// `requested` when given (it must exist and be open), else the placement policy — the open cluster with the
    /// fewest live tenants, the first by name on a tie. The chosen row is share-locked until the creation
    /// commits, so a concurrent drain waits for it.
    public func place(requested: String?, on connection: PostgresConnection) throws -> String {
        if let requested {
            guard let row = try connection.query(statements.lockOne, [requested]).first else {
                throw ClusterError.notFound(requested)
            }
            guard try row.decode(Date?.self, "drained_at") == nil else { throw ClusterError.drained(requested) }
            return requested
        }
        guard let name = try connection.query(statements.fewestTenants).first?.decode(String.self, "name") else {
            throw ClusterError.noClusterOpen
        }
        _ = try connection.query(statements.lockOne, [name])
        return name
    }
}

/// The SQL of ``ClusterDirectory``.
struct ClusterStatements {
    let control: ControlSchema

    /// The live tenants of cluster row `c` (the `tenants_cluster` partial index).
    private var liveTenants: String {
        "(SELECT count(*) FROM \(control.table("tenants")) t WHERE t.cluster = c.name AND t.status <> 'deleted')"
    }

    /// Inserts cluster `$1`; no row when it exists.
    var insert: PostgresStatement {
        control.statement(
            "recur_cluster_insert",
            """
            WITH added AS (
                INSERT INTO \(control.table("clusters")) (name) VALUES ($1) ON CONFLICT (name) DO NOTHING
                RETURNING name, drained_at, created_at)
            SELECT name, drained_at, created_at, 0 AS tenants FROM added
            """)
    }

    var list: PostgresStatement {
        control.statement(
            "recur_cluster_list",
            "SELECT c.name, c.drained_at, c.created_at, \(liveTenants)::int AS tenants FROM \(control.table("clusters")) c ORDER BY c.name")
    }

    /// Sets (`$2` true) or clears the drain mark of cluster `$1`; no row when there is no such cluster.
    var setDrained: PostgresStatement {
        control.statement(
            "recur_cluster_set_drained",
            """
            WITH changed AS (
                UPDATE \(control.table("clusters"))
                SET drained_at = CASE WHEN $2 THEN coalesce(drained_at, now()) END WHERE name = $1
                RETURNING name, drained_at, created_at)
            SELECT c.name, c.drained_at, c.created_at, \(liveTenants)::int AS tenants FROM changed c
            """)
    }

    /// Cluster `$1`, share-locked (a drain waits for the creation placing a tenant there).
    var lockOne: PostgresStatement {
        control.statement(
            "recur_cluster_lock_one",
            "SELECT name, drained_at FROM \(control.table("clusters")) WHERE name = $1 FOR SHARE")
    }

    /// The placement policy: the open cluster with the fewest live tenants (the `tenants_cluster` index), ties by name.
    var fewestTenants: PostgresStatement {
        control.statement(
            "recur_cluster_fewest_tenants",
            """
            SELECT c.name FROM \(control.table("clusters")) c
            WHERE c.drained_at IS NULL
            ORDER BY \(liveTenants), c.name
            LIMIT 1
            """)
    }
}
