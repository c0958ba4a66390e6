import Domain
import EOD
import Foundation
import HTTPServer
import Store
import Synchronization
import Threading

/// Runs a tenant's EOD asked for over the API in the background: the request returns as soon as the run is
/// recorded (`202`, status `running`), and the client polls `GET /v1/eod-runs/{id}`. An EOD may post thousands of
/// occurrences; no request holds its handler thread or its transaction that long.
///
/// At most ``maximumRunning`` such runs go at once per server process (each holds one pooled connection), so
/// they can never take the pool from ordinary requests; past it the request answers 503 with `Retry-After`.
final class BackgroundEODRuns: Sendable {
    let runner: EODRunner
    let maximumRunning: Int
    private let running = Mutex(0)

    init(runner: EODRunner, maximumRunning: Int) {
        self.runner = runner
        self.maximumRunning = max(1, maximumRunning)
    }

    /// What the background thread hands back first.
    private enum Handoff: Sendable {
        case started(EODRun)
        case ended(EODRunner.Outcome)
        case failed(any Error)
    }

    /// The first thing the background thread hands back, and a wait for it.
    private final class HandoffBox: Sendable {
        private let value = ConditionLock<Handoff?>(nil)

        func hand(_ handoff: Handoff) {
            value.withLock { locked in
                if locked.state == nil { locked.state = handoff }
            }
            value.broadcast()
        }

        func wait() -> Handoff {
            value.withLock { locked in
                while true {
                    if let handoff = locked.state { return handoff }
                    locked.wait()
                }
            }
        }
    }

    /// Starts the run and returns it as recorded; throws 409 when another run of the tenant is in progress, 503
    /// when this process already runs ``maximumRunning``.
    func start(tenant: TenantContext, asOf: CalendarDate) throws -> EODRun {
        let reserved = running.withLock { count -> Bool in
            guard count < maximumRunning else { return false }
            count += 1
            return true
        }
        guard reserved else {
            throw Problem.serviceUnavailable(
                retryAfterSeconds: 10, detail: "This server is running its maximum of EOD runs; retry shortly.")
        }
        let box = HandoffBox()
        Thread.detachNewThread { [self] in
            defer { running.withLock { $0 -= 1 } }
            do {
                let outcome = try runner.run(
                    tenant: tenant, asOf: asOf, requestedBy: .api, started: { box.hand(.started($0)) })
                box.hand(.ended(outcome))
            } catch {
                box.hand(.failed(error))
            }
        }
        switch box.wait() {
        case .started(let run), .ended(.completed(let run)), .ended(.failed(let run)):
            return run
        case .ended(.skippedLocked), .ended(.skippedDone):
            throw Problem(
                status: .conflict, type: "eod-running",
                detail: "An EOD run of this tenant is in progress; see GET /v1/eod-runs.")
        case .failed(let error):
            throw error
        }
    }
}
