import Domain
import Foundation
import Postgres
import Store

#if canImport(Glibc)
import Glibc
#endif

/// Posts everything that fell due, tenant by tenant, exactly once, with any number of workers on any number of
/// hosts and no coordinator.
///
/// Three independent guards keep each occurrence single:
/// 1. a per-tenant **session advisory lock**, taken with try semantics and checked: a worker that does not get
///    it skips the tenant (another worker is on it) and goes on with the next;
/// 2. each kind's **unique constraint** on (source, occurrence date), the last line of defence;
/// 3. the posting and the cursor move in **one transaction**.
///
/// Work is committed in batches of ``batchSize`` postings: a crash loses at most the open batch, which the
/// next run redoes from the cursor. A worker that dies releases its lock with its connection. A test's
/// ``faultInjection`` strikes once a batch is written, before that batch commits.
public struct EODRunner: Sendable {
    /// Advisory-lock class for "EOD of tenant N".
    static let lockClass: Int32 = 0x454F_4400
    /// Advisory-lock class for "EOD slot N" (``databaseSlots``).
    static let slotClass: Int32 = 0x454F_4453

    /// The lock of slot `index`; the control schema's name is mixed in so that test control schemas sharing a
    /// database do not share slots.
    static func slotKey(_ index: Int, control: ControlSchema) -> AdvisoryLockKey {
        AdvisoryLockKey(classID: slotClass, objectID: Int32(bitPattern: control.nameHash &+ UInt32(truncatingIfNeeded: index)))
    }

    public let pool: PostgresPool
    public let control: ControlSchema
    public let sources: [any RecurringSourceKind]
    public let steps: [any EODStep]
    /// Postings per transaction unless configured (`RECUR_EOD_BATCH_SIZE`).
    public static let defaultBatchSize = 1000
    /// The largest batch: a batch's ids come from one ``TimeOrderedUUIDs`` generator (2^26 ids), and a bigger
    /// transaction only holds its locks longer.
    public static let maxBatchSize = 100_000
    /// Postings per transaction.
    public var batchSize: Int
    /// `host:pid`, recorded with each run.
    public var workerName: String
    /// A fault to suffer on purpose, for the crash tests only (`RECUR_FAULT_INJECTION`, read by `recur-worker`);
    /// `nil`, as in production, runs no test hook at all.
    public var faultInjection: FaultInjection?
    /// At most this many tenants post at once over **every** worker on this database, however many workers run
    /// and however many tenants each runs at once; `nil`: no such cap. A tenant's run first takes one of these
    /// slots (session advisory locks, like the tenant's own), waiting in the lock manager's queue while all are
    /// held, so workers added for availability do not also multiply the load on the database.
    public var databaseSlots: Int?
    /// At most this many occurrences of one source are posted in one run (ten years of a daily schedule); the
    /// rest wait for the next run, which its cursor starts from. Bounds the work one schedule can cause.
    public var maxOccurrencesPerSourcePerRun = 3_660
    /// How long after a pass began a tenant whose run failed on a lost or refused database connection (a restart,
    /// a crash, a network cut) is tried again, with backoff (0.5 s doubling to 15 s, jittered). `.zero`: never.
    public var retryFor: Duration = .seconds(300)
    /// With a value, a tenant whose lock another worker holds is waited for (up to this long) instead of skipped,
    /// so that a finished pass means every tenant is posted up to its as-of date (`--wait-for-locked`).
    public var lockWait: Duration?
    /// Each cluster's pool: a tenant's EOD (its lock, its slot, its postings) runs on its cluster's, the run log on
    /// `pool` (the control schema's); default: the process's shared pools of `pool`.
    public var clusters: ClusterPools

    public init(
        pool: PostgresPool, control: ControlSchema = .standard, sources: [any RecurringSourceKind],
        steps: [any EODStep] = [], batchSize: Int = EODRunner.defaultBatchSize
    ) {
        self.pool = pool
        self.control = control
        self.sources = sources
        self.steps = steps
        self.batchSize = min(max(1, batchSize), Self.maxBatchSize)
        clusters = ClusterPools.shared(control: pool)
        workerName = "\(ProcessInfo.processInfo.hostName):\(getpid())"
    }

    /// A runner over every kind of recurring source and every step Store has (``EODSources``), in their order.
    public static func standard(
        pool: PostgresPool, control: ControlSchema = .standard, batchSize: Int = EODRunner.defaultBatchSize
    ) -> EODRunner {
        EODRunner(
            pool: pool, control: control, sources: EODSources.standard, steps: EODSources.standardSteps,
            batchSize: batchSize)
    }

    var log: EODRunLog { EODRunLog(control: control) }

