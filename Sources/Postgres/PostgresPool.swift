import Foundation
import Threading

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
        /// Distinct schemas (tenants, ``PostgresConnection/noteSchemaEntered(_:)``) after which a connection is
        /// closed rather than reused: its backend's catalogue cache grows with every schema it touched and never
        /// shrinks. `nil`: no limit.
        public var maxSchemasPerConnection: Int?
        /// Bytes of backend memory (`pg_backend_memory_contexts`, PostgreSQL ≥ 14, readable by superusers and,
        /// from 16, `pg_read_all_stats`; when it cannot be read the check is skipped) past which a connection is
        /// closed when handed back, checked every ``memoryCheckInterval`` borrows. `nil`: not checked.
        public var maxBackendMemoryBytes: Int?
        public var memoryCheckInterval = 32
        /// How long a borrower with an affinity waits for its busy slot's connection before it takes another idle
        /// one, when no idle connection has served its key yet (``withConnection(affinity:_:)``). `.zero`: never waits.
        public var affinityWait: Duration = .milliseconds(2)

        public init(
            connectionString: String, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5),
            connectTimeoutSeconds: Int = 10, applicationName: String = "recur", maxUsesPerConnection: Int? = nil,
            maxSchemasPerConnection: Int? = nil, maxBackendMemoryBytes: Int? = nil
        ) {
            self.connectionString = connectionString
            self.maxConnections = max(1, maxConnections)
            self.acquireTimeout = acquireTimeout
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.applicationName = applicationName
            self.maxUsesPerConnection = maxUsesPerConnection.map { max(1, $0) }
            self.maxSchemasPerConnection = maxSchemasPerConnection.map { max(1, $0) }
            self.maxBackendMemoryBytes = maxBackendMemoryBytes.map { max(1, $0) }
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
        /// Connections closed after `maxUsesPerConnection` borrows, `maxSchemasPerConnection` schemas or past
        /// `maxBackendMemoryBytes`.
        public var retired: Int
        /// Borrows with an affinity that got their slot's connection, an idle one that had served their key
        /// before, or neither (a connection that had not met the key: a cold catalogue for a tenant).
        public var affinityHits: Int
        public var affinityWarm: Int
        public var affinityCold: Int
    }

    public let configuration: Configuration
    private let state: ConditionLock<PoolState>

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        state = ConditionLock(PoolState())
    }

    /// Borrows a connection for the duration of `body`. `affinity` (a tenant's id, say): the borrower prefers the
    /// connection in slot `affinity mod maxConnections` when it is idle (or opens it), so that the same key keeps
    /// meeting the same backend and its warm catalogue cache. When that slot is busy it takes an idle connection that
    /// has served the key before; failing that it waits up to ``Configuration/affinityWait`` for its slot, then takes
    /// any idle connection, as a borrower without affinity does (docs/tenancy.md, "Tenant affinity").
    public func withConnection<Result>(affinity: Int? = nil, _ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try acquire(affinity: affinity)
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
        isolation: PostgresConnection.IsolationLevel? = nil, readOnly: Bool = false, affinity: Int? = nil,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        try withConnection(affinity: affinity) { try $0.transaction(isolation: isolation, readOnly: readOnly, body) }
    }

    /// The current counters.
    public var statistics: Statistics {
        state.withLock { locked in
            let now = locked.state
            return Statistics(
                open: now.open, inUse: now.open - now.idle.count, idle: now.idle.count, waiting: now.waiting,
                timeouts: now.timeouts, discarded: now.discarded, retired: now.retired,
                affinityHits: now.affinityHits, affinityWarm: now.affinityWarm, affinityCold: now.affinityCold)
        }
    }

    /// Closes idle connections and refuses new borrowers; connections in use close when handed back.
    public func close() {
        let idle = state.withLock { locked in
            locked.state.closed = true
            let idle = locked.state.idle
            locked.state.idle.removeAll()
            locked.state.open -= idle.count
            for connection in idle { locked.state.slots.free(connection.poolSlot) }
            return idle
        }
        state.broadcast()
        _ = idle  // deinit of each connection calls PQfinish
    }

    private func acquire(affinity: Int?) throws -> PostgresConnection {
        let started = ContinuousClock.now
        let deadline = started + configuration.acquireTimeout
        let wanted = affinity.map { key in
            Affinity(
                key: key, slot: ((key % configuration.maxConnections) + configuration.maxConnections) % configuration.maxConnections,
                waitUntil: min(deadline, started + configuration.affinityWait))
        }
        while true {
            switch state.withLock({ locked in nextStep(locked, wanted: wanted, deadline: deadline) }) {
            case .closed:
                throw PostgresError.poolClosed
            case .reuse(let connection):
                if connection.looksAlive() {
                    if let wanted { connection.affinityKeysServed.insert(wanted.key) }
                    return connection
                }
                state.withLock { locked in
                    locked.state.open -= 1
                    locked.state.discarded += 1
                    locked.state.slots.free(connection.poolSlot)
                }
            case .connect(let slot):
                do {
                    let connection = try PostgresConnection(
                        configuration.connectionString, connectTimeoutSeconds: configuration.connectTimeoutSeconds,
                        applicationName: configuration.applicationName)
                    connection.poolSlot = slot
                    if let wanted { connection.affinityKeysServed.insert(wanted.key) }
                    return connection
                } catch {
                    state.withLock { locked in
                        locked.state.open -= 1
                        locked.state.slots.free(slot)
                    }
                    state.signal()
                    throw error
                }
            case .timedOut:
                let waited = ContinuousClock.now - started
                throw PostgresError.poolTimeout(
                    waitedMilliseconds: Int(waited.seconds * 1000), maxConnections: configuration.maxConnections)
            case .tryAgain:
                continue
            }
        }
    }

    /// What a borrower does next, decided with the lock held: waits (releasing it) while every connection is in use,
    /// or, with an affinity, briefly while its slot is busy and no idle connection has met its key.
    private func nextStep(
        _ locked: ConditionLock<PoolState>.Locked, wanted: Affinity?, deadline: ContinuousClock.Instant
    ) -> AcquireStep {
        if locked.state.closed { return .closed }
        if let wanted {
            // The slot's connection if it is idle, or a new one in the slot if it is not open.
            if let index = locked.state.idle.lastIndex(where: { $0.poolSlot == wanted.slot }) {
                locked.state.affinityHits += 1
                return .reuse(locked.state.idle.remove(at: index))
            }
            if !locked.state.slots.isTaken(wanted.slot) && locked.state.open < configuration.maxConnections {
                locked.state.affinityHits += 1
                locked.state.open += 1
                locked.state.slots.take(wanted.slot)
                return .connect(slot: wanted.slot)
            }
            // Another connection that served the key before (a busy tenant spreads over warm backends).
            if let index = locked.state.idle.lastIndex(where: { $0.affinityKeysServed.contains(wanted.key) }) {
                locked.state.affinityWarm += 1
                return .reuse(locked.state.idle.remove(at: index))
            }
            // Waiting helps only while the slot's connection is out (it comes back); a slot not open in a full pool
            // would open only when some connection closes.
            if locked.state.slots.isTaken(wanted.slot) && ContinuousClock.now < wanted.waitUntil {
                locked.state.waiting += 1
                _ = locked.wait(until: wanted.waitUntil)
                locked.state.waiting -= 1
                return .tryAgain
            }
        }
        if let connection = locked.state.idle.popLast() {
            if wanted != nil { locked.state.affinityCold += 1 }
            return .reuse(connection)
        }
        if locked.state.open < configuration.maxConnections, let slot = locked.state.slots.takeFirstFree(below: configuration.maxConnections) {
            if wanted != nil { locked.state.affinityCold += 1 }
            locked.state.open += 1
            return .connect(slot: slot)
        }
        locked.state.waiting += 1
        let signalled = locked.wait(until: deadline)
        locked.state.waiting -= 1
        if !signalled && ContinuousClock.now >= deadline && locked.state.idle.isEmpty {
            locked.state.timeouts += 1
            return .timedOut
        }
        return .tryAgain
    }

    private func release(_ connection: PostgresConnection) {
        if !connection.currentBorrowIsNotAUse { connection.borrowCount += 1 }
        connection.currentBorrowIsNotAUse = false
        var worn = configuration.maxUsesPerConnection.map { connection.borrowCount >= $0 } ?? false
        worn = worn || (configuration.maxSchemasPerConnection.map { connection.schemasEnteredCount >= $0 } ?? false)
        var reusable = connection.isConnected && !connection.isPoisoned
        // A read-only transaction's COMMIT still in flight: its answer is read by the next borrower (`looksAlive`), so
        // that this borrower's caller answers without waiting for it.
        if reusable && !connection.owesCommit {
            switch connection.transactionState {
            case .idle:
                break
            case .inTransaction, .failed:
                reusable = (try? connection.simpleQuery("ROLLBACK")) != nil && connection.transactionState == .idle
            case .active, .unknown:
                reusable = false
            }
        }
        if reusable && !worn, let limit = configuration.maxBackendMemoryBytes {
            worn = backendMemoryExceeds(limit, connection)
        }
        state.withLock { locked in
            if reusable && !worn && !locked.state.closed {
                locked.state.idle.append(connection)
            } else {
                locked.state.open -= 1
                locked.state.slots.free(connection.poolSlot)
                locked.state.discarded += reusable ? 0 : 1
                locked.state.retired += reusable && worn ? 1 : 0
            }
        }
        // Every waiter looks again: one waiting for this connection's slot must not sleep through it.
        state.broadcast()
    }
}

