import API
import Foundation
import HTTPServer
import Postgres
import Store

/// recur-server: configuration from the environment (see `ServerConfiguration`), pending migrations applied at
/// start-up (or a refusal to start with `RECUR_MIGRATE=check`), graceful shutdown on SIGTERM/SIGINT, exit 0.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("recur-server: error: \(message)\n".utf8))
    exit(1)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("recur-server: \(message)\n".utf8))
}

CommandLineUsage.handle(Array(CommandLine.arguments.dropFirst()))

let configuration: ServerConfiguration
do {
    configuration = try ServerConfiguration(environment: ProcessInfo.processInfo.environment)
} catch {
    fail("\(error)")
}

var poolConfiguration = PostgresPool.Configuration(
    connectionString: configuration.databaseURL, maxConnections: configuration.poolSize,
    acquireTimeout: .milliseconds(configuration.acquireTimeoutMilliseconds), applicationName: "recur-server",
    maxSchemasPerConnection: configuration.maxTenantsPerConnection,
    maxBackendMemoryBytes: configuration.maxBackendMemoryMegabytes << 20)
poolConfiguration.affinityWait = .milliseconds(configuration.affinityWaitMilliseconds)
let pool = PostgresPool(poolConfiguration)

// The tenant directory's other clusters (docs/scaling.md): a pool each, opened on first use, like this one.
let clusters: ClusterPools
do {
    clusters = ClusterPools.register(ClusterPools(control: pool, connections: try ClusterConnections.fromEnvironment()))
} catch {
    fail("\(error)")
}

let runner: MigrationRunner
do {
    runner = MigrationRunner(migrations: try MigrationSet.locate())
    let plan = try pool.withConnection { try runner.plan(on: $0) }
    if !plan.isUpToDate {
        switch configuration.migrationMode {
        case .check:
            fail(
                "\(plan.control.count) control and \(plan.tenants.count) tenant schemas have pending migrations; run `recur-admin migrate` or start with RECUR_MIGRATE=auto")
        case .auto:
            let report = try runner.run(pool: pool)
            note("migrations: \(report.controlApplied.count) control, \(report.tenantMigrationsApplied) tenant files over \(report.tenantsMigrated) tenants")
            if !report.failures.isEmpty {
                fail("migrations failed for \(report.failures.count) tenant(s); see `recur-admin migrate --dry-run`")
            }
        }
    }
} catch {
    fail("\(error)")
}

let metrics = MetricsRegistry()
let secrets: SecretBox?
do {
    secrets = try SecretBox.fromEnvironment()
} catch {
    fail("\(error)")
}
let environment = APIEnvironment(
    pool: pool, migrations: runner, metrics: metrics, keyCacheTTL: .seconds(configuration.keyCacheSeconds),
    statementTimeout: .milliseconds(configuration.statementTimeoutMilliseconds), secrets: secrets,
    autoReconcileLanes: configuration.autoReconcileLanes)
let logger: any RequestLogger = configuration.logRequests ? StdoutRequestLogger() : NullRequestLogger()
let server = HTTPServer(
    configuration: configuration.http, router: RecurAPI.makeServerRouter(environment), metrics: metrics, logger: logger)
do {
    try server.start()
} catch {
    fail("cannot listen on \(configuration.http.host):\(configuration.http.port): \(error)")
}
let signals = ShutdownSignals.install(for: server)
// Spare tenant schemas built in the background on a connection of their own (docs/tenancy.md, "Spare schemas").
let sparePool = PostgresPool(
    .init(
        connectionString: configuration.databaseURL, maxConnections: 1, applicationName: "recur-spares",
        maxSchemasPerConnection: configuration.maxTenantsPerConnection))
let spareKeeper = SpareSchemaKeeper(
    spares: SpareSchemas(pool: sparePool, migrations: runner.migrations, control: runner.control),
    target: configuration.spareSchemas, log: { note($0) })
spareKeeper.start()
note("listening on http://\(configuration.http.host):\(server.port) (pool \(configuration.poolSize))")
server.waitUntilStopped()
spareKeeper.stop()
clusters.close()
pool.close()
note("stopped")
exit(0)
