import Foundation
import Postgres

#if canImport(Glibc)
import Glibc
#endif

/// The write freeze of a tenant move: an advisory lock on the tenant's **source** cluster, keyed by the tenant.
///
/// Every tenant transaction's first statement (the API's access check, and the one of workers and admin commands)
/// takes it *shared* with try semantics and, when it cannot, makes its own transaction read-only; the mover takes it
/// *exclusive* (a session lock on its own connection). So once the mover asks for it, new transactions read but
/// cannot write (a write fails with SQLSTATE 25006, which the API answers 503 with `Retry-After`), the mover waits
/// for the writers already in flight, and from the moment it holds the lock nothing more is written to the source
/// copy. The lock ends with the mover's connection: a mover that dies cannot freeze a tenant any longer than its
/// connection lives.
public enum TenantMoveLock {
    /// Advisory-lock class "MOVE".
    static let lockClass: Int32 = 0x4D4F_5645
    /// Advisory-lock class "MOVR": the one mover of a tenant (on the control cluster), so that two
    /// `tenant move` runs of one tenant never interleave their steps.
    static let moverClass: Int32 = 0x4D4F_5652

    public static func key(tenantID: Int64) -> AdvisoryLockKey {
        AdvisoryLockKey(classID: lockClass, objectID: Int32(truncatingIfNeeded: tenantID))
    }

    /// The SQL expression, for a statement's select list, that makes the transaction read-only while the lock of
    /// key `parameter` (a `$n`) is held exclusive by a mover (or asked for by one).
    static func readOnlyWhileFrozen(_ parameter: String) -> String {
        """
        set_config('transaction_read_only', CASE WHEN pg_try_advisory_xact_lock_shared(\(parameter)::bigint) \
        THEN current_setting('transaction_read_only') ELSE 'on' END, true)
        """
    }
}

