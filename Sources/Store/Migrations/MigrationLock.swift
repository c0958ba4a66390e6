import Foundation
import Postgres

/// The advisory lock that serialises migration runs on one control schema.
///
/// A runner holds it exclusively, as a session lock on its own dedicated connection, for the whole run.
/// Tenant creation and deletion take it shared, per transaction, so they never interleave with a run (a run
/// reads the tenant list once, at its start).
struct MigrationLock {
    let key: AdvisoryLockKey

    init(_ control: ControlSchema) {
        // Class "RCMG" (Recur migrations); object: a stable hash of the control schema name, so that test
        // control schemas do not contend with the real one.
        key = AdvisoryLockKey(classID: 0x5243_4D47, objectID: Int32(bitPattern: control.nameHash))
    }

    private static let tryShared = PostgresStatement(
        "recur_try_advisory_xact_lock_shared", "SELECT pg_try_advisory_xact_lock_shared($1) AS locked")

    /// Takes the lock shared for the current transaction, polling until `timeout`; throws
    /// ``StoreError/migrationInProgress`` if a migration run still holds it then.
    func acquireShared(on connection: PostgresConnection, timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let locked = try connection.query(Self.tryShared, [key.value]).first?.decode(Bool.self, "locked") ?? false
            if locked { return }
            guard ContinuousClock.now < deadline else { throw StoreError.migrationInProgress }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
