import ArgumentParser
import DocumentArchive
import Domain
import EOD
import NotificationDelivery
import Foundation
import Postgres
import Store
import Synchronization
import Threading

@main
struct RecurWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recur-worker",
        abstract: "Posts what fell due (recurring invoices and other recurring sources) for every tenant.",
        discussion: """
            Any number of workers may run on any number of hosts: a per-tenant advisory lock, a unique \
            constraint per occurrence and one transaction per batch keep every posting single.

            Environment: DATABASE_URL (required), RECUR_EOD_BATCH_SIZE (postings per transaction, default 1000), \
            RECUR_CONTROL_SCHEMA (default recur_control; tests use their own), RECUR_CLUSTER_<NAME>_URL or \
            RECUR_CLUSTERS_FILE (the tenant directory's other clusters: every tenant is run on its own cluster).

            --concurrency N runs N tenants at once, each on its own connection (default: the number of CPU \
            cores): while one tenant's batch is in the database, the next one is being built.

            --database-slots N (or RECUR_EOD_DATABASE_SLOTS) caps the tenants posting at once over every worker \
            on the database, however many run (advisory-lock slots; a run waits for a free one). Default: no cap. \
            Set it to about the database server's cores when several workers run for availability.

            A tenant whose run fails because the database went away (a restart, a crash, a network cut) is run \
            again, with backoff, until --retry-for seconds after the pass began (default 300); its postings are \
            never doubled (the cursor and the unique occurrence keys see to that).

            `documents` renders and keeps the PDF (PDF/A-3, with factur-x.xml when the tenant sends e-invoices), \
            HTML and XML of issued invoices that have none (the EOD posts without rendering); `run` does it after \
            each pass for the tenants it ran.

            Exit codes of `eod`: 0 every tenant is posted up to its as-of date (without --wait-for-locked, a tenant \
            another worker was running counts as done by that worker); 1 some tenants failed (the output names \
            them and why; with --wait-for-locked, also a tenant still locked at the deadline); 2 invalid \
            environment (DATABASE_URL, RECUR_*); 3 unknown tenant; 4 database unreachable (no tenant could run \
            before the retry deadline); 64 an invalid option or argument (with the usage text).
            """,
        subcommands: [EOD.self, Run.self, Documents.self, Deliver.self])
}

/// Options and helpers both subcommands share.
struct WorkerEnvironment {
    let pool: PostgresPool
    var runner: EODRunner
    let tenants: TenantService
    /// Tenants run at once.
    let concurrency: Int

    /// Tenant runs after which a pooled connection is closed and a fresh one opened (a tenant skipped because
    /// another worker holds or has done it does not count: `PostgresConnection.borrowIsNotAUse()`).
    static let tenantsPerConnection = 16

