import HTTPServer

/// `recur-server`'s settings, all from the environment.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `DATABASE_URL` | (required) | libpq conninfo or `postgresql://` URI |
/// | `HOST`, `PORT` | `127.0.0.1`, `8080` | where to listen |
/// | `RECUR_DB_POOL_SIZE` | `8` | database connections |
/// | `RECUR_WORKER_THREADS` | pool size | handler threads (they block on the database) |
/// | `RECUR_EVENT_LOOP_THREADS` | min(2, cores) | socket event-loop threads |
/// | `RECUR_DB_ACQUIRE_TIMEOUT_MS` | `5000` | wait for a free connection before answering 503 |
/// | `RECUR_STATEMENT_TIMEOUT_MS` | `30000` | longest statement of a request (then 503, rolled back) |
/// | `RECUR_MAX_CONNECTIONS` | `1024` | open HTTP connections; past it, 503 + `Retry-After` |
/// | `RECUR_MAX_BODY_BYTES` | `1048576` | request body limit (413 past it) |
/// | `RECUR_MIGRATE` | `auto` | `auto`: apply pending migrations at start-up; `check`: refuse to start if any are pending |
/// | `RECUR_DB_MAX_TENANTS_PER_CONNECTION` | `200` | distinct tenants after which a pooled connection is closed (bounded backend catalogue cache) |
/// | `RECUR_DB_AFFINITY_WAIT_MS` | `2` | how long tenant work waits for its own pooled connection (warm catalogue) before taking another |
/// | `RECUR_DB_MAX_BACKEND_MEMORY_MB` | `256` | backend memory past which a pooled connection is closed (checked when readable) |
/// | `RECUR_KEY_CACHE_SECONDS` | `60` | how long an API key's verification is remembered (every tenant transaction checks the key again) |
/// | `RECUR_AUTO_RECONCILE_LANES` | `2` | connections a bank account's auto-reconcile writes on at once, each chunk committed by itself (at most half the pool less one); `1`: the whole run in the request's transaction |
/// | `RECUR_SPARE_SCHEMAS` | `0` | spare tenant schemas kept ready in the background, so that creating a tenant renames one |
/// | `RECUR_LOG` | `json` | `json`: one line per request on stdout; `off`: none |
struct ServerConfiguration {
    struct Invalid: Error, CustomStringConvertible {
        let variable: String
        let reason: String
        var description: String { "\(variable): \(reason)" }
    }

    enum MigrationMode: String { case auto, check }

    var databaseURL: String
    var http: HTTPServerConfiguration
    var poolSize: Int
    var acquireTimeoutMilliseconds: Int
    var statementTimeoutMilliseconds: Int
    var migrationMode: MigrationMode
    var logRequests: Bool
    var spareSchemas: Int
    var maxTenantsPerConnection: Int
    var maxBackendMemoryMegabytes: Int
    var affinityWaitMilliseconds: Int
    var keyCacheSeconds: Int
    var autoReconcileLanes: Int

    init(environment: [String: String]) throws {
        guard let url = environment["DATABASE_URL"], !url.isEmpty else {
            throw Invalid(variable: "DATABASE_URL", reason: "not set (a libpq conninfo string or postgresql:// URI)")
        }
        databaseURL = url
        http = HTTPServerConfiguration(
            host: environment["HOST"] ?? "127.0.0.1",
            port: try Self.integer(environment, "PORT", default: 8080, in: 0...65_535))
        poolSize = try Self.integer(environment, "RECUR_DB_POOL_SIZE", default: 8, in: 1...500)
        acquireTimeoutMilliseconds = try Self.integer(environment, "RECUR_DB_ACQUIRE_TIMEOUT_MS", default: 5_000, in: 1...600_000)
        statementTimeoutMilliseconds = try Self.integer(
            environment, "RECUR_STATEMENT_TIMEOUT_MS", default: 30_000, in: 100...3_600_000)
        http.workerThreads = try Self.integer(environment, "RECUR_WORKER_THREADS", default: poolSize, in: 1...1_000)
        http.eventLoopThreads = try Self.integer(
            environment, "RECUR_EVENT_LOOP_THREADS", default: http.eventLoopThreads, in: 1...64)
        http.maxConnections = try Self.integer(environment, "RECUR_MAX_CONNECTIONS", default: 1_024, in: 1...100_000)
        http.limits.maxBodyBytes = try Self.integer(
            environment, "RECUR_MAX_BODY_BYTES", default: http.limits.maxBodyBytes, in: 1...(64 << 20))
        let mode = environment["RECUR_MIGRATE"] ?? "auto"
        guard let migrationMode = MigrationMode(rawValue: mode) else {
            throw Invalid(variable: "RECUR_MIGRATE", reason: "must be auto or check, not \(mode)")
        }
        self.migrationMode = migrationMode
        let log = environment["RECUR_LOG"] ?? "json"
        guard log == "json" || log == "off" else { throw Invalid(variable: "RECUR_LOG", reason: "must be json or off") }
        logRequests = log == "json"
        spareSchemas = try Self.integer(environment, "RECUR_SPARE_SCHEMAS", default: 0, in: 0...1_000)
        maxTenantsPerConnection = try Self.integer(
            environment, "RECUR_DB_MAX_TENANTS_PER_CONNECTION", default: 200, in: 1...1_000_000)
        maxBackendMemoryMegabytes = try Self.integer(
            environment, "RECUR_DB_MAX_BACKEND_MEMORY_MB", default: 256, in: 16...1_000_000)
        keyCacheSeconds = try Self.integer(environment, "RECUR_KEY_CACHE_SECONDS", default: 60, in: 0...3_600)
        affinityWaitMilliseconds = try Self.integer(environment, "RECUR_DB_AFFINITY_WAIT_MS", default: 2, in: 0...1_000)
        autoReconcileLanes = try Self.integer(environment, "RECUR_AUTO_RECONCILE_LANES", default: 2, in: 1...8)
    }

    private static func integer(
        _ environment: [String: String], _ name: String, default value: Int, in range: ClosedRange<Int>
    ) throws -> Int {
        guard let text = environment[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Invalid(variable: name, reason: "must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }
}