/// The steps of a tenant move, in order; a move's row records the last one completed (docs/scaling.md,
/// "Tenant moves").
public enum TenantMoveStep: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Recorded; nothing built yet.
    case started
    /// The tenant's schema built on the target (baseline + migrations, no rows); on the source, tables without a
    /// primary key logged with `REPLICA IDENTITY FULL`.
    case prepared
    /// The publication on the source and the subscription on the target exist (initial copy under way).
    case subscribed
    /// Every table's initial copy is done; the subscription streams the tenant's changes.
    case synced
    /// The write freeze was taken (recorded for the measure; a resumed move takes it again).
    case frozen
    /// Caught up, sequences carried over, row counts and checksums equal on both sides.
    case verified
    /// The directory names the target: the tenant is served from there.
    case switched
    /// Subscription, publication, slot and the source schema dropped.
    case done
    /// Undone before the switch: the tenant never left its source.
    case aborted

    /// The step's place in the order above.
    private var order: Int {
        switch self {
        case .started: 0
        case .prepared: 1
        case .subscribed: 2
        case .synced: 3
        case .frozen: 4
        case .verified: 5
        case .switched: 6
        case .done: 7
        case .aborted: 8
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    /// Whether the tenant is already served from the target.
    public var isPastSwitch: Bool { self >= .switched && self != .aborted }
}

/// A tenant move as its control row records it.
public struct TenantMoveRecord: Sendable, Hashable, Encodable {
    public let id: Int64
    public let tenantID: Int64
    public let slug: String
    public let source: String
    public let target: String
    public let step: TenantMoveStep
    public let startedAt: Date
    public let frozenAt: Date?
    public let switchedAt: Date?
    /// From the freeze taken to the directory switched, milliseconds.
    public let freezeMilliseconds: Int?
    /// What verification compared: `{"tables": n, "rows": n, "sequences": n}`.
    public let verified: String?
    public let error: String?
    public let finishedAt: Date?

    /// The publication, subscription and replication slot's name on both clusters.
    public var replicationName: String { "recur_move_\(id)" }

    init(row: PostgresRow, slug: String) throws {
        id = try row.decode(Int64.self, "id")
        tenantID = try row.decode(Int64.self, "tenant_id")
        self.slug = slug
        source = try row.decode(String.self, "source")
        target = try row.decode(String.self, "target")
        let stepName = try row.decode(String.self, "step")
        guard let step = TenantMoveStep(rawValue: stepName) else {
            throw PostgresError.invalidUsage("unknown tenant move step \(stepName)")
        }
        self.step = step
        startedAt = try row.decode(Date.self, "started_at")
        frozenAt = try row.decode(Date?.self, "frozen_at")
        switchedAt = try row.decode(Date?.self, "switched_at")
        freezeMilliseconds = try row.decode(Int?.self, "freeze_ms")
        verified = try row.decode(String?.self, "verified")
        error = try row.decode(String?.self, "error")
        finishedAt = try row.decode(Date?.self, "finished_at")
    }

    enum Keys: String, CodingKey {
        case id, tenant, source, target, step, started_at, frozen_at, switched_at, freeze_ms, verified, error, finished_at
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(slug, forKey: .tenant)
        try container.encode(source, forKey: .source)
        try container.encode(target, forKey: .target)
        try container.encode(step.rawValue, forKey: .step)
        try container.encode(startedAt, forKey: .started_at)
        try container.encode(frozenAt, forKey: .frozen_at)
        try container.encode(switchedAt, forKey: .switched_at)
        try container.encode(freezeMilliseconds, forKey: .freeze_ms)
        try container.encode(verified, forKey: .verified)
        try container.encode(error, forKey: .error)
        try container.encode(finishedAt, forKey: .finished_at)
    }
}

/// What a tenant move refuses or fails on.
public enum TenantMoveError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    case alreadyThere(slug: String, cluster: String)
    /// A live move of the tenant goes elsewhere: finish it or abort it first.
    case otherMoveLive(slug: String, target: String)
    case noLiveMove(slug: String)
    /// `--abort` after the directory switched: the tenant is served from the target; run the move again to finish.
    case pastSwitch(slug: String)
    /// Another `tenant move` of the tenant is running.
    case moverRunning(slug: String)
    /// A superuser connection string is needed on `cluster` (`RECUR_CLUSTER_<NAME>_ADMIN_URL`).
    case noAdminURL(cluster: String)
    /// A step did not finish in time (the initial copy, the catch-up, the freeze waiting for writers in flight).
    case timedOut(step: String, seconds: Int)
    /// Verification found the copies different (tables named); the tenant stays on its source.
    case mismatch(tables: [String])
    /// The tenant's row changed cluster under the mover.
    case directoryChanged(slug: String)

    public var category: StoreErrorCategory {
        switch self {
        case .noAdminURL: .invalidInput
        case .noLiveMove: .notFound
        case .alreadyThere, .otherMoveLive, .pastSwitch, .directoryChanged, .moverRunning: .conflict
        case .timedOut, .mismatch: .failed
        }
    }

    public var description: String {
        switch self {
        case .alreadyThere(let slug, let cluster): "tenant \(slug) is already on cluster \(cluster)"
        case .otherMoveLive(let slug, let target):
            "tenant \(slug) is being moved to cluster \(target): resume that move or abort it first"
        case .noLiveMove(let slug): "tenant \(slug) has no move in progress"
        case .moverRunning(let slug): "another tenant move of \(slug) is running"
        case .pastSwitch(let slug):
            "the move of tenant \(slug) has switched the directory: it cannot be aborted; run tenant move again to finish it"
        case .noAdminURL(let cluster):
            "a tenant move needs a superuser connection to cluster \(cluster): set \(ClusterConnections.adminVariable(for: cluster))"
        case .timedOut(let step, let seconds): "the move's \(step) did not finish within \(seconds) s; the tenant stays on its source"
        case .mismatch(let tables):
            "verification found the copies different in \(tables.joined(separator: ", ")); the tenant stays on its source"
        case .directoryChanged(let slug): "tenant \(slug) changed cluster during the move"
        }
    }
}

