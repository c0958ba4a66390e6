#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Threading

/// Turns SIGTERM and SIGINT into a graceful ``HTTPServer/shutdown()``.
///
/// Keep the returned value alive for as long as the handlers should stay installed:
/// ```swift
/// let signals = ShutdownSignals.install(for: server)
/// server.waitUntilStopped()   // returns after the drain; then exit(0)
/// _ = signals
/// ```
public final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    private init(sources: [any DispatchSourceSignal], signals: [Int32]) {
        self.sources = sources
        self.signals = signals
    }

    /// Ignores the default action of `signals` and shuts `server` down when one arrives; returns once the
    /// handlers are registered.
    public static func install(for server: HTTPServer, signals: [Int32] = [SIGTERM, SIGINT]) -> ShutdownSignals {
        // Dispatch delivers the signals (a signal source needs a queue); the handlers run on this one.
        let queue = DispatchQueue(label: "recur.shutdown-signals")
        let registered = ConditionLock(0)
        let sources = signals.map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { server.shutdown() }
            source.setRegistrationHandler {
                registered.withLock { $0.state += 1 }
                registered.broadcast()
            }
            source.resume()
            return source
        }
        // Registration is asynchronous; wait (2 s at most) so a signal sent right after `install` is not lost.
        let deadline = ContinuousClock.now + .seconds(2)
        registered.withLock { locked in
            while locked.state < sources.count && locked.wait(until: deadline) {}
        }
        return ShutdownSignals(sources: sources, signals: signals)
    }

    /// Cancels the handlers and restores the default signal actions.
    deinit {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
