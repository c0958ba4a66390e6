import Domain
import Postgres

/// Creates, lists, suspends, resumes and deletes tenants.
///
/// Creation is one transaction: tenant row, a spare schema renamed (``SpareSchemas``) or else `CREATE SCHEMA` and
/// the baseline with any later tenant migration (with `search_path` set to the new schema), seed settings, first
/// API key. PostgreSQL DDL is transactional, so a failure anywhere
/// leaves neither a row nor a schema. Creation and deletion take the migration lock shared, so they never
/// interleave with a migration run.
public struct TenantService: Sendable {
    public let pool: PostgresPool
    public let runner: MigrationRunner
    /// Settings every new tenant starts with.
    public var seed: TenantSeed
    /// How long creation and deletion wait for a running migration before giving up.
    public var migrationWaitTimeout: Duration = .seconds(30)
    /// Test hook: called after each step of ``create(_:keyLabel:)``; a throw aborts the creation there.
    var afterCreationStep: (@Sendable (TenantCreationStep) throws -> Void)?

    public init(
        pool: PostgresPool, migrations: MigrationSet, control: ControlSchema = .standard, seed: TenantSeed = .standard
    ) {
        self.pool = pool
        runner = MigrationRunner(migrations: migrations, control: control)
        self.seed = seed
    }

    public var control: ControlSchema { runner.control }
    /// The spare schemas creation claims from (same pool, files and control schema).
    public var spares: SpareSchemas { SpareSchemas(pool: pool, migrations: runner.migrations, control: control) }
    var statements: TenantStatements { TenantStatements(control: control) }

    // MARK: Create

    /// Each cluster's pool (the process's shared ones of `pool`).
    public var clusters: ClusterPools { ClusterPools.shared(control: pool) }
    public var directory: ClusterDirectory { ClusterDirectory(pool: pool, control: control) }

    /// Creates a tenant and its first API key (shown once: ``CreatedTenant/apiKey``) on `cluster`, or where the
    /// placement policy puts it (``ClusterDirectory/place(requested:on:)``: the open cluster with the fewest tenants).
    ///
    /// On the default cluster everything is one transaction. On another cluster the schema is built and seeded in a
    /// transaction there, committed just before the control transaction (row, migration records, key); if the
    /// control transaction then fails, the new schema is dropped again (its name is only ever this tenant's).
    public func create(_ draft: TenantDraft, keyLabel: String = "default", cluster: String? = nil) throws -> CreatedTenant {
        let valid = try draft.validated()
        let label = try APIKeyFormat.validateLabel(keyLabel)
        if let cluster, !ClusterName.isValid(cluster) { throw ClusterError.invalidName(cluster) }
        let statements = self.statements
        let step = afterCreationStep ?? { _ in }
        // A schema built on another cluster, to drop if the control transaction does not commit.
        var builtElsewhere: (pool: PostgresPool, quotedSchema: String)?
        do {
            return try pool.transaction { connection in
                try MigrationLock(control).acquireShared(on: connection, timeout: migrationWaitTimeout)
                let placed = try control.mappingMissingSchema { try directory.place(requested: cluster, on: connection) }
                let tenantRow = try control.mappingMissingSchema {
                    try insertTenant(
                        valid, schemaName: valid.slug.schemaName, cluster: placed, statements: statements, on: connection)
                }
                let tenant = try Tenant(row: tenantRow)
                // The row chose the name (never one used before) and `Tenant(row:)` validated and quoted it.
                let schemaName = tenant.context.schemaName
                let quotedSchema = tenant.context.quotedSchemaName
                try step(.tenantInserted)
                let settings = seed.merging(valid.settings)
                if placed != ClusterConnections.defaultName {
                    let remote = try clusters.pool(for: placed)
                    try remote.transaction { built in
                        built.noteSchemaEntered(schemaName)
                        try runner.prepareSharedSchema(on: built)
                        try createSchema(quotedSchema, schemaName: schemaName, on: built)
                        try step(.schemaCreated)
                        try runner.provisionTenant(schemaName: schemaName, on: built, recordingOn: connection)
                        try step(.migrated)
                        try settings.apply(on: built)
                        try step(.seeded)
                    }
                    builtElsewhere = (remote, quotedSchema)
                } else {
                    // A spare schema built ahead of time, renamed (docs/tenancy.md, "Spare schemas"); else build one.
                    // Either way the seed fills this backend's catalogue cache with the schema's tables.
                    connection.noteSchemaEntered(schemaName)
                    if try spares.claim(as: schemaName, on: connection) {
                        try step(.schemaCreated)
                    } else {
                        try createSchema(quotedSchema, schemaName: schemaName, on: connection)
                        try step(.schemaCreated)
                        try runner.provisionTenant(schemaName: schemaName, on: connection)
                    }
                    try step(.migrated)
                    try settings.apply(on: connection)
                    try step(.seeded)
                }
                // The first key is the tenant's owner: it must be able to configure everything.
                let key = try APIKeyStore(control: control).issue(tenantID: tenant.id, label: label, role: .owner, on: connection)
                try step(.keyIssued)
                return CreatedTenant(tenant: tenant, apiKey: key)
            }
        } catch {
            if let built = builtElsewhere {
                _ = try? built.pool.withConnection { try $0.execute("DROP SCHEMA IF EXISTS \(built.quotedSchema) CASCADE") }
            }
            throw error
        }
    }