/// A fault a test makes the mover suffer: the process kills itself with SIGKILL right after recording a step.
/// Read from Recur's one fault-injection switch, `RECUR_FAULT_INJECTION` (``FaultInjection`` in the EOD module
/// reads the same variable for `recur-worker`), as `kill-after-move-step:STEP`, only by `recur-admin tenant move`.
public struct TenantMoveFault: Sendable, Hashable {
    public let killAfter: TenantMoveStep

    public init(killAfter: TenantMoveStep) { self.killAfter = killAfter }

    public static let environmentVariable = "RECUR_FAULT_INJECTION"
    static let prefix = "kill-after-move-step:"

    /// The fault the environment asks for; `nil` when unset, empty or not a move fault.
    public static func configured(in environment: [String: String]) -> TenantMoveFault? {
        guard let value = environment[environmentVariable], value.hasPrefix(prefix),
            let step = TenantMoveStep(rawValue: String(value.dropFirst(prefix.count)))
        else { return nil }
        return TenantMoveFault(killAfter: step)
    }

    func recorded(_ step: TenantMoveStep) {
        if step == killAfter { kill(getpid(), SIGKILL) }
    }
}

/// The SQL of tenant moves on the control cluster.
struct TenantMoveStatements {
    let control: ControlSchema

    private static let columns = """
        id, tenant_id, source, target, step, started_at, frozen_at, switched_at, freeze_ms, verified::text AS verified,
        error, finished_at
        """

    /// The live move of tenant `$1`.
    var live: PostgresStatement {
        control.statement(
            "recur_move_live",
            "SELECT \(Self.columns) FROM \(control.table("tenant_moves")) WHERE tenant_id = $1 AND finished_at IS NULL")
    }

    /// Starts a move of tenant `$1` from `$2` to `$3` (an open cluster); no row when one is live or the target is
    /// not an open cluster.
    var start: PostgresStatement {
        control.statement(
            "recur_move_start",
            """
            INSERT INTO \(control.table("tenant_moves")) (tenant_id, source, target)
            SELECT $1, $2, c.name FROM \(control.table("clusters")) c WHERE c.name = $3 AND c.drained_at IS NULL
            ON CONFLICT (tenant_id) WHERE finished_at IS NULL DO NOTHING
            RETURNING \(Self.columns)
            """)
    }

    /// Records step `$2` of move `$1` (`$3`: the verification summary, JSON, kept when NULL); clears the error.
    var record: PostgresStatement {
        control.statement(
            "recur_move_record",
            """
            UPDATE \(control.table("tenant_moves"))
            SET step = $2, updated_at = now(), error = NULL, verified = coalesce($3::jsonb, verified),
                frozen_at = CASE WHEN $2 = 'frozen' THEN clock_timestamp() ELSE frozen_at END,
                finished_at = CASE WHEN $2 IN ('done', 'aborted') THEN clock_timestamp() END
            WHERE id = $1
            RETURNING \(Self.columns)
            """)
    }

    /// Records error `$2` on move `$1` (its step unchanged).
    var fail: PostgresStatement {
        control.statement(
            "recur_move_fail",
            "UPDATE \(control.table("tenant_moves")) SET error = $2, updated_at = now() WHERE id = $1")
    }

    /// The directory switch of move `$1`: tenant `$2` goes from cluster `$3` to `$4`, the move records `switched`
    /// and the freeze's length, in one statement; no row when the tenant is no longer on `$3`.
    var switchCluster: PostgresStatement {
        control.statement(
            "recur_move_switch",
            """
            WITH moved AS (
                UPDATE \(control.table("tenants")) SET cluster = $4 WHERE id = $2 AND cluster = $3 RETURNING id)
            UPDATE \(control.table("tenant_moves")) m
            SET step = 'switched', switched_at = clock_timestamp(), updated_at = now(), error = NULL,
                freeze_ms = round(extract(epoch FROM clock_timestamp() - m.frozen_at) * 1000)::int
            FROM moved WHERE m.id = $1
            RETURNING \(Self.columns.replacingOccurrences(of: "id, tenant_id", with: "m.id, m.tenant_id"))
            """)
    }
}