    init(concurrency: Int, databaseSlots: Int?) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["DATABASE_URL"], !url.isEmpty else {
            throw WorkerFailure(message: "DATABASE_URL is not set", exitCode: 2)
        }
        self.concurrency = concurrency
        // One connection per tenant running, and one for the pass's own queries. Each tenant's run borrows its
        // connection once; a connection is retired after `tenantsPerConnection` runs so that no server process
        // accumulates the catalogs and plans of every tenant (docs/eod.md).
        pool = PostgresPool(
            .init(
                connectionString: url, maxConnections: concurrency + 1, applicationName: "recur-worker",
                maxUsesPerConnection: Self.tenantsPerConnection))
        // The tenant directory's other clusters (docs/scaling.md): a pool each, opened on first use.
        do {
            ClusterPools.register(ClusterPools(control: pool, connections: try ClusterConnections.fromEnvironment(environment)))
        } catch {
            throw WorkerFailure(message: "\(error)", exitCode: 2)
        }
        let batchSize = environment["RECUR_EOD_BATCH_SIZE"].flatMap(Int.init) ?? EODRunner.defaultBatchSize
        let control: ControlSchema
        do {
            control = try environment["RECUR_CONTROL_SCHEMA"].map { try ControlSchema($0) } ?? .standard
        } catch {
            throw WorkerFailure(message: "RECUR_CONTROL_SCHEMA: \(error)", exitCode: 2)
        }
        var runner = EODRunner.standard(pool: pool, control: control, batchSize: batchSize)
        if let slots = databaseSlots {
            runner.databaseSlots = slots
        } else if let text = environment["RECUR_EOD_DATABASE_SLOTS"], !text.isEmpty {
            guard let slots = Int(text), databaseSlotsRange.contains(slots) else {
                throw WorkerFailure(
                    message: "RECUR_EOD_DATABASE_SLOTS must be a whole number from \(databaseSlotsRange.lowerBound) to "
                        + "\(databaseSlotsRange.upperBound), not \(text)", exitCode: 2)
            }
            runner.databaseSlots = slots
        }
        do {
            runner.faultInjection = try FaultInjection.configured(in: environment)
        } catch {
            throw WorkerFailure(message: "\(error)", exitCode: 2)
        }
        self.runner = runner
        tenants = TenantService(pool: pool, migrations: try MigrationSet.locate(), control: control)
    }

    /// The tenants to run: one by slug, or every active one.
    func tenantList(slug: String?) throws -> [TenantContext] {
        if let slug {
            do {
                let tenant = try tenants.context(slug: slug)
                guard tenant.status == .active else {
                    throw WorkerFailure(message: "tenant \(slug) is \(tenant.status); its EOD does not run", exitCode: 1)
                }
                return [tenant]
            } catch let error as TenantError {
                throw WorkerFailure(message: "\(error)", exitCode: 3)
            }
        }
        return try tenants.list().map(\.context).filter { $0.status == .active }
    }

    /// ``tenantList(slug:)``, tried again with backoff while the database is unreachable, up to `duration`.
    func tenantListRetrying(slug: String?, for duration: Duration) throws -> [TenantContext] {
        let deadline = ContinuousClock.now + duration
        var attempt = 0
        while true {
            do {
                return try tenantList(slug: slug)
            } catch where EODRunner.isConnectionLoss(error) && ContinuousClock.now < deadline {
                attempt += 1
                Thread.sleep(forTimeInterval: EODRunner.backoffSeconds(attempt: attempt))
            }
        }
    }
}

struct WorkerFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32
    var description: String { message }
}

/// Prints the one-line error and exits with the code the discussion documents.
func exitWithError(_ error: Error) -> Never {
    let (message, code): (String, Int32) =
        switch error {
        case let failure as WorkerFailure: (failure.message, failure.exitCode)
        case let error as PostgresError:
            switch error {
            case .connectionFailed, .connectionLost, .invalidConnectionString, .poolTimeout: ("\(error)", 4)
            default: ("\(error)", 1)
            }
        default: ("\(error)", 1)
        }
    FileHandle.standardError.write(Data("recur-worker: error: \(message)\n".utf8))
    Foundation.exit(code)
}

func describe(_ outcome: EODRunner.Outcome) -> String {
    switch outcome {
    case .completed(let run):
        let counts = run.counts.keys.sorted().map { "\($0)=\(run.counts[$0] ?? 0)" }.joined(separator: " ")
        return "\(run.tenantSlug): as of \(run.asOf) succeeded (run \(run.id)) \(counts)"
    case .failed(let run):
        return "\(run.tenantSlug): as of \(run.asOf) FAILED (run \(run.id)): \(run.error ?? "unknown error")"
    case .skippedLocked(let slug):
        return "\(slug): skipped, another worker holds its EOD lock"
    case .skippedDone(let slug):
        return "\(slug): skipped, another worker has just run it"
    }
}

