#if canImport(Glibc)
import Glibc
#endif

/// Everything tunable about an ``HTTPServer``; defaults suit production behind a load balancer.
public struct HTTPServerConfiguration: Sendable {
    /// Numeric address to bind (`127.0.0.1`, `0.0.0.0`, `::1`; `localhost` means `127.0.0.1`).
    public var host = "127.0.0.1"
    /// TCP port; `0` picks an ephemeral port, readable from ``HTTPServer/port`` after ``HTTPServer/start()``.
    public var port = 8080
    public var backlog: Int32 = 1024
    /// Event-loop threads (each with its own epoll); they accept, parse, write, and run inline routes.
    public var eventLoopThreads = min(2, HTTPServerConfiguration.processorCount)
    /// Threads running non-inline (possibly blocking) handlers.
    public var workerThreads = 8
    /// Requests waiting for a worker beyond this are answered `503` with `Retry-After`.
    public var maxQueuedRequests = 1024
    /// Open connections beyond this are answered `503` with `Retry-After` and closed.
    public var maxConnections = 1024
    /// Requests of one connection in flight at once; further pipelined requests wait unread.
    public var maxPipelinedRequests = 16
    public var limits = HTTPLimits()
    /// Time allowed from a request's first byte to the end of its head; then `408` and close.
    public var headerReadTimeout: Duration = .seconds(10)
    /// Time allowed to receive a body after its head; then `408` and close.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// An idle keep-alive connection is closed silently after this.
    public var idleTimeout: Duration = .seconds(60)
    /// A connection whose pending output makes no progress for this long is closed.
    public var writeTimeout: Duration = .seconds(30)
    /// How long ``HTTPServer/shutdown()`` waits for in-flight requests before closing everything.
    public var shutdownGracePeriod: Duration = .seconds(15)
    /// After a final response, how long to keep reading (and discarding) before closing, so the client
    /// receives the response instead of a reset.
    public var lingerTimeout: Duration = .seconds(2)
    /// The `Retry-After` value (seconds) of `503` answers.
    public var retryAfterSeconds = 1

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
