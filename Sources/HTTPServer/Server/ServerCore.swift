import Synchronization

/// What every event loop and worker of one server shares. Immutable apart from atomics.
final class ServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let router: Router
    let metrics: MetricsRegistry
    let logger: any RequestLogger
    let pool: WorkerPool
    let openConnections = Atomic<Int>(0)
    /// Set when shutdown begins: responses from then on carry `Connection: close`.
    let draining = Atomic<Bool>(false)

    init(configuration: HTTPServerConfiguration, router: Router, metrics: MetricsRegistry, logger: any RequestLogger) {
        self.configuration = configuration
        self.router = router
        self.metrics = metrics
        self.logger = logger
        self.pool = WorkerPool(threads: configuration.workerThreads, maxQueued: configuration.maxQueuedRequests)
    }
}
