import Foundation
import Postgres

/// Moves one tenant's schema to another cluster with PostgreSQL's logical replication while the tenant keeps
/// working (docs/scaling.md, "Tenant moves"): target schema built, publication + subscription (initial copy, then
/// streaming), a short write freeze (``TenantMoveLock``), catch-up, sequences carried over, row counts and checksums
/// compared, directory switch, clean-up. Each step is recorded in the control table `tenant_moves` before the next
/// starts and can be redone, so ``move(slug:to:)`` after a crash resumes and ``abort(slug:)`` undoes; until the
/// switch the tenant is served from its source, and a dead mover's freeze ends with its connection.
///
/// Connection strings come from this process's environment only (``ClusterConnections``): the ordinary ones for the
/// schema work, the superuser ones (`RECUR_CLUSTER_<NAME>_ADMIN_URL`) for publications, subscriptions and slots. The
/// target's subscription connects to the source with the source's superuser string, which is therefore stored in
/// the target's `pg_subscription` catalogue for the move's duration (dropped with the subscription).
public struct TenantMover: Sendable {
    public let pool: PostgresPool
    public let control: ControlSchema
    public let clusters: ClusterPools
    let runner: MigrationRunner
    /// The test hook (``TenantMoveFault``); `nil` in production.
    public var fault: TenantMoveFault?
    /// The longest the initial copy may take.
    public var syncTimeout: Duration = .seconds(600)
    /// The longest the freeze waits for the tenant's writers in flight (their transactions hold the lock shared).
    public var freezeWait: Duration = .seconds(10)
    /// The longest the frozen tenant waits for the subscription to confirm everything written before the freeze.
    public var catchUpTimeout: Duration = .seconds(30)
    /// Progress lines (the admin command prints them).
    public var progress: @Sendable (String) -> Void = { _ in }

    public init(pool: PostgresPool, migrations: MigrationSet, control: ControlSchema = .standard, clusters: ClusterPools? = nil) {
        self.pool = pool
        self.control = control
        self.clusters = clusters ?? ClusterPools.shared(control: pool)
        runner = MigrationRunner(migrations: migrations, control: control)
    }

    var statements: TenantMoveStatements { TenantMoveStatements(control: control) }

    /// The tenant as the mover needs it.
    struct Subject {
        let id: Int64
        let slug: String
        let schemaName: String
        let quotedSchema: String
        let cluster: String
    }

    // MARK: Move

    /// Moves tenant `slug` to cluster `target`, or resumes its live move there after the last recorded step.
    @discardableResult
    public func move(slug: String, to target: String) throws -> TenantMoveRecord {
        let subject = try tenant(slug)
        let mover = try claim(subject)
        return try withExtendedLifetime(mover) { try move(subject, to: target) }
    }

    /// One mover per tenant at a time: a session lock on the control cluster, on a connection of its own that lives
    /// as long as the returned value (the caller keeps it).
    private func claim(_ subject: Subject) throws -> PostgresConnection {
        let connection = try PostgresConnection(pool.configuration.connectionString, applicationName: "recur-admin tenant move")
        let key = AdvisoryLockKey(classID: TenantMoveLock.moverClass, objectID: Int32(truncatingIfNeeded: subject.id))
        guard try connection.tryAdvisoryLock(key) else { throw TenantMoveError.moverRunning(slug: subject.slug) }
        return connection
    }

