import ArgumentParser
import Store

/// `recur-admin migrate [--dry-run] [--lock-timeout SECONDS]`
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations to the control schema and every tenant schema.",
        discussion: """
            Control migrations run first, in one transaction. Then each tenant's pending migrations run in one \
            transaction per tenant; a tenant that fails is rolled back and reported, the others go on, and the \
            command ends with exit code 1. Rerunning applies only what is still missing. If an applied file has \
            changed (checksum) nothing runs. One run at a time: a second run waits up to --lock-timeout seconds \
            for the first, then fails with "another migration is running". Each tenant's transaction has a short \
            lock_timeout (--tenant-lock-timeout-ms, default 2000): a table lock a busy tenant does not grant in time \
            is given up and the tenant retried with backoff (5 times), so requests never queue behind the \
            migration. Progress (bar, count, ETA) is shown on a terminal.
            """)

    @Flag(name: .long, help: "List what would run, change nothing (takes no lock).")
    var dryRun = false

    @Option(name: .long, help: "Seconds to wait for another migration run to finish.")
    var lockTimeout: Int = 60

    @Option(name: .long, help: "lock_timeout of each tenant's transaction, in milliseconds (10...600000).")
    var tenantLockTimeoutMs: Int = 2_000

    func validate() throws {
        guard lockTimeout >= 0 else { throw ValidationError("--lock-timeout must be ≥ 0") }
        guard (10...600_000).contains(tenantLockTimeoutMs) else {
            throw ValidationError("--tenant-lock-timeout-ms must be from 10 to 600000")
        }
    }

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        var runner = MigrationRunner(migrations: try environment.migrations(), control: environment.control)
        runner.lockTimeout = .seconds(lockTimeout)
        runner.tenantLockTimeout = .milliseconds(tenantLockTimeoutMs)
        if dryRun {
            let plan = try environment.pool.withConnection { try runner.plan(on: $0) }
            try printPlan(plan)
            return
        }
        var progress = ProgressLine("migrating tenants")
        let report = try runner.run(pool: environment.pool) { step in
            progress.update(completed: step.completed, total: step.total, failed: step.failed)
        }
        progress.finish()
        try printReport(report)
    }

    private func printPlan(_ plan: MigrationPlan) throws {
        for migration in plan.control {
            Output.out("control \(plan.controlSchema): would apply \(migration.fileName)")
        }
        for tenant in plan.tenants {
            Output.out(
                "tenant \(tenant.slug) (\(tenant.schemaName)): would apply "
                    + tenant.pending.map(\.fileName).joined(separator: ", "))
        }
        warnUnknown(plan.unknownVersions)
        Output.out(
            "dry run: \(plan.control.count) control migration(s) pending; \(plan.tenants.count) of "
                + "\(plan.tenantCount) tenant(s) behind")
        if let mismatch = plan.checksumMismatches.first {
            throw AdminError.failed(
                "a run would refuse to start: \(mismatch.fileName) changed after it was applied to \(mismatch.schemaName)"
                    + (plan.checksumMismatches.count > 1 ? " (and \(plan.checksumMismatches.count - 1) more)" : ""))
        }
    }

    private func printReport(_ report: MigrationReport) throws {
        if report.waitedForLock { Output.note("waited for another migration run to finish") }
        for migration in report.controlApplied {
            Output.out("control \(report.controlSchema): applied \(migration.fileName)")
        }
        warnUnknown(report.unknownVersions)
        for failure in report.failures {
            Output.note(failure.description)
        }
        if report.lockRetries > 0 {
            Output.note("\(report.lockRetries) tenant attempt(s) gave up a busy table's lock and were retried")
        }
        if report.staleSparesDropped > 0 {
            Output.note("dropped \(report.staleSparesDropped) spare schema(s) built from other migration files")
        }
        Output.out(
            "tenants: \(report.tenantCount) total, \(report.tenantsMigrated) migrated "
                + "(\(report.tenantMigrationsApplied) file(s) applied), \(report.failures.count) failed")
        if !report.succeeded {
            throw AdminError.failed(
                "migrations failed for \(report.failures.count) tenant(s); fix and run migrate again")
        }
    }

    private func warnUnknown(_ unknown: [UnknownMigration]) {
        for migration in unknown {
            Output.note(
                "warning: \(migration.scope.rawValue) migration \(migration.fileName) (version \(migration.version)) "
                    + "is applied to \(migration.schemaCount) schema(s) but has no file")
        }
    }
}
