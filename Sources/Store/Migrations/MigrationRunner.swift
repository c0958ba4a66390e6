import Foundation
import Postgres

/// Applies pending migrations to the control schema and then to every live tenant schema.
///
/// - One run at a time per control schema: the runner takes an exclusive session advisory lock on the connection
///   it is given. A second runner **waits** for it up to ``lockTimeout`` and then fails with
///   ``MigrationError/anotherMigrationRunning(waitedMilliseconds:)``; when it gets the lock it finds the work
///   done and applies nothing.
/// - The control migrations run first, together in one transaction; if one fails the run stops.
/// - Then each tenant's pending files run in one transaction per tenant, with `search_path` set to that
///   tenant's quoted schema; a failing tenant is rolled back, reported in ``MigrationReport/failures``, and the
///   run goes on with the others. A rerun (after a crash or a fix) applies exactly what is still missing.
/// - Every applied file is recorded in `<control>.schema_migrations` (schema, version, file name, SHA-256);
///   if an applied file has changed the run refuses to start.
public struct MigrationRunner: Sendable {
    public let migrations: MigrationSet
    public let control: ControlSchema
    /// How long to wait for another runner's lock.
    public var lockTimeout: Duration
    /// `lock_timeout` of each tenant's transaction: a table lock not granted within it fails the attempt
    /// (SQLSTATE 55P03), which is retried with backoff up to ``lockRetries`` times before the tenant is reported
    /// as failed (a rerun resumes it).
    public var tenantLockTimeout: Duration = .seconds(2)
    public var lockRetries = 5
    /// Tenants migrated on one connection before it is replaced (``run(pool:progress:)``): bounds the memory of
    /// the backend applying the files, which caches the catalogue of every schema it touched.
    public var tenantsPerConnection = 200

    public init(migrations: MigrationSet, control: ControlSchema = .standard, lockTimeout: Duration = .seconds(60)) {
        self.migrations = migrations
        self.control = control
        self.lockTimeout = lockTimeout
    }

    var statements: MigrationStatements { MigrationStatements(control: control) }

    // MARK: Dry run

    /// What ``run(on:progress:)`` would do, computed without taking the lock or changing anything.
    public func plan(on connection: PostgresConnection) throws -> MigrationPlan {
        let checksums = try self.checksums(on: connection)
        let present = try tablesPresent(on: connection)
        var plan = MigrationPlan(
            controlSchema: control.name, control: migrations.control, tenants: [], tenantCount: 0,
            checksumMismatches: [], unknownVersions: [])
        guard present.migrations else { return plan }
        let control = try controlState(on: connection, checksums: checksums)
        plan.control = control.pending
        plan.checksumMismatches = control.mismatches
        plan.unknownVersions = control.unknown
        guard present.tenants else { return plan }
        let tenants = try tenantState(on: connection, checksums: checksums)
        plan.tenants = tenants.pending
        plan.tenantCount = tenants.count
        plan.checksumMismatches += tenants.mismatches
        plan.unknownVersions += tenants.unknown
        return plan
    }

    // MARK: Run

    /// Borrows one connection from `pool` for the whole run (the lock lives on it); the tenants' files are applied
    /// on connections of their own, each replaced after ``tenantsPerConnection`` tenants.
    /// Tenants on other clusters are migrated through the process's shared pools of `pool` (``ClusterPools``).
    public func run(pool: PostgresPool, progress: (MigrationProgress) -> Void = { _ in }) throws -> MigrationReport {
        try pool.withConnection {
            try run(
                on: $0, clusters: ClusterPools.shared(control: pool),
                tenantConnections: pool.configuration.connectionString, progress: progress)
        }
    }