    /// What happened to one tenant.
    public enum Outcome: Sendable {
        case completed(EODRun)
        case failed(EODRun)
        /// Another worker holds the tenant's EOD lock.
        case skippedLocked(slug: String)
        /// Another worker of the same pass already ran the tenant for this date.
        case skippedDone(slug: String)
    }

    /// Runs one tenant's EOD for `asOf`. Throws only when the run could not even be recorded (database down);
    /// a failure inside the run is recorded in the run log and returned as ``Outcome/failed(_:)``.
    /// - Parameter doneSince: when set, a tenant whose run for `asOf` succeeded after this instant (another worker
    ///   of the same pass got there first) is skipped rather than run again to find nothing due.
    /// - Parameter started: called with the run as recorded (status `running`) once the tenant's lock is held and
    ///   before anything is posted; `POST /v1/eod-runs` answers with it while the run goes on.
    public func run(
        tenant: TenantContext, asOf: CalendarDate, requestedBy: EODRun.RequestedBy, doneSince: Date? = nil,
        lockWait: Duration? = nil, started: (@Sendable (EODRun) -> Void)? = nil
    ) throws -> Outcome {
        let today = tenant.today()
        guard asOf <= today else { throw EODError.asOfAfterToday(asOf: asOf, today: today, slug: tenant.slug) }
        let key = AdvisoryLockKey(classID: Self.lockClass, objectID: Int32(truncatingIfNeeded: tenant.id))
        let tenantPool = try clusters.pool(for: tenant.cluster)
        return try tenantPool.withConnection { connection in
            // The run log is in the control schema: on this connection when the tenant shares its cluster, else
            // one short borrow of the control pool per statement.
            let controlPool = pool
            let logged = { (statement: PostgresStatement, parameters: [any PostgresEncodable]) throws -> PostgresRows in
                if tenantPool === controlPool { return try connection.query(statement, parameters) }
                return try controlPool.withConnection { try $0.query(statement, parameters) }
            }
            // A skip touches only the control schema: it does not wear the connection out (see
            // `tenantsPerConnection` in RecurWorker), else workers sharing tenants would retire four times as many.
            var locked = try connection.tryAdvisoryLock(key)
            if !locked, let lockWait, lockWait > .zero {
                // `--wait-for-locked`: wait for the other worker's run to end, then see what is left.
                locked = try connection.advisoryLock(key, timeoutMilliseconds: max(1, Int(lockWait / .milliseconds(1))))
            }
            guard locked else {
                connection.borrowIsNotAUse()
                return .skippedLocked(slug: tenant.slug)
            }
            defer { _ = try? connection.unlockAdvisory(key) }
            if let doneSince,
                try logged(log.succeededSince, [tenant.id, asOf, doneSince]).first?.decode(Bool.self, "done") == true
            {
                connection.borrowIsNotAUse()
                return .skippedDone(slug: tenant.slug)
            }
            let slot = try takeSlot(on: connection)
            defer { if let slot { _ = try? connection.unlockAdvisory(slot) } }
            _ = try logged(log.abandonInterrupted, [tenant.id])
            guard let startedRow = try logged(log.start, [tenant.id, asOf, requestedBy.rawValue, workerName]).first
            else { throw PostgresError.invalidUsage("run log insert returned no row") }
            let run = try EODRun(row: startedRow)
            started?(run)
            var counts: [String: Int] = [:]
            do {
                for kind in sources {
                    let result = try post(kind, tenant: tenant, asOf: asOf, on: connection)
                    counts[kind.name, default: 0] += result.postings
                    counts["notifications", default: 0] += result.notifications
                    if result.deferredSources > 0 { counts["deferred_sources", default: 0] += result.deferredSources }
                    // Only when some were: a run with none shows no key, as `deferred_sources`.
                    if result.redated > 0 { counts["redated_invoices", default: 0] += result.redated }
                }
                for step in steps {
                    let written = try tenant.transaction(on: connection) { try step.run(tenant: tenant, asOf: asOf, on: $0) }
                    counts["notifications", default: 0] += written
                }
            } catch where Self.isConnectionLoss(error) {
                // Nothing can be recorded on a lost connection: the run row stays `running` until the next attempt
                // marks it interrupted, and the pass tries the tenant again (`retryFor`).
                throw error
            } catch {
                // The description of our errors names kinds, SQLSTATEs and constraints, never values.
                let finished = try finish(run.id, .failed, counts, error: String("\(error)".prefix(2000)), logged: logged)
                return .failed(finished)
            }
            return .completed(try finish(run.id, .succeeded, counts, error: nil, logged: logged))
        }
    }

