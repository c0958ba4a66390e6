import Foundation

/// A bounded pool of ``PostgresConnection``s.
///
/// - At most `maxConnections` exist at once; a borrower waits up to `acquireTimeout` and then gets
///   ``PostgresError/poolTimeout(waitedMilliseconds:maxConnections:)``.
/// - A connection handed back inside an open or failed transaction is rolled back; if that fails, or the
///   connection broke, it is closed instead of reused.
/// - An idle connection that the server closed (restart, idle timeout) is noticed on the next acquire and
///   replaced by a new one, so callers do not see the stale socket.
/// - With `maxUsesPerConnection`, a connection is closed once it has been borrowed that many times, so the server
///   process behind it starts afresh (a borrower that touched nothing the limit is about, such as a lock it did not
///   get, says so with ``PostgresConnection/borrowIsNotAUse()``). A backend keeps the catalog entries and cached plans of every relation and
///   function it touched; one that serves many tenant schemas grows without bound and pays for every cache
///   invalidation (autovacuum, DDL) in proportion (see docs/design.md, "Connections are retired").
public final class PostgresPool: Sendable {
    /// Pool settings.
    public struct Configuration: Sendable {
        public var connectionString: String
        public var maxConnections: Int
        public var acquireTimeout: Duration
        public var connectTimeoutSeconds: Int
        public var applicationName: String
        /// Borrows after which a connection is closed rather than reused; `nil`: never retired for its age.
        public var maxUsesPerConnection: Int?

        public init(
            connectionString: String, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5),
            connectTimeoutSeconds: Int = 10, applicationName: String = "recur", maxUsesPerConnection: Int? = nil
        ) {
            self.connectionString = connectionString
            self.maxConnections = max(1, maxConnections)
            self.acquireTimeout = acquireTimeout
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.applicationName = applicationName
            self.maxUsesPerConnection = maxUsesPerConnection.map { max(1, $0) }
        }
    }

    /// A snapshot of the pool's counters, for `/metrics`.
    public struct Statistics: Sendable, Hashable {
        public var open: Int
        public var inUse: Int
        public var idle: Int
        public var waiting: Int
        public var timeouts: Int
        public var discarded: Int
        /// Connections closed after `maxUsesPerConnection` borrows.
        public var retired: Int
    }

    public let configuration: Configuration
    private let state: LockedState

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        state = LockedState()
    }

    /// Borrows a connection for the duration of `body`.
    public func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try acquire()
        do {
            let result = try body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    /// Borrows a connection and runs `body` in a transaction on it.
    public func transaction<Result>(
        isolation: PostgresConnection.IsolationLevel? = nil, _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        try withConnection { try $0.transaction(isolation: isolation, body) }
    }

    /// The current counters.
    public var statistics: Statistics {
        state.condition.lock()
        defer { state.condition.unlock() }
        return Statistics(
            open: state.open, inUse: state.open - state.idle.count, idle: state.idle.count, waiting: state.waiting,
            timeouts: state.timeouts, discarded: state.discarded, retired: state.retired)
    }

    /// Closes idle connections and refuses new borrowers; connections in use close when handed back.
    public func close() {
        state.condition.lock()
        state.closed = true
        let idle = state.idle
        state.idle.removeAll()
        state.open -= idle.count
        state.condition.broadcast()
        state.condition.unlock()
        _ = idle  // deinit of each connection calls PQfinish
    }

    private func acquire() throws -> PostgresConnection {
        let started = ContinuousClock.now
        let deadline = Date().addingTimeInterval(configuration.acquireTimeout.seconds)
        state.condition.lock()
        while true {
            if state.closed {
                state.condition.unlock()
                throw PostgresError.poolClosed
            }
            if let connection = state.idle.popLast() {
                state.condition.unlock()
                if connection.looksAlive() { return connection }
                state.condition.lock()
                state.open -= 1
                state.discarded += 1
                continue
            }
            if state.open < configuration.maxConnections {
                state.open += 1
                state.condition.unlock()
                do {
                    return try PostgresConnection(
                        configuration.connectionString, connectTimeoutSeconds: configuration.connectTimeoutSeconds,
                        applicationName: configuration.applicationName)
                } catch {
                    state.condition.lock()
                    state.open -= 1
                    state.condition.signal()
                    state.condition.unlock()
                    throw error
                }
            }
            state.waiting += 1
            let signalled = state.condition.wait(until: deadline)
            state.waiting -= 1
            if !signalled && Date() >= deadline && state.idle.isEmpty {
                state.timeouts += 1
                state.condition.unlock()
                let waited = ContinuousClock.now - started
                throw PostgresError.poolTimeout(
                    waitedMilliseconds: Int(waited.seconds * 1000), maxConnections: configuration.maxConnections)
            }
        }
    }

    private func release(_ connection: PostgresConnection) {
        if !connection.currentBorrowIsNotAUse { connection.borrowCount += 1 }
        connection.currentBorrowIsNotAUse = false
        let worn = configuration.maxUsesPerConnection.map { connection.borrowCount >= $0 } ?? false
        var reusable = connection.isConnected && !connection.isPoisoned
        if reusable {
            switch connection.transactionState {
            case .idle:
                break
            case .inTransaction, .failed:
                reusable = (try? connection.simpleQuery("ROLLBACK")) != nil && connection.transactionState == .idle
            case .active, .unknown:
                reusable = false
            }
        }
        state.condition.lock()
        if reusable && !worn && !state.closed {
            state.idle.append(connection)
        } else {
            state.open -= 1
            state.discarded += reusable ? 0 : 1
            state.retired += reusable && worn ? 1 : 0
        }
        state.condition.signal()
        state.condition.unlock()
    }
}

/// The pool's mutable state, only touched with `condition` locked.
/// `@unchecked Sendable`: every access below holds the lock, and each connection sits either in `idle` or with
/// exactly one borrower, never both.
private final class LockedState: @unchecked Sendable {
    let condition = NSCondition()
    var idle: [PostgresConnection] = []
    var open = 0
    var waiting = 0
    var timeouts = 0
    var discarded = 0
    var retired = 0
    var closed = false
}

extension Duration {
    /// The duration in seconds, as a `Double` (for timeouts, not for money).
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