    private func move(_ subject: Subject, to target: String) throws -> TenantMoveRecord {
        var move = try begin(subject, target: target)
        do {
            if move.step < .prepared {
                try prepare(subject, move)
                move = try record(move, .prepared)
            }
            if move.step < .subscribed {
                try subscribe(subject, move)
                move = try record(move, .subscribed)
            }
            if move.step < .synced {
                try waitForInitialCopy(subject, move)
                move = try record(move, .synced)
            }
            if move.step < .switched {
                // Freeze, verify and switch in one run: the freeze is a lock on this connection, not a state.
                let freeze = try PostgresConnection(try adminURL(move.source), applicationName: "recur-admin tenant move")
                // The lock lives as long as this connection: until the source schema is gone.
                return try withExtendedLifetime(freeze) {
                    move = try freezeVerifyAndSwitch(subject, move, lock: freeze)
                    try cleanUp(subject, move)
                    return try record(move, .done)
                }
            }
            try cleanUp(subject, move)
            return try record(move, .done)
        } catch {
            _ = try? pool.withConnection { try $0.query(statements.fail, [move.id, String("\(error)".prefix(2000))]) }
            throw error
        }
    }

    /// Undoes the live move of `slug` before its switch: subscription, publication, slot and the target schema
    /// dropped, replica identities restored; the tenant never left its source.
    @discardableResult
    public func abort(slug: String) throws -> TenantMoveRecord {
        let subject = try tenant(slug)
        let mover = try claim(subject)
        return try withExtendedLifetime(mover) { try abort(subject) }
    }

    private func abort(_ subject: Subject) throws -> TenantMoveRecord {
        let slug = subject.slug
        guard let row = try pool.withConnection({ try $0.query(statements.live, [subject.id]).first }) else {
            throw TenantMoveError.noLiveMove(slug: slug)
        }
        let move = try TenantMoveRecord(row: row, slug: slug)
        guard !move.step.isPastSwitch, subject.cluster == move.source else { throw TenantMoveError.pastSwitch(slug: slug) }
        try dropReplication(move)
        try clusters.pool(for: move.source).withConnection { connection in
            try connection.simpleQuery(try replicaIdentitySQL(connection, subject, from: "f", to: "DEFAULT"))
        }
        try clusters.pool(for: move.target).withConnection { connection in
            try guardOnCluster(subject, move.source)
            try connection.execute("DROP SCHEMA IF EXISTS \(subject.quotedSchema) CASCADE")
        }
        return try record(move, .aborted)
    }

    // MARK: Steps

    private func tenant(_ slug: String) throws -> Subject {
        let live = TenantStatements(control: control).bySlug
        guard let row = try control.mappingMissingSchema({ try pool.withConnection { try $0.query(live, [slug]).first } })
        else { throw TenantError.notFound(slug: slug) }
        let schemaName = try row.decode(String.self, "schema_name")
        return Subject(
            id: try row.decode(Int64.self, "id"), slug: slug, schemaName: schemaName,
            quotedSchema: try quoteIdentifier(schemaName), cluster: try row.decode(String.self, "cluster"))
    }

    /// The live move of `subject` (it must go to `target`) or a new one.
    private func begin(_ subject: Subject, target: String) throws -> TenantMoveRecord {
        guard ClusterName.isValid(target) else { throw ClusterError.invalidName(target) }
        return try pool.withConnection { connection in
            if let row = try connection.query(statements.live, [subject.id]).first {
                let move = try TenantMoveRecord(row: row, slug: subject.slug)
                guard move.target == target else { throw TenantMoveError.otherMoveLive(slug: subject.slug, target: move.target) }
                progress("resuming move \(move.id) of \(subject.slug) after step \(move.step.rawValue)")
                return move
            }
            guard subject.cluster != target else { throw TenantMoveError.alreadyThere(slug: subject.slug, cluster: target) }
            // An open cluster, and both ends reachable with the rights a move needs, before anything is recorded.
            let found = try ClusterDirectory(pool: pool, control: control).list().first { $0.name == target }
            guard let found else { throw ClusterError.notFound(target) }
            if found.drainedAt != nil { throw ClusterError.drained(target) }
            _ = try adminURL(subject.cluster)
            _ = try adminURL(target)
            guard let row = try connection.query(statements.start, [subject.id, subject.cluster, target]).first else {
                // Drained or given a live move since the checks above.
                throw TenantMoveError.otherMoveLive(slug: subject.slug, target: target)
            }
            let move = try TenantMoveRecord(row: row, slug: subject.slug)
            progress("move \(move.id) of \(subject.slug): \(move.source) → \(move.target)")
            return move
        }
    }

