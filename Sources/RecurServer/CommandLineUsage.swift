import Foundation

/// recur-server takes no arguments: its settings come from the environment. `--help` prints them and exits 0;
/// anything else is a usage error (exit 64, EX_USAGE) — never a start.
enum CommandLineUsage {
    static let text = """
        USAGE: recur-server

        Runs the Recur HTTP API. Settings come from the environment:
          DATABASE_URL                 libpq conninfo or postgresql:// URI (required): the default cluster
          RECUR_CLUSTER_<NAME>_URL     another cluster of the tenant directory (recur-admin cluster add NAME)
          RECUR_CLUSTERS_FILE          a file of name=URL lines, one per other cluster
          HOST, PORT                   where to listen (default 127.0.0.1, 8080)
          RECUR_DB_POOL_SIZE           database connections (default 8)
          RECUR_WORKER_THREADS         handler threads (default: the pool size)
          RECUR_EVENT_LOOP_THREADS     socket event-loop threads (default min(2, cores))
          RECUR_DB_ACQUIRE_TIMEOUT_MS  wait for a free connection before answering 503 (default 5000)
          RECUR_STATEMENT_TIMEOUT_MS   longest statement of a request before it answers 503 (default 30000)
          RECUR_MAX_CONNECTIONS        open HTTP connections; past it, 503 (default 1024)
          RECUR_MAX_BODY_BYTES         request body limit, 413 past it (default 1048576)
          RECUR_MIGRATE                auto: apply pending migrations at start-up; check: refuse to start
          RECUR_DB_MAX_TENANTS_PER_CONNECTION  tenants after which a pooled connection is replaced (default 200)
          RECUR_DB_AFFINITY_WAIT_MS            wait for a tenant's own pooled connection, ms (default 2)
          RECUR_DB_MAX_BACKEND_MEMORY_MB       backend memory past which it is replaced, when readable (default 256)
          RECUR_KEY_CACHE_SECONDS      how long a verified API key is remembered (default 60)
          RECUR_AUTO_RECONCILE_LANES   connections auto-reconcile writes on at once; 1: one transaction (default 2)
          RECUR_SPARE_SCHEMAS          spare tenant schemas kept ready in the background (default 0)
          RECUR_LOG                    json: a line per request on stdout; off: none

        OPTIONS:
          -h, --help                   Show this help and exit.
        """

    /// Handles the process arguments: returns when the server should start, exits otherwise.
    static func handle(_ arguments: [String]) {
        guard let first = arguments.first else { return }
        if arguments.count == 1 && (first == "--help" || first == "-h") {
            print(text)
            exit(0)
        }
        FileHandle.standardError.write(
            Data("recur-server: error: unexpected argument '\(first)' (settings come from the environment)\n\n\(text)\n".utf8))
        exit(64)
    }
}
