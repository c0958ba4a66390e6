import Domain
import Foundation
import Postgres
import Store
import Synchronization
import Threading

/// Passes over tenants: each tenant once, several at once, with retries while the database is away.
extension EODRunner {
    /// The outcome of one pass over tenants.
    public struct PassReport: Sendable {
        public var outcomes: [Outcome] = []
        /// Tenants whose run could not start or finish (database unreachable past the retry deadline, tenant gone).
        public var errors: [(slug: String, error: String)] = []
        /// How many of ``errors`` were a lost or refused database connection.
        public var connectionErrors = 0

        public var completed: Int { outcomes.filter { if case .completed = $0 { true } else { false } }.count }
        public var failed: Int { outcomes.filter { if case .failed = $0 { true } else { false } }.count + errors.count }
        public var skipped: Int {
            outcomes.filter {
                switch $0 {
                case .skippedLocked, .skippedDone: true
                case .completed, .failed: false
                }
            }.count
        }
        public var succeeded: Bool { failed == 0 }
    }

    /// Runs each tenant in `tenants` once; a failing tenant is recorded and the pass goes on.
    /// - Parameters:
    ///   - asOf: a fixed date, or `nil` for each tenant's own default (see ``defaultAsOf(for:at:)``).
    ///   - concurrency: how many tenants run at once, each on its own pooled connection (the pool needs one more
    ///     connection than this). While one tenant's batch is in the database, another's is being built, so a
    ///     single worker keeps both the database and its own CPU busy.
    ///   - progress: called as each tenant ends, from the thread that ran it (one call at a time).
    ///   - shouldContinue: checked before each tenant starts; `false` ends the pass once the running tenants end.
    public func runPass(
        tenants: [TenantContext], asOf: CalendarDate?, requestedBy: EODRun.RequestedBy, concurrency: Int = 1,
        progress: @escaping @Sendable (Outcome) -> Void = { _ in },
        shouldContinue: @escaping @Sendable () -> Bool = { true }
    ) -> PassReport {
        runPass(
            due: tenants.map { DueTenant(tenant: $0, asOf: asOf ?? Self.defaultAsOf(for: $0)) }, requestedBy: requestedBy,
            concurrency: concurrency, progress: progress, shouldContinue: shouldContinue)
    }

    /// Runs each tenant of `due` once up to its own as-of date, like ``runPass(tenants:asOf:requestedBy:concurrency:progress:shouldContinue:)``.
    public func runPass(
        due: [DueTenant], requestedBy: EODRun.RequestedBy, concurrency: Int = 1,
        progress: @escaping @Sendable (Outcome) -> Void = { _ in },
        shouldContinue: @escaping @Sendable () -> Bool = { true }
    ) -> PassReport {
        // The database's clock, like the runs' started_at, so that clock skew between hosts does not matter.
        let started = try? pool.withConnection { try $0.query(EODRunLog.now).first?.decode(Date.self, "now") }
        let deadline = ContinuousClock.now + retryFor
        let pass = PassState(tenants: due)
        let lanes = max(1, min(concurrency, due.count))
        Lanes.run(lanes) { _ in
            while shouldContinue(), let (index, next) = pass.nextTenant() {
                let tenant = next.tenant
                var attempt = 0
                while true {
                    do {
                        let outcome = try run(
                            tenant: tenant, asOf: next.asOf, requestedBy: requestedBy,
                            doneSince: started, lockWait: lockWait.map { min($0, deadline - ContinuousClock.now) })
                        pass.record(index, .success(outcome), progress: progress)
                    } catch where Self.isConnectionLoss(error) && ContinuousClock.now < deadline && shouldContinue() {
                        attempt += 1
                        Thread.sleep(forTimeInterval: Self.backoffSeconds(attempt: attempt))
                        continue
                    } catch {
                        pass.record(
                            index, .failure(tenant.slug, "\(error)", connectionLost: Self.isConnectionLoss(error)),
                            progress: progress)
                    }
                    break
                }
            }
        }
        return pass.report()
    }