    /// `CREATE SCHEMA`; the name went through quoteIdentifier (identifiers cannot be parameters).
    private func createSchema(_ quotedSchema: String, schemaName: String, on connection: PostgresConnection) throws {
        do {
            try connection.execute("CREATE SCHEMA \(quotedSchema)")
        } catch let error as PostgresError where error.sqlState == .duplicateSchema {
            throw TenantError.schemaExists(schemaName)
        }
    }

    private func insertTenant(
        _ valid: ValidatedTenantDraft, schemaName: String, cluster: String, statements: TenantStatements,
        on connection: PostgresConnection
    ) throws -> PostgresRow {
        do {
            let parameters: [any PostgresEncodable] = [
                valid.slug.rawValue, valid.displayName, schemaName, valid.timeZoneIdentifier, valid.currency.code,
                valid.fiscalYearStartMonth, cluster,
            ]
            guard let row = try connection.query(statements.insert, parameters).first else {
                throw PostgresError.invalidUsage("tenant insert returned no row")
            }
            return row
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw TenantError.duplicateSlug(valid.slug.rawValue)
        }
    }

    // MARK: Read

    /// Live tenants (or all, deleted ones too), ordered by slug.
    public func list(includeDeleted: Bool = false) throws -> [Tenant] {
        let statement = includeDeleted ? statements.listAll : statements.list
        return try control.mappingMissingSchema {
            try pool.withConnection { try Tenant.all($0.query(statement)) }
        }
    }

    /// The live tenant with this slug.
    public func tenant(slug: String) throws -> Tenant {
        try pool.withConnection { try tenant(slug: slug, on: $0) }
    }

    /// The live tenant with this slug, read on `connection` (inside a tenant's transaction, say).
    public func tenant(slug: String, on connection: PostgresConnection) throws -> Tenant {
        let statement = statements.bySlug
        return try control.mappingMissingSchema {
            guard let row = try connection.query(statement, [slug]).first else { throw TenantError.notFound(slug: slug) }
            return try Tenant(row: row)
        }
    }

    /// The context of the live tenant with this slug, for ``TenantDatabase``.
    public func context(slug: String) throws -> TenantContext {
        try tenant(slug: slug).context
    }

    // MARK: Status

    /// Suspends a live tenant: its data stays, its API keys get ``APIKeyVerification/tenantNotActive(_:)``.
    /// Suspending a suspended tenant changes nothing.
    @discardableResult
    public func suspend(slug: String) throws -> Tenant {
        try setStatus(.suspended, slug: slug)
    }

    /// Makes a suspended tenant active again (a no-op for an active one).
    @discardableResult
    public func resume(slug: String) throws -> Tenant {
        try setStatus(.active, slug: slug)
    }

    private func setStatus(_ status: TenantStatus, slug: String) throws -> Tenant {
        let statement = statements.setStatus
        return try control.mappingMissingSchema {
            guard let row = try pool.withConnection({ try $0.query(statement, [slug, status.rawValue]).first }) else {
                throw TenantError.notFound(slug: slug)
            }
            return try Tenant(row: row)
        }
    }

    // MARK: Delete

    /// Drops the tenant's schema (`DROP SCHEMA … CASCADE`), marks its row deleted (kept for audit), revokes its
    /// keys and forgets its migration records, in one transaction. The slug may then be used again. A tenant on
    /// another cluster has its schema dropped there once the control transaction committed (the name is never
    /// used again, so a drop that fails — its cluster down — leaves only an orphan schema, reported).
    @discardableResult
    public func delete(slug: String) throws -> Tenant {
        let statements = self.statements
        let keys = APIKeyStatements(control: control)
        let deleted = try control.mappingMissingSchema {
            try pool.transaction { connection in
                try MigrationLock(control).acquireShared(on: connection, timeout: migrationWaitTimeout)
                guard let row = try connection.query(statements.bySlugForUpdate, [slug]).first else {
                    throw TenantError.notFound(slug: slug)
                }
                let tenant = try Tenant(row: row)
                // The schema name was validated when the row was read (TenantContext quotes it).
                if tenant.context.cluster == ClusterConnections.defaultName {
                    try connection.execute("DROP SCHEMA IF EXISTS \(tenant.context.quotedSchemaName) CASCADE")
                }
                guard let deleted = try connection.query(statements.markDeleted, [tenant.id]).first else {
                    throw TenantError.notFound(slug: slug)
                }
                try connection.query(keys.revokeAllOfTenant, [tenant.id])
                try connection.query(statements.forgetMigrations, [tenant.context.schemaName])
                return try Tenant(row: deleted)
            }
        }
        if deleted.context.cluster != ClusterConnections.defaultName {
            try clusters.pool(for: deleted.context.cluster).withConnection {
                try $0.execute("DROP SCHEMA IF EXISTS \(deleted.context.quotedSchemaName) CASCADE")
            }
        }
        return deleted
    }
}

/// A tenant just created, with its first API key.
public struct CreatedTenant: Sendable, Hashable {
    public let tenant: Tenant
    public let apiKey: IssuedAPIKey
}

/// The steps of tenant creation, in order (for fault-injection tests).
enum TenantCreationStep: Sendable, Hashable, CaseIterable {
    case tenantInserted, schemaCreated, migrated, seeded, keyIssued
}