struct EOD: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs the EOD once for every active tenant (or one), then exits; the exit code tells success.")

    @Option(help: "The as-of date (YYYY-MM-DD): post every occurrence whose posting date is on or before it. Default: each tenant's yesterday in its own time zone.")
    var asOf: String?

    @Option(help: "Only this tenant (slug).")
    var tenant: String?

    @Option(help: "Tenants run at once, each on its own database connection (1...64). Default: the number of CPU cores.")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "At most this many tenants post at once over all workers on the database (1...1024). Default: RECUR_EOD_DATABASE_SLOTS, else no cap.")
    var databaseSlots: Int?

    @Option(help: "Seconds after the pass began during which a tenant whose run lost the database is tried again (0...86400).")
    var retryFor: Int = 300

    @Flag(help: "Wait for a tenant whose EOD another worker is running (until the --retry-for deadline) instead of skipping it, so that exit 0 means every tenant is posted.")
    var waitForLocked = false

    func validate() throws {
        try validateConcurrency(concurrency)
        try validateDatabaseSlots(databaseSlots)
        try validateRetryFor(retryFor)
        if let asOf {
            guard let date = CalendarDate(asOf) else {
                throw ValidationError("--as-of must be a calendar date YYYY-MM-DD, not \(asOf)")
            }
            // The latest "today" anywhere is UTC's plus one day (UTC+14); each tenant's own today is checked too.
            let latestToday = CalendarDate.today(in: TimeZone(identifier: "UTC") ?? .gmt).adding(days: 1)
            guard date <= latestToday else {
                throw ValidationError("--as-of must not be after today: the EOD posts what has fallen due, not \(asOf)")
            }
        }
    }

    func run() {
        do {
            var worker = try WorkerEnvironment(concurrency: concurrency, databaseSlots: databaseSlots)
            worker.runner.retryFor = .seconds(retryFor)
            if waitForLocked { worker.runner.lockWait = .seconds(retryFor) }
            let tenants = try worker.tenantListRetrying(slug: tenant, for: .seconds(retryFor))
            let report = worker.runner.runPass(
                tenants: tenants, asOf: asOf.flatMap(CalendarDate.init), requestedBy: .command,
                concurrency: worker.concurrency
            ) { print(describe($0)) }
            for (slug, error) in report.errors { print("\(slug): could not run: \(error)") }
            print("eod: \(report.completed) completed, \(report.failed) failed, \(report.skipped) skipped (locked or just done by another worker)")
            if !report.errors.isEmpty && report.connectionErrors == report.errors.count && report.outcomes.isEmpty {
                throw WorkerFailure(message: report.errors.first?.error ?? "no tenant ran", exitCode: 4)
            }
            let stillLocked = waitForLocked && report.outcomes.contains {
                if case .skippedLocked = $0 { true } else { false }
            }
            if !report.succeeded || stillLocked { Foundation.exit(1) }
        } catch {
            exitWithError(error)
        }
    }
}

/// One line on standard output, time-stamped (the daemon's log).
func log(_ message: String) {
    let time = Date().formatted(.iso8601)
    FileHandle.standardOutput.write(Data("\(time) recur-worker: \(message)\n".utf8))
}

/// What `--database-slots` and `RECUR_EOD_DATABASE_SLOTS` accept.
let databaseSlotsRange = 1...1024

func validateDatabaseSlots(_ slots: Int?) throws {
    if let slots, !databaseSlotsRange.contains(slots) {
        throw ValidationError(
            "--database-slots must be between \(databaseSlotsRange.lowerBound) and \(databaseSlotsRange.upperBound), not \(slots)")
    }
}

/// `--retry-for` is 0...86400 seconds.
func validateRetryFor(_ seconds: Int) throws {
    guard (0...86_400).contains(seconds) else {
        throw ValidationError("--retry-for must be between 0 and 86400 seconds, not \(seconds)")
    }
}

/// `--concurrency` is 1...64: each tenant running holds a database connection.
func validateConcurrency(_ concurrency: Int) throws {
    guard (1...64).contains(concurrency) else {
        throw ValidationError("--concurrency must be between 1 and 64, not \(concurrency)")
    }
}

/// SIGTERM/SIGINT set a flag that the daemon checks between tenants, so a run in progress finishes first.
final class StopSignal: Sendable {
    private let stopped = ConditionLock(false)
    /// The signal sources, kept alive for the life of the process; never touched after ``install()``.
    private struct Sources: @unchecked Sendable { var all: [any DispatchSourceSignal] = [] }
    private let sources = Mutex(Sources())

    static func install() -> StopSignal {
        let stop = StopSignal()
        var installed = Sources()
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.trigger() }
            source.resume()
            installed.all.append(source)
        }
        stop.sources.withLock { $0 = installed }
        return stop
    }

    var isSet: Bool { stopped.withLock { $0.state } }

    func trigger() {
        stopped.withLock { $0.state = true }
        stopped.broadcast()
    }

    /// Sleeps up to `seconds`, waking at once when stopped.
    func wait(seconds: Int) {
        let deadline = ContinuousClock.now + .seconds(seconds)
        stopped.withLock { locked in
            while !locked.state && locked.wait(until: deadline) {}
        }
    }
}