    /// `true` for errors that mean the database went away or refused us, not that the work was wrong: worth
    /// trying again once it is back.
    public static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        switch error {
        case .connectionFailed, .connectionLost, .poolTimeout: return true
        case .server(let server): return server.sqlState.isConnectionFailure
        default: return false
        }
    }

    /// 0.5 s doubling to 15 s, ±25 % jitter so that workers do not reconnect in step.
    public static func backoffSeconds(attempt: Int) -> Double {
        let base = min(15.0, 0.5 * Double(1 << min(max(attempt - 1, 0), 5)))
        return base * Double.random(in: 0.75...1.25)
    }

    /// The EOD for date D runs once D has ended in the tenant's zone: the default as-of date is the tenant's
    /// yesterday.
    public static func defaultAsOf(for tenant: TenantContext, at now: Date = Date()) -> CalendarDate {
        tenant.today(at: now).adding(days: -1)
    }

    /// A tenant and the date its run posts up to.
    public struct DueTenant: Sendable {
        public let tenant: TenantContext
        public let asOf: CalendarDate
    }

    /// The daemon's work list: each active tenant whose last successful as-of date is before the latest day whose
    /// slot in `window` has come (``NightWindow/latestDayDue(tenant:in:at:)``), with that day as its as-of date.
    /// A tenant never run, or whose slot passed while no worker ran, is due at once.
    public func tenantsDue(among tenants: [TenantContext], window: NightWindow, at now: Date = Date()) throws -> [DueTenant] {
        let last = try pool.withConnection { connection in
            try Dictionary(
                connection.query(log.lastSucceeded).map {
                    (try $0.decode(Int64.self, "tenant_id"), try $0.decode(CalendarDate?.self, "last_as_of"))
                }, uniquingKeysWith: { first, _ in first })
        }
        return tenants.compactMap { tenant -> DueTenant? in
            guard tenant.status == .active else { return nil }
            let day = window.latestDayDue(tenant: tenant.id, in: tenant.timeZone, at: now)
            if let lastAsOf = last[tenant.id] ?? nil, lastAsOf >= day { return nil }
            return DueTenant(tenant: tenant, asOf: day)
        }
    }
}

/// The shared state of one pass: the next tenant to take and what each tenant's run gave, kept in the tenants'
/// order so that a report reads the same however many ran at once.
private final class PassState: Sendable {
    enum Result: Sendable {
        case success(EODRunner.Outcome)
        case failure(String, String, connectionLost: Bool)
    }

    private struct State {
        var next = 0
        var results: [Int: Result] = [:]
    }

    private let tenants: [EODRunner.DueTenant]
    private let state = Mutex(State())

    init(tenants: [EODRunner.DueTenant]) { self.tenants = tenants }

    func nextTenant() -> (Int, EODRunner.DueTenant)? {
        state.withLock { state in
            guard state.next < tenants.count else { return nil }
            defer { state.next += 1 }
            return (state.next, tenants[state.next])
        }
    }

    /// Records a tenant's result; `progress` runs under the lock, so its calls never overlap.
    func record(_ index: Int, _ result: Result, progress: (EODRunner.Outcome) -> Void) {
        state.withLock { state in
            state.results[index] = result
            if case .success(let outcome) = result { progress(outcome) }
        }
    }

    func report() -> EODRunner.PassReport {
        state.withLock { state in
            var report = EODRunner.PassReport()
            for index in state.results.keys.sorted() {
                switch state.results[index] {
                case .success(let outcome): report.outcomes.append(outcome)
                case .failure(let slug, let error, let connectionLost):
                    report.errors.append((slug, error))
                    if connectionLost { report.connectionErrors += 1 }
                case nil: break
                }
            }
            return report
        }
    }
}