    /// The tenant's schema on the target, from the baseline and later migrations, without rows (they come from the
    /// source); on the source, tables without a primary key logged whole (`REPLICA IDENTITY FULL`), which
    /// replicating their updates and deletes needs. Redone from scratch when resumed.
    private func prepare(_ subject: Subject, _ move: TenantMoveRecord) throws {
        try clusters.pool(for: move.source).withConnection { connection in
            try connection.simpleQuery(try replicaIdentitySQL(connection, subject, from: "d", to: "FULL"))
        }
        try clusters.pool(for: move.target).transaction { connection in
            try guardOnCluster(subject, move.source)
            try runner.prepareSharedSchema(on: connection)
            try connection.execute("DROP SCHEMA IF EXISTS \(subject.quotedSchema) CASCADE")
            try connection.execute("CREATE SCHEMA \(subject.quotedSchema)")
            try runner.buildTenantCopy(schemaName: subject.schemaName, on: connection)
        }
        // The migrations seed rows (chart of accounts, numbering, settings) that the initial copy brings from the
        // source: emptied with the tables' triggers off (they refuse such deletes), as the apply worker runs.
        let target = try PostgresConnection(try adminURL(move.target), applicationName: "recur-admin tenant move")
        let tables = try target.query(TenantMoveSQL.tables, [subject.schemaName]).map {
            "\(subject.quotedSchema).\(try quoteIdentifier(try $0.decode(String.self, "tablename")))"
        }
        try target.simpleQuery(
            "BEGIN; SET LOCAL session_replication_role = replica; TRUNCATE \(tables.joined(separator: ", ")); COMMIT;")
        progress("prepared: schema \(subject.schemaName) built on \(move.target)")
    }

    /// `ALTER TABLE … REPLICA IDENTITY <to>` for the tenant's tables without a primary key whose identity is `from`
    /// (`d` default, `f` full); an empty statement list when there are none.
    private func replicaIdentitySQL(
        _ connection: PostgresConnection, _ subject: Subject, from: String, to: String
    ) throws -> String {
        let rows = try connection.query(TenantMoveSQL.tablesWithoutKey, [subject.schemaName, from])
        let tables = try rows.map { try quoteIdentifier(try $0.decode(String.self, "relname")) }
        return tables.map { "ALTER TABLE \(subject.quotedSchema).\($0) REPLICA IDENTITY \(to);" }.joined(separator: "\n")
            .ifEmpty("SELECT 1;")
    }

    /// The publication of the tenant's schema on the source and the subscription to it on the target (which makes
    /// the slot on the source and starts the initial copy). Each created only when missing.
    private func subscribe(_ subject: Subject, _ move: TenantMoveRecord) throws {
        let name = move.replicationName
        let sourceURL = try adminURL(move.source)
        let source = try PostgresConnection(sourceURL, applicationName: "recur-admin tenant move")
        if try source.query(TenantMoveSQL.publicationExists, [name]).isEmpty {
            try source.simpleQuery("CREATE PUBLICATION \(name) FOR TABLES IN SCHEMA \(subject.quotedSchema)")
        }
        let target = try PostgresConnection(try adminURL(move.target), applicationName: "recur-admin tenant move")
        if try target.query(TenantMoveSQL.subscriptionExists, [name]).isEmpty {
            // A mover killed inside CREATE SUBSCRIPTION may have left its slot on the source.
            _ = try source.query(TenantMoveSQL.dropIdleSlot, [name])
            let conninfo = sourceURL.replacingOccurrences(of: "'", with: "''")
            try target.simpleQuery(
                "CREATE SUBSCRIPTION \(name) CONNECTION '\(conninfo)' PUBLICATION \(name) WITH (copy_data = true)")
        }
        progress("subscribed: \(name) (initial copy under way)")
    }