    /// Takes the migration lock on `connection` (which must not be in a transaction), applies everything
    /// pending, releases the lock and reports. `progress` is called after each tenant.
    ///
    /// A tenant on another cluster (the tenant directory) has its files applied in a transaction on that cluster
    /// (`clusters`), nested in a control transaction holding their records: the cluster commits first, then the
    /// records. Without `clusters`, or with its cluster unreachable, such a tenant is reported as failed.
    /// With `tenantConnections` (a connection string), local tenants are migrated on connections opened from it and
    /// replaced every ``tenantsPerConnection`` tenants; otherwise on `connection`.
    public func run(
        on connection: PostgresConnection, clusters: ClusterPools? = nil, tenantConnections: String? = nil,
        progress: (MigrationProgress) -> Void = { _ in }
    ) throws -> MigrationReport {
        guard !connection.isInTransaction else {
            throw PostgresError.invalidUsage("migrations need a connection outside any transaction")
        }
        let checksums = try self.checksums(on: connection)
        let lock = MigrationLock(control)
        var waited = false
        if try !connection.tryAdvisoryLock(lock.key) {
            waited = true
            let milliseconds = max(1, lockTimeout.wholeMilliseconds)
            guard try connection.advisoryLock(lock.key, timeoutMilliseconds: milliseconds) else {
                throw MigrationError.anotherMigrationRunning(waitedMilliseconds: milliseconds)
            }
        }
        defer { _ = try? connection.unlockAdvisory(lock.key) }

        try connection.simpleQuery(statements.bootstrap)
        // Every check before any change: a changed file anywhere means nothing runs.
        let controlState = try self.controlState(on: connection, checksums: checksums)
        if let mismatch = controlState.mismatches.first { throw mismatch.error }
        var unknown = controlState.unknown
        if try tablesPresent(on: connection).tenants {
            let discrepancies = try tenantDiscrepancies(on: connection, checksums: checksums)
            if let mismatch = discrepancies.mismatches.first { throw mismatch.error }
            unknown += discrepancies.unknown
        }
        if !controlState.pending.isEmpty {
            try applyControl(controlState.pending, on: connection)
        }
        let tenantCount = try connection.query(statements.tenantCount).singleRow()?.decode(Int.self, "tenants") ?? 0
        let behind = try tenantsBehind(on: connection)
        // The tenants that live elsewhere (read after the control migrations, which added the column).
        var elsewhere: [String: String] = [:]
        if !behind.isEmpty {
            for row in try connection.query(statements.tenantsElsewhere) {
                elsewhere[try row.decode(String.self, "schema_name")] = try row.decode(String.self, "cluster")
            }
        }

        var report = MigrationReport(
            controlSchema: control.name, controlApplied: controlState.pending, tenantCount: tenantCount,
            tenantsMigrated: 0, tenantMigrationsApplied: 0, failures: [], unknownVersions: unknown,
            waitedForLock: waited)
        let lockTimeout = String(max(1, tenantLockTimeout.wholeMilliseconds))
        let work = TenantWorkConnection(
            lockConnection: connection, connectionString: tenantConnections, tenantsPerConnection: tenantsPerConnection)
        for (offset, tenant) in behind.enumerated() {
            var current = tenant.pending.first?.fileName ?? ""
            var attempt = 0
            while true {
                do {
                    if let cluster = elsewhere[tenant.schemaName] {
                        guard let clusters else {
                            throw MigrationError.clusterUnreachable(cluster: cluster, reason: "no cluster pools given")
                        }
                        try connection.transaction { records in
                            do {
                                try clusters.pool(for: cluster).transaction { connection in
                                    try connection.query(MigrationStatements.setLockTimeout, [lockTimeout])
                                    try prepareSharedSchema(on: connection)
                                    try applyTenant(
                                        tenant.pending, schemaName: tenant.schemaName, on: connection, recordingOn: records
                                    ) { current = $0.fileName }
                                }
                            } catch let error as PostgresError where error.isConnectionProblem {
                                // That cluster is down: this tenant fails, the run goes on with the others.
                                throw MigrationError.clusterUnreachable(cluster: cluster, reason: "\(error)")
                            }
                        }
                    } else {
                        try work.next().transaction { connection in
                            // Online: a lock a busy tenant table does not grant soon is given up, and the tenant
                            // retried, rather than queueing every request behind the migration's lock request.
                            try connection.query(MigrationStatements.setLockTimeout, [lockTimeout])
                            try applyTenant(tenant.pending, schemaName: tenant.schemaName, on: connection) { current = $0.fileName }
                        }
                    }
                    report.tenantsMigrated += 1
                    report.tenantMigrationsApplied += tenant.pending.count
                } catch let error as PostgresError where error.isConnectionProblem {
                    throw error
                } catch let error as PostgresError where error.sqlState == .lockNotAvailable && attempt < lockRetries {
                    attempt += 1
                    report.lockRetries += 1
                    Thread.sleep(forTimeInterval: min(2.0, 0.05 * Double(1 << attempt)))
                    continue
                } catch {
                    report.failures.append(
                        TenantMigrationFailure(
                            slug: tenant.slug, schemaName: tenant.schemaName, fileName: current,
                            reason: failureReason(error)))
                }
                break
            }
            progress(MigrationProgress(completed: offset + 1, total: behind.count, failed: report.failures.count))
        }
        report.connectionsRetired = work.retired
        // Spares built from older (or newer) files would never be claimed: drop them, under the lock.
        let spares = try connection.query(MigrationStatements.relationPresent, [control.table("spare_schemas")])
        if try spares.singleRow()?.decode(Bool.self, "present") == true {
            report.staleSparesDropped = try SpareSchemas.dropStale(
                control: control, fingerprint: migrations.tenantFingerprint, on: connection)
        }
        return report
    }

    // MARK: Applying

    private func applyControl(_ pending: [Migration], on connection: PostgresConnection) throws {
        var current = pending.first?.fileName ?? ""
        do {
            try connection.transaction { connection in
                try apply(pending, schemaName: control.name, quotedSchema: control.quotedName, on: connection) {
                    current = $0.fileName
                }
            }
        } catch let error as PostgresError where error.isConnectionProblem {
            throw error
        } catch let error as MigrationError {
            throw error
        } catch {
            throw MigrationError.controlMigrationFailed(fileName: current, reason: failureReason(error))
        }
    }