extension PostgresPool {
    private static let backendMemory = PostgresStatement(
        "recur_backend_memory", "SELECT coalesce(sum(total_bytes), 0)::bigint AS bytes FROM pg_backend_memory_contexts")

    /// Every ``Configuration/memoryCheckInterval`` borrows: whether the backend holds more than `limit` bytes. An idle
    /// connection only (the statement runs outside any transaction). A denied read turns the check off for the
    /// connection.
    fileprivate func backendMemoryExceeds(_ limit: Int, _ connection: PostgresConnection) -> Bool {
        guard !connection.backendMemoryUnreadable,
            connection.borrowCount % max(1, configuration.memoryCheckInterval) == 0
        else { return false }
        connection.settleCommit()
        guard !connection.isPoisoned, connection.transactionState == .idle else { return false }
        do {
            let bytes = try connection.query(Self.backendMemory).first?.decode(Int.self, "bytes") ?? 0
            return bytes > limit
        } catch {
            connection.backendMemoryUnreadable = true
            return false
        }
    }
}

/// The pool's mutable state, only touched with the pool's lock held. Each connection sits either in `idle` or
/// with exactly one borrower, never both.
private struct PoolState {
    var idle: [PostgresConnection] = []
    var open = 0
    var waiting = 0
    var timeouts = 0
    var discarded = 0
    var retired = 0
    var affinityHits = 0
    var affinityWarm = 0
    var affinityCold = 0
    var closed = false
    /// The slots of the open connections (and of those being opened).
    var slots = PoolSlots()
}