    /// Waits until the target has copied every table of the schema (`pg_subscription_rel` state `r`).
    private func waitForInitialCopy(_ subject: Subject, _ move: TenantMoveRecord) throws {
        let tables = try clusters.pool(for: move.source).withConnection { connection in
            try connection.query(TenantMoveSQL.tableCount, [subject.schemaName]).first?.decode(Int.self, "n") ?? 0
        }
        let target = try PostgresConnection(try adminURL(move.target), applicationName: "recur-admin tenant move")
        let deadline = ContinuousClock.now + syncTimeout
        while true {
            let row = try target.query(TenantMoveSQL.copyState, [move.replicationName]).first
            let ready = try row?.decode(Int.self, "ready") ?? 0
            if ready >= tables { break }
            guard ContinuousClock.now < deadline else {
                throw TenantMoveError.timedOut(step: "initial copy", seconds: Int(syncTimeout.components.seconds))
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        progress("synced: \(tables) tables copied, streaming")
    }

    /// The freeze (the move lock on `lock`, a connection to the source), the catch-up, sequences, verification and
    /// the directory switch. The lock stays held by `lock` until the caller closes it, after the clean-up, so that
    /// a process still routing to the source cannot write there after the switch.
    private func freezeVerifyAndSwitch(
        _ subject: Subject, _ move: TenantMoveRecord, lock: PostgresConnection
    ) throws -> TenantMoveRecord {
        let key = TenantMoveLock.key(tenantID: subject.id)
        guard try lock.advisoryLock(key, timeoutMilliseconds: Int(freezeWait / .milliseconds(1))) else {
            throw TenantMoveError.timedOut(step: "freeze (writers in flight)", seconds: Int(freezeWait.components.seconds))
        }
        var move = try record(move, .frozen)
        progress("frozen: writes answer 503, reads continue")
        // Everything acknowledged before the lock was granted is in the source's WAL before this position.
        guard let mark = try lock.query(TenantMoveSQL.currentLSN).first?.decode(String.self, "lsn") else {
            throw PostgresError.invalidUsage("pg_current_wal_lsn returned no row")
        }
        let deadline = ContinuousClock.now + catchUpTimeout
        while try lock.query(TenantMoveSQL.slotCaughtUp, [move.replicationName, mark]).first?.decode(Bool?.self, "caught") != true {
            guard ContinuousClock.now < deadline else {
                throw TenantMoveError.timedOut(step: "catch-up", seconds: Int(catchUpTimeout.components.seconds))
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let summary = try verify(subject, move)
        move = try record(move, .verified, verified: summary)
        progress("verified: \(summary)")
        guard let row = try pool.withConnection({
            try $0.query(statements.switchCluster, [move.id, subject.id, move.source, move.target]).first
        }) else { throw TenantMoveError.directoryChanged(slug: subject.slug) }
        move = try TenantMoveRecord(row: row, slug: subject.slug)
        progress("switched: \(subject.slug) served from \(move.target); writes were frozen \(move.freezeMilliseconds ?? 0) ms")
        fault?.recorded(.switched)
        return move
    }

    /// Sequences carried over (PostgreSQL 15 does not replicate them), then every table's row count and checksum
    /// compared on both sides; returns the summary as JSON. Retries briefly: the slot's confirmation can precede the
    /// target's snapshot by a moment.
    private func verify(_ subject: Subject, _ move: TenantMoveRecord) throws -> String {
        let sourcePool = try clusters.pool(for: move.source)
        let targetPool = try clusters.pool(for: move.target)
        let (tables, sequences) = try sourcePool.withConnection { connection in
            let tables = try connection.query(TenantMoveSQL.tables, [subject.schemaName]).map { try $0.decode(String.self, "tablename") }
            let sequences = try connection.query(TenantMoveSQL.sequences, [subject.schemaName]).map {
                (try $0.decode(String.self, "sequencename"), try $0.decode(Int64.self, "last_value"))
            }
            return (tables, sequences)
        }
        if !sequences.isEmpty {
            try targetPool.withConnection { connection in
                try connection.query(
                    TenantMoveSQL.setSequences,
                    [subject.schemaName, SQLArray(sequences.map { $0.0 as String? }), SQLArray(sequences.map { String($0.1) as String? })])
            }
        }
        let checksums = try TenantMoveSQL.checksums(tables: tables, quotedSchema: subject.quotedSchema)
        var attempts = 0
        while true {
            let source = try sourcePool.transaction { try Self.sums(checksums, on: $0) }
            let target = try targetPool.transaction { try Self.sums(checksums, on: $0) }
            let different = tables.filter { source[$0] == nil || source[$0] != target[$0] }
            if different.isEmpty {
                let rows = source.values.reduce(0) { $0 + $1.rows }
                return #"{"tables": \#(tables.count), "rows": \#(rows), "sequences": \#(sequences.count)}"#
            }
            attempts += 1
            guard attempts < 10 else { throw TenantMoveError.mismatch(tables: different) }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    private struct TableSum: Equatable {
        let rows: Int
        let sum: String
    }

    /// Runs the checksum statement with fixed output settings (the same text on both clusters).
    private static func sums(_ sql: String, on connection: PostgresConnection) throws -> [String: TableSum] {
        try connection.simpleQuery(
            "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3;")
        var sums: [String: TableSum] = [:]
        for row in try connection.query(sql) {
            sums[try row.decode(String.self, "t")] = TableSum(rows: try row.decode(Int.self, "n"), sum: try row.decode(String.self, "s"))
        }
        return sums
    }

    /// After the switch (or when resumed after it): subscription (and its slot), publication and then the
    /// source schema dropped.
    private func cleanUp(_ subject: Subject, _ move: TenantMoveRecord) throws {
        try dropReplication(move)
        try guardOnCluster(subject, move.target)
        try clusters.pool(for: move.source).withConnection { connection in
            try connection.execute("DROP SCHEMA IF EXISTS \(subject.quotedSchema) CASCADE")
        }
        progress("cleaned up: subscription, publication and the source schema dropped")
    }

    /// Drops the move's subscription on the target (which drops its slot on the source), its publication and any
    /// slot left on the source.
    private func dropReplication(_ move: TenantMoveRecord) throws {
        let name = move.replicationName
        let target = try PostgresConnection(try adminURL(move.target), applicationName: "recur-admin tenant move")
        try target.simpleQuery("DROP SUBSCRIPTION IF EXISTS \(name)")
        let source = try PostgresConnection(try adminURL(move.source), applicationName: "recur-admin tenant move")
        try source.simpleQuery("DROP PUBLICATION IF EXISTS \(name)")
        _ = try source.query(TenantMoveSQL.dropIdleSlot, [name])
    }

    /// Refuses to go on unless the directory still has the tenant on `cluster` (a schema is about to be dropped).
    private func guardOnCluster(_ subject: Subject, _ cluster: String) throws {
        let now = try tenant(subject.slug)
        guard now.id == subject.id, now.cluster == cluster else { throw TenantMoveError.directoryChanged(slug: subject.slug) }
    }

    private func record(_ move: TenantMoveRecord, _ step: TenantMoveStep, verified: String? = nil) throws -> TenantMoveRecord {
        guard let row = try pool.withConnection({ try $0.query(statements.record, [move.id, step.rawValue, verified]).first })
        else { throw PostgresError.invalidUsage("tenant move \(move.id) vanished") }
        let recorded = try TenantMoveRecord(row: row, slug: move.slug)
        fault?.recorded(step)
        return recorded
    }

    /// The superuser connection string of `cluster`.
    private func adminURL(_ cluster: String) throws -> String {
        guard let url = clusters.connections.adminURL(for: cluster) else { throw TenantMoveError.noAdminURL(cluster: cluster) }
        return url
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
