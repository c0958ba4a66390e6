import Domain
import Postgres

/// The tenant's lock date (docs/invoicing.md, "Lock date"), kept in `ledger_lock`: nothing is posted on or before
/// it. The database refuses such an entry whatever path writes it (`journal_entries_after_lock_date`); this
/// repository reads the date first so that a request is refused at its own date field, and changes it.
public struct LedgerLock {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// The lock date, read `FOR SHARE`: it cannot change until the caller's transaction ends, so a posting checked
    /// against it stays valid to COMMIT.
    public func current() throws -> LockDate {
        LockDate(try db.query(LedgerLockStatements.readShared).first(orNotFound: "lock date").decode(CalendarDate?.self, "lock_date"))
    }

    /// The lock date as it stands, without a row lock: for showing it (a read-only transaction, such as a tenant's
    /// during a move's write freeze, may not take ``current()``'s `FOR SHARE`).
    public func shown() throws -> LockDate {
        LockDate(try db.query(LedgerLockStatements.read).first(orNotFound: "lock date").decode(CalendarDate?.self, "lock_date"))
    }

    /// Refuses (422 at `path`) a posting dated `date` on or before the lock date.
    public func check(_ date: CalendarDate, at path: String) throws {
        try LedgerError.check([try current().violation(date, at: path)].compactMap { $0 })
    }

    /// Sets the lock date as a client may (forward only, never after `today`).
    /// - Throws: ``LedgerError/validation(_:)`` at `path`.
    public func move(to date: CalendarDate, today: CalendarDate, at path: String = "lockDate") throws {
        let current = LockDate(try db.query(LedgerLockStatements.readForUpdate).first(orNotFound: "lock date").decode(CalendarDate?.self, "lock_date"))
        try LedgerError.check([current.changeViolation(to: date, today: today, at: path)].compactMap { $0 })
        try db.query(LedgerLockStatements.write, [date])
    }

    /// Sets or clears the lock date without the client's rules: an operator reopening a closed period
    /// (`recur-admin tenant lock-date`).
    public func set(_ date: CalendarDate?) throws {
        try db.query(LedgerLockStatements.write, [date])
    }

    /// A posting the database refused for the lock date, as the field error of `path`; `nil` for other errors.
    static func refusal(_ error: PostgresError, at path: String) -> LedgerError? {
        guard error.constraintName == "journal_entries_after_lock_date" else { return nil }
        return LedgerError.invalid(path, .outOfRange, "is on or before the lock date")
    }
}

/// `ledger_lock`'s SQL (one row).
enum LedgerLockStatements {
    static let read = PostgresStatement("ledger_lock_read", "SELECT lock_date FROM ledger_lock")
    static let readShared = PostgresStatement("ledger_lock_read_shared", "SELECT lock_date FROM ledger_lock FOR SHARE")
    static let readForUpdate = PostgresStatement("ledger_lock_read_for_update", "SELECT lock_date FROM ledger_lock FOR UPDATE")
    static let write = PostgresStatement(
        "ledger_lock_write", "UPDATE ledger_lock SET lock_date = $1::date, updated_at = now() RETURNING lock_date")
}
