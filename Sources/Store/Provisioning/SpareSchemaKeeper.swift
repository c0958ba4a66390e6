import Foundation
import Synchronization

/// Keeps ``SpareSchemas`` topped up from a background thread: every `interval` it builds spares until `target`
/// exist (one transaction each), so that tenant creation finds one ready. A failure (the database away, a
/// migration running) is reported to `log` and tried again next round. Give it a pool of its own (one
/// connection is enough) so that building never takes a connection from requests.
public final class SpareSchemaKeeper: Sendable {
    public let spares: SpareSchemas
    public let target: Int
    public let interval: Duration
    private let stopped = Atomic<Bool>(false)
    private let log: @Sendable (String) -> Void

    public init(
        spares: SpareSchemas, target: Int, interval: Duration = .seconds(2),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.spares = spares
        self.target = max(0, target)
        self.interval = interval
        self.log = log
    }

    /// Starts the thread (nothing when `target` is 0).
    public func start() {
        guard target > 0 else { return }
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                do {
                    let built = try spares.fill(upTo: target)
                    if built > 0 { log("spare schemas: built \(built), \(target) ready") }
                } catch {
                    log("spare schemas: \(error)")
                }
                Thread.sleep(forTimeInterval: Double(interval.wholeMilliseconds) / 1000)
            }
        }
    }

    /// Stops after the current round.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
