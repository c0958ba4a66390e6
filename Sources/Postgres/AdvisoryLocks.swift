/// A key in PostgreSQL's advisory-lock space: one 64-bit number, or two 32-bit halves
/// (a class of thing and an id within it).
public struct AdvisoryLockKey: Sendable, Hashable, CustomStringConvertible {
    public let value: Int64

    public init(_ value: Int64) { self.value = value }

    /// Combines a class id (say, "EOD of a tenant") with an object id (the tenant's id).
    public init(classID: Int32, objectID: Int32) {
        value = Int64(classID) << 32 | Int64(UInt32(bitPattern: objectID))
    }

    public var description: String { String(value) }
}

extension PostgresConnection {
    private static let tryLock = PostgresStatement("recur_try_advisory_lock", "SELECT pg_try_advisory_lock($1) AS locked")
    private static let lock = PostgresStatement(
        "recur_advisory_lock", "SELECT pg_advisory_lock($1) IS NOT NULL AS locked")
    private static let unlock = PostgresStatement("recur_advisory_unlock", "SELECT pg_advisory_unlock($1) AS unlocked")
    private static let tryTransactionLock = PostgresStatement(
        "recur_try_advisory_xact_lock", "SELECT pg_try_advisory_xact_lock($1) AS locked")
    private static let transactionLock = PostgresStatement(
        "recur_advisory_xact_lock", "SELECT pg_advisory_xact_lock($1) IS NOT NULL AS locked")

    /// Takes a session-level lock if it is free. Returns whether it was taken; the caller must check.
    /// The lock lasts until ``unlockAdvisory(_:)`` or until this connection closes.
    public func tryAdvisoryLock(_ key: AdvisoryLockKey) throws -> Bool {
        try decodeFlag(query(Self.tryLock, [key.value]), "locked")
    }

    /// Waits for a session-level lock. With `timeoutMilliseconds`, gives up after that long and returns `false`.
    public func advisoryLock(_ key: AdvisoryLockKey, timeoutMilliseconds: Int? = nil) throws -> Bool {
        try waiting(timeoutMilliseconds) { try decodeFlag(query(Self.lock, [key.value]), "locked") }
    }

    /// Releases a session-level lock. Returns `false` if this session did not hold it.
    @discardableResult
    public func unlockAdvisory(_ key: AdvisoryLockKey) throws -> Bool {
        try decodeFlag(query(Self.unlock, [key.value]), "unlocked")
    }

    /// Takes a transaction-level lock if it is free; it is released at commit or rollback.
    /// Must be called inside ``transaction(isolation:_:)``.
    public func tryTransactionAdvisoryLock(_ key: AdvisoryLockKey) throws -> Bool {
        guard isInTransaction else { throw PostgresError.invalidUsage("transaction advisory lock outside a transaction") }
        return try decodeFlag(query(Self.tryTransactionLock, [key.value]), "locked")
    }

    /// Waits for a transaction-level lock; with `timeoutMilliseconds`, returns `false` if it did not come in time.
    public func transactionAdvisoryLock(_ key: AdvisoryLockKey, timeoutMilliseconds: Int? = nil) throws -> Bool {
        guard isInTransaction else { throw PostgresError.invalidUsage("transaction advisory lock outside a transaction") }
        return try waiting(timeoutMilliseconds) {
            try decodeFlag(query(Self.transactionLock, [key.value]), "locked")
        }
    }

    /// Runs `body` holding a session lock taken with try semantics; returns `nil` without running it if another
    /// session holds the lock. The lock is released afterwards, also when `body` throws.
    public func withTryAdvisoryLock<Result>(_ key: AdvisoryLockKey, _ body: () throws -> Result) throws -> Result? {
        guard try tryAdvisoryLock(key) else { return nil }
        defer { _ = try? unlockAdvisory(key) }
        return try body()
    }

    private func decodeFlag(_ rows: PostgresRows, _ column: String) throws -> Bool {
        guard let row = rows.first else { throw PostgresError.invalidUsage("advisory lock query returned no row") }
        return try row.decode(Bool.self, column)
    }

    /// Bounds a blocking lock wait with `lock_timeout`, mapping its expiry to `false`.
    private func waiting(_ timeoutMilliseconds: Int?, _ body: () throws -> Bool) throws -> Bool {
        guard let timeoutMilliseconds else { return try body() }
        let setting = String(max(1, timeoutMilliseconds))
        if isInTransaction {
            // A timeout aborts the statement: run it in a savepoint so the caller's transaction survives.
            do {
                return try transaction { connection in
                    try connection.query("SELECT set_config('lock_timeout', $1, true)", [setting])
                    do { return try body() } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
                        throw LockTimedOut()
                    }
                }
            } catch is LockTimedOut {
                return false
            }
        }
        // Session lock outside a transaction: set the timeout for the session, then restore the default.
        try query("SELECT set_config('lock_timeout', $1, false)", [setting])
        defer { _ = try? query("RESET lock_timeout") }
        do { return try body() } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
            return false
        }
    }
}

private struct LockTimedOut: Error {}