/// Which of a pool's connection slots are taken: each open connection holds one, `0 ..< maxConnections`.
private struct PoolSlots {
    private var taken = Set<Int>()

    func isTaken(_ slot: Int) -> Bool { taken.contains(slot) }
    mutating func take(_ slot: Int) { taken.insert(slot) }
    mutating func free(_ slot: Int) { taken.remove(slot) }

    /// Takes the lowest free slot below `limit`.
    mutating func takeFirstFree(below limit: Int) -> Int? {
        guard let slot = (0..<limit).first(where: { !taken.contains($0) }) else { return nil }
        taken.insert(slot)
        return slot
    }
}

/// What a borrower with an affinity wants: its key, the slot the key maps to, and until when it waits for that slot.
private struct Affinity {
    var key: Int
    var slot: Int
    var waitUntil: ContinuousClock.Instant
}

/// A borrower's next move in ``PostgresPool/acquire()``.
private enum AcquireStep {
    case closed
    /// An idle connection to check and hand out.
    case reuse(PostgresConnection)
    /// A slot is reserved: open a new connection in it.
    case connect(slot: Int)
    case timedOut
    /// Woken (or spuriously): look again.
    case tryAgain
}

extension Duration {
    /// The duration in seconds, as a `Double` (for timeouts, not for money).
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
