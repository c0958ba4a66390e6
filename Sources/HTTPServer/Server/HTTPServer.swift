#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Threading

/// An HTTP/1.1 server on epoll event loops with a bounded worker pool for blocking handlers.
///
/// ```swift
/// let metrics = MetricsRegistry()
/// var router = Router()
/// router.get("/healthz", inline: true) { _ in .text("ok") }
/// router.get("/metrics", inline: true) { _ in .metrics(metrics) }
/// let server = HTTPServer(configuration: .init(port: 8080), router: router, metrics: metrics)
/// try server.start()
/// let signals = ShutdownSignals.install(for: server)   // SIGTERM/SIGINT → graceful shutdown
/// server.waitUntilStopped()
/// ```
public final class HTTPServer: Sendable {
    private enum Lifecycle: Sendable {
        case idle
        case running(listener: Socket, loops: [EventLoop])
        case stopping
        case stopped
    }

    public let configuration: HTTPServerConfiguration
    /// The registry this server records into; serve it with an inline `/metrics` route.
    public let metrics: MetricsRegistry
    private let core: ServerCore
    private let lifecycle = Mutex<Lifecycle>(.idle)
    private let boundPort = Atomic<Int>(0)
    /// Opened once ``shutdown()`` has completed.
    private let stopped = Latch()

    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), router: Router,
                metrics: MetricsRegistry = MetricsRegistry(), logger: any RequestLogger = StdoutRequestLogger()) {
        self.configuration = configuration
        self.metrics = metrics
        self.core = ServerCore(configuration: configuration, router: router, metrics: metrics, logger: logger)
        let core = self.core
        metrics.registerGauge("http_open_connections", help: "Open client connections.") {
            Double(core.openConnections.load(ordering: .relaxed))
        }
    }

    /// The bound TCP port (the ephemeral one when configured with port 0); 0 before ``start()``.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Open connections right now.
    public var openConnections: Int { core.openConnections.load(ordering: .relaxed) }

    /// Binds, listens and starts the event-loop threads; returns once connections are being accepted.
    public func start() throws {
        try lifecycle.withLock { (state: inout Lifecycle) throws -> Void in
            guard case .idle = state else { throw SocketError("start (server already started)", code: EINVAL) }
            signal(SIGPIPE, SIG_IGN)
            guard let port = UInt16(exactly: configuration.port) else {
                throw SocketError("port \(configuration.port)", code: EINVAL)
            }
            let address = try SocketAddress(host: configuration.host, port: port)
            let listener = try Socket.listen(on: address, backlog: configuration.backlog)
            do {
                boundPort.store(Int(try listener.localAddress().port), ordering: .releasing)
                var loops: [EventLoop] = []
                for index in 0..<max(1, configuration.eventLoopThreads) {
                    loops.append(try EventLoop(index: index, core: core, listener: listener))
                }
                for loop in loops {
                    let thread = Thread { loop.run() }
                    thread.name = "recur-loop-\(loop.index)"
                    thread.start()
                }
                state = .running(listener: listener, loops: loops)
            } catch {
                listener.close()
                throw error
            }
        }
    }

    /// Gracefully stops: stops accepting (new connections are refused), closes idle connections, lets in-flight
    /// requests finish (their responses say `Connection: close`), then returns. After
    /// ``HTTPServerConfiguration/shutdownGracePeriod`` remaining connections are closed. Idempotent; safe from any
    /// thread except a handler.
    public func shutdown() {
        let running = lifecycle.withLock { state -> (Socket, [EventLoop])? in
            switch state {
            case .running(let listener, let loops):
                state = .stopping
                return (listener, loops)
            case .idle:
                state = .stopped
                stopped.open()
                return nil
            case .stopping, .stopped:
                return nil
            }
        }
        guard let (listener, loops) = running else {
            waitUntilStopped()
            return
        }
        core.draining.store(true, ordering: .sequentiallyConsistent)
        let released = loops.map { _ in Latch() }
        for (loop, latch) in zip(loops, released) { loop.post(.stopAccepting(released: latch)) }
        released.forEach { $0.wait() }
        listener.close()
        for loop in loops { loop.finished.wait() }
        let deadline = MonotonicClock.now() &+ UInt64(configuration.shutdownGracePeriod.nanoseconds)
        core.pool.shutdown(deadline: deadline)
        core.logger.flush()
        lifecycle.withLock { $0 = .stopped }
        stopped.open()
    }

    /// Blocks until ``shutdown()`` has completed.
    public func waitUntilStopped() {
        stopped.wait()
    }

    /// Starts, then blocks until stopped (for example by ``ShutdownSignals``).
    public func run() throws {
        try start()
        waitUntilStopped()
    }
}