    /// Brings `recur_shared` up to date on another cluster's `connection`, inside the caller's transaction: the
    /// control cluster gets it from its control migrations, the others before each tenant built or migrated there.
    func prepareSharedSchema(on connection: PostgresConnection) throws {
        guard connection.isInTransaction else {
            throw PostgresError.invalidUsage("migrations must run inside a transaction")
        }
        for migration in migrations.sharedSchema {
            try connection.simpleQuery(migration.sql)
        }
    }

    /// Applies tenant migrations to `schemaName` inside the caller's transaction (also used by tenant creation).
    func applyTenant(
        _ pending: [Migration], schemaName: String, on connection: PostgresConnection,
        recordingOn records: PostgresConnection? = nil, willRun: (Migration) -> Void = { _ in }
    ) throws {
        try apply(
            pending, schemaName: schemaName, quotedSchema: quoteIdentifier(schemaName), on: connection,
            recordingOn: records ?? connection, willRun: willRun)
    }

    /// Builds a new tenant's schema `schemaName` inside the caller's transaction: from ``MigrationSet/tenantBaseline``
    /// when there is one (one file instead of the whole history; the migrations it includes are recorded as
    /// applied, with their checksums), then the migrations after it; without a baseline, every migration.
    /// `records` (default: `connection`) is where the migration records go, in the control schema: another
    /// cluster's tenant is built on its cluster's connection and recorded on the control cluster's.
    func provisionTenant(
        schemaName: String, on connection: PostgresConnection, recordingOn records: PostgresConnection? = nil
    ) throws {
        let records = records ?? connection
        let all = migrations.tenant
        guard let baseline = migrations.tenantBaseline, baseline.version <= (all.last?.version ?? 0) else {
            return try applyTenant(all, schemaName: schemaName, on: connection, recordingOn: records)
        }
        guard connection.isInTransaction else {
            throw PostgresError.invalidUsage("migrations must run inside a transaction")
        }
        try connection.query(MigrationStatements.setSearchPath, [quoteIdentifier(schemaName)])
        try connection.simpleQuery(baseline.sql)
        let included = all.filter { $0.version <= baseline.version }
        try records.query(
            statements.recordIncluded,
            [schemaName, SQLArray(included.map(\.version)), SQLArray(included.map { $0.fileName as String? }),
             SQLArray(included.map { $0.sql as String? })])
        try applyTenant(
            all.filter { $0.version > baseline.version }, schemaName: schemaName, on: connection, recordingOn: records)
    }

    /// Builds a copy of tenant schema `schemaName` inside the caller's transaction exactly as
    /// ``provisionTenant(schemaName:on:recordingOn:)`` does, but records nothing: a tenant move's target
    /// (``TenantMover``), whose records, keyed by schema name, already exist for the source.
    func buildTenantCopy(schemaName: String, on connection: PostgresConnection) throws {
        let all = migrations.tenant
        guard connection.isInTransaction else {
            throw PostgresError.invalidUsage("migrations must run inside a transaction")
        }
        var pending = all
        if let baseline = migrations.tenantBaseline, baseline.version <= (all.last?.version ?? 0) {
            try connection.query(MigrationStatements.setSearchPath, [quoteIdentifier(schemaName)])
            try connection.simpleQuery(baseline.sql)
            pending = all.filter { $0.version > baseline.version }
        }
        try apply(
            pending, schemaName: schemaName, quotedSchema: quoteIdentifier(schemaName), on: connection, record: false,
            willRun: { _ in })
    }

    /// Runs each file with `search_path` set (per transaction) to `quotedSchema`, and records it (unless `record`
    /// is false).
    private func apply(
        _ pending: [Migration], schemaName: String, quotedSchema: String, on connection: PostgresConnection,
        recordingOn records: PostgresConnection? = nil, record: Bool = true, willRun: (Migration) -> Void
    ) throws {
        let records = records ?? connection
        guard connection.isInTransaction else {
            throw PostgresError.invalidUsage("migrations must run inside a transaction")
        }
        for migration in pending {
            willRun(migration)
            // Set before every file: a file cannot leave a different search_path to the next one.
            try connection.query(MigrationStatements.setSearchPath, [quotedSchema])
            try connection.simpleQuery(migration.sql)
            guard connection.transactionState == .inTransaction else {
                throw MigrationError.transactionEndedByMigration(fileName: migration.fileName)
            }
            if record {
                try records.query(statements.record, [schemaName, migration.version, migration.fileName, migration.bytes])
            }
        }
    }

    private func failureReason(_ error: any Error) -> String {
        if let error = error as? PostgresError, let server = error.serverError {
            return "\(server.sqlState.rawValue) \(server.message)" + (server.detail.map { " (\($0))" } ?? "")
        }
        return String(describing: error)
    }
}

extension PostgresError {
    /// The connection is gone: retrying the next tenant on it is pointless.
    var isConnectionProblem: Bool {
        switch self {
        case .connectionFailed, .connectionLost, .poolClosed, .poolTimeout: true
        case .server(let error): error.sqlState.isConnectionFailure
        default: false
        }
    }
}