    /// Takes a free slot of ``databaseSlots`` (trying each, from a random one), or waits for one; `nil` without a cap.
    private func takeSlot(on connection: PostgresConnection) throws -> AdvisoryLockKey? {
        guard let slots = databaseSlots.map({ max(1, $0) }) else { return nil }
        let first = Int.random(in: 0..<slots)
        for offset in 0..<slots {
            let key = Self.slotKey((first + offset) % slots, control: control)
            if try connection.tryAdvisoryLock(key) { return key }
        }
        // All held: queue for one. PostgreSQL grants it the moment its holder lets go (or its connection ends).
        let key = Self.slotKey(first, control: control)
        _ = try connection.advisoryLock(key)  // without a timeout it returns only once granted
        return key
    }

    private func finish(
        _ id: Int64, _ status: EODRun.Status, _ counts: [String: Int], error: String?,
        logged: (PostgresStatement, [any PostgresEncodable]) throws -> PostgresRows
    ) throws -> EODRun {
        let json = "{" + counts.keys.sorted().map { "\"\($0)\":\(counts[$0] ?? 0)" }.joined(separator: ",") + "}"
        guard let row = try logged(log.finish, [id, status.rawValue, PostgresJSON(json), error]).first else {
            throw PostgresError.invalidUsage("run log update returned no row")
        }
        return try EODRun(row: row)
    }

    /// Posts every due occurrence of one kind, a batch per transaction: the runner picks the occurrences (at most
    /// ``batchSize``), the kind writes them with ``RecurringSourceKind/postBatch(_:asOf:tenant:on:)``.
    private func post(
        _ kind: any RecurringSourceKind, tenant: TenantContext, asOf: CalendarDate, on connection: PostgresConnection
    ) throws -> (postings: Int, notifications: Int, redated: Int, deferredSources: Int) {
        let context = tenant.scheduleContext
        var postings = 0
        var notifications = 0
        var redated = 0
        // Occurrences posted per source in this run, and the sources that reached the cap (left for the next run).
        var postedBySource: [String: Int] = [:]
        var deferred: Set<String> = []
        while true {
            let batch = try tenant.transaction(on: connection) { connection -> (posted: Int, result: RecurringBatchResult, more: Bool) in
                let due = try kind.dueSources(asOf: asOf, limit: batchSize, on: connection)
                guard !due.isEmpty else { return (0, RecurringBatchResult(notifications: 0), false) }
                var posted = 0
                var full = false
                var work = [SourcePostings]()
                work.reserveCapacity(due.count)
                for source in due where !deferred.contains(source.id) {
                    var occurrences = [Occurrence]()
                    var resumeAt: CalendarDate?
                    let allowance = maxOccurrencesPerSourcePerRun - postedBySource[source.id, default: 0]
                    for occurrence in source.pending(through: asOf, context: context) {
                        if posted >= batchSize {
                            resumeAt = source.postedOn(occurrence)
                            full = true
                            break
                        }
                        if occurrences.count >= allowance {
                            resumeAt = source.postedOn(occurrence)
                            deferred.insert(source.id)
                            break
                        }
                        occurrences.append(occurrence)
                        posted += 1
                    }
                    postedBySource[source.id, default: 0] += occurrences.count
                    work.append(
                        SourcePostings(
                            source: source, occurrences: occurrences,
                            nextPostingDate: resumeAt ?? source.next(after: asOf, context: context).map(source.postedOn),
                            scheduleEndsOn: source.scheduleEnd(context: context)))
                }
                let result = try kind.postBatch(work, asOf: asOf, tenant: tenant, on: connection)
                faultInjection?.batchWritten(postingsInRun: postings + posted)
                // Fewer sources than the limit and none cut short: every due source is done. A batch that posted
                // nothing (every due source deferred) ends the run's work on this kind too.
                return (posted, result, posted > 0 && (full || due.count >= batchSize))
            }
            postings += batch.posted
            notifications += batch.result.notifications
            redated += batch.result.redatedInvoices
            guard batch.more else { break }
        }
        return (postings, notifications, redated, deferred.count)
    }

    /// The run log, newest first; `tenantID` limits it to one tenant, `before` pages by run id.
    public func runs(tenantID: Int64?, before: Int64? = nil, limit: Int = 50) throws -> [EODRun] {
        try pool.withConnection { connection in
            try connection.query(log.list, [tenantID, before, limit]).map(EODRun.init(row:))
        }
    }

    /// One run; with `tenantID`, only if it belongs to that tenant.
    public func run(id: Int64, tenantID: Int64?) throws -> EODRun? {
        try pool.withConnection { try $0.query(log.get, [id, tenantID]).first.map(EODRun.init(row:)) }
    }
}
