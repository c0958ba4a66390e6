/// What a migration run would do, as `recur-admin migrate --dry-run` shows it.
public struct MigrationPlan: Sendable, Hashable {
    /// The control schema's name.
    public var controlSchema: String
    /// Control migrations not yet applied, in order.
    public var control: [Migration]
    /// Tenants with at least one tenant migration not yet applied, in creation order.
    public var tenants: [TenantMigrationPlan]
    /// Live (not deleted) tenants, all of them.
    public var tenantCount: Int
    /// Applied migrations whose file has changed: a run refuses to start while there are any.
    public var checksumMismatches: [ChecksumMismatch]
    /// Applied migrations with no file any more (for example after rolling back a deployment): a warning.
    public var unknownVersions: [UnknownMigration]

    /// Whether nothing would run.
    public var isUpToDate: Bool { control.isEmpty && tenants.isEmpty }
}

/// The tenant migrations one tenant lacks.
public struct TenantMigrationPlan: Sendable, Hashable {
    public var slug: String
    public var schemaName: String
    public var pending: [Migration]
}

/// An applied migration whose file no longer has the checksum recorded when it ran.
public struct ChecksumMismatch: Sendable, Hashable {
    public var scope: MigrationScope
    public var version: Int
    public var fileName: String
    /// One of the schemas it was applied to.
    public var schemaName: String
    /// How many schemas recorded the old checksum.
    public var schemaCount: Int
}

/// An applied migration whose version has no file in the sql folder.
public struct UnknownMigration: Sendable, Hashable {
    public var scope: MigrationScope
    public var version: Int
    public var fileName: String
    public var schemaCount: Int
}

/// The outcome of ``MigrationRunner/run(on:progress:)``.
public struct MigrationReport: Sendable, Hashable {
    public var controlSchema: String
    /// Control migrations applied by this run.
    public var controlApplied: [Migration]
    /// Live tenants when the run started.
    public var tenantCount: Int
    /// Tenants that had pending migrations and got all of them.
    public var tenantsMigrated: Int
    /// Tenant migration files applied, summed over tenants.
    public var tenantMigrationsApplied: Int
    /// Tenants whose migrations failed (their transaction was rolled back); the run went on with the others.
    public var failures: [TenantMigrationFailure]
    /// Applied migrations with no file (a warning, see ``MigrationPlan/unknownVersions``).
    public var unknownVersions: [UnknownMigration]
    /// Whether the run had to wait for another runner to release the lock.
    public var waitedForLock: Bool
    /// Spare schemas built from other tenant migrations than this run's, dropped at its end (``SpareSchemas``).
    public var staleSparesDropped = 0
    /// Tenant attempts given up on a lock (`lock_timeout`) and tried again.
    public var lockRetries = 0
    /// Connections closed after ``MigrationRunner/tenantsPerConnection`` tenants.
    public var connectionsRetired = 0

    /// Whether every tenant is up to date.
    public var succeeded: Bool { failures.isEmpty }
}

/// One tenant whose migrations failed.
public struct TenantMigrationFailure: Sendable, Hashable, CustomStringConvertible {
    public var slug: String
    public var schemaName: String
    /// The file that failed.
    public var fileName: String
    /// The server's message (operators' eyes only: migration SQL holds no secrets).
    public var reason: String

    public var description: String { "tenant \(slug) (\(schemaName)): \(fileName) failed: \(reason)" }
}

/// Progress of the tenant phase of a run, reported after each tenant.
public struct MigrationProgress: Sendable, Hashable {
    /// Tenants handled so far (migrated or failed).
    public var completed: Int
    /// Tenants with pending migrations in this run.
    public var total: Int
    public var failed: Int
}
