import ArgumentParser
import Postgres
import Store

/// `recur-admin cluster add|list|drain`: the tenant directory's clusters (docs/scaling.md).
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "The PostgreSQL clusters tenants live on: add, list, drain.",
        discussion: """
            The directory stores names only. Every process (recur-server, recur-worker, recur-admin) finds a \
            cluster's connection string in RECUR_CLUSTER_<NAME>_URL or in the file RECUR_CLUSTERS_FILE \
            (name=postgresql://… lines). The cluster "default" is DATABASE_URL's, which holds the control schema.
            """,
        subcommands: [ClusterAddCommand.self, ClusterListCommand.self, ClusterDrainCommand.self])
}

/// `recur-admin cluster add <name>`
struct ClusterAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a cluster, open to new tenants, after connecting to it once.",
        discussion: """
            Its connection string must be in this process's environment (RECUR_CLUSTER_<NAME>_URL or \
            RECUR_CLUSTERS_FILE): the command connects to it first and refuses (exit 4) when it cannot.
            """)

    @Argument(help: "The cluster's name: a lower-case letter, then lower-case letters, digits or '_' (40 at most).")
    var name: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        guard ClusterName.isValid(name) else { throw ClusterError.invalidName(name) }
        let environment = try AdminEnvironment.fromProcess()
        let pools = ClusterPools.shared(control: environment.pool)
        guard name == ClusterConnections.defaultName || pools.connections.url(for: name) != nil else {
            throw AdminError.usage(
                "no connection string for cluster \(name): set \(ClusterConnections.variable(for: name)) or list it in RECUR_CLUSTERS_FILE")
        }
        do {
            try pools.pool(for: name).withConnection { try $0.query(PostgresStatement("recur_cluster_ping", "SELECT 1 AS one")) }
        } catch PostgresError.connectionFailed(_, let reason) {
            throw PostgresError.connectionFailed(endpoint: "cluster \(name)", reason: reason)
        }
        let added = try ClusterDirectory(pool: environment.pool, control: environment.control).add(name)
        try output.print(ClusterJSON(cluster: added, configured: true), text: "cluster \(added.name) added")
    }
}

/// `recur-admin cluster list`
struct ClusterListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The clusters, their live tenants, whether drained and whether this process can reach them.")

    @OptionGroup var output: JSONFlag

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        let connections = ClusterPools.shared(control: environment.pool).connections
        let clusters = try ClusterDirectory(pool: environment.pool, control: environment.control).list()
        let configured = { (name: String) in name == ClusterConnections.defaultName || connections.url(for: name) != nil }
        if output.json {
            Output.out(try JSONOutput.render(clusters.map { ClusterJSON(cluster: $0, configured: configured($0.name)) }))
            return
        }
        for cluster in clusters {
            let state = cluster.drainedAt == nil ? "open" : "drained"
            let note = configured(cluster.name) ? "" : " (no connection string here: \(ClusterConnections.variable(for: cluster.name)))"
            Output.out("\(cluster.name)\t\(cluster.tenants) tenants\t\(state)\(note)")
        }
    }
}

/// `recur-admin cluster drain <name> [--undo]`
struct ClusterDrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Place no new tenant on a cluster (its tenants keep being served); --undo opens it again.")

    @Argument(help: "The cluster's name.")
    var name: String

    @Flag(name: .long, help: "Open the cluster to new tenants again.")
    var undo = false

    @OptionGroup var output: JSONFlag

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        let cluster = try ClusterDirectory(pool: environment.pool, control: environment.control).drain(name, open: undo)
        try output.print(
            ClusterJSON(cluster: cluster, configured: true),
            text: "cluster \(cluster.name) \(cluster.drainedAt == nil ? "open" : "drained") (\(cluster.tenants) tenants)")
    }
}
