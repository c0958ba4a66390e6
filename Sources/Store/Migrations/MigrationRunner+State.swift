import Postgres

/// Reading what is applied and comparing it with the files: a handful of set-based queries whatever the number
/// of tenants.
extension MigrationRunner {
    struct ControlState {
        var pending: [Migration]
        var mismatches: [ChecksumMismatch]
        var unknown: [UnknownMigration]
    }

    struct TenantState {
        var count: Int
        var pending: [TenantMigrationPlan]
        var mismatches: [ChecksumMismatch]
        var unknown: [UnknownMigration]
    }

    /// The files' SHA-256 (lowercase hex) by scope and version, computed by PostgreSQL's `sha256(bytea)`.
    struct Checksums {
        var control: [Int: String] = [:]
        var tenant: [Int: String] = [:]
    }

    func checksums(on connection: PostgresConnection) throws -> Checksums {
        var checksums = Checksums()
        for migration in migrations.control {
            checksums.control[migration.version] = try checksum(of: migration, on: connection)
        }
        for migration in migrations.tenant {
            checksums.tenant[migration.version] = try checksum(of: migration, on: connection)
        }
        return checksums
    }

    private func checksum(of migration: Migration, on connection: PostgresConnection) throws -> String {
        let row = try connection.query(MigrationStatements.checksum, [migration.bytes]).singleRow()
        return try row?.decode(String.self, "checksum") ?? ""
    }

    func tablesPresent(on connection: PostgresConnection) throws -> (migrations: Bool, tenants: Bool) {
        let row = try connection.query(
            statements.tablesPresent, [control.table("schema_migrations"), control.table("tenants")]
        ).singleRow()
        return (try row?.decode(Bool.self, "migrations") ?? false, try row?.decode(Bool.self, "tenants") ?? false)
    }

    func controlState(on connection: PostgresConnection, checksums: Checksums) throws -> ControlState {
        var applied: [Int: (fileName: String, checksum: String)] = [:]
        for row in try connection.query(statements.applied, [control.name]) {
            applied[try row.decode(Int.self, "version")] = (
                try row.decode(String.self, "file_name"), try row.decode(String.self, "checksum")
            )
        }
        var state = ControlState(pending: [], mismatches: [], unknown: [])
        for migration in migrations.control {
            guard let record = applied[migration.version] else {
                state.pending.append(migration)
                continue
            }
            if record.checksum != checksums.control[migration.version] {
                state.mismatches.append(
                    ChecksumMismatch(
                        scope: .control, version: migration.version, fileName: migration.fileName,
                        schemaName: control.name, schemaCount: 1))
            }
        }
        let known = Set(migrations.control.map(\.version))
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) where !known.contains(version) {
            state.unknown.append(UnknownMigration(scope: .control, version: version, fileName: record.fileName, schemaCount: 1))
        }
        return state
    }

    func tenantState(on connection: PostgresConnection, checksums: Checksums) throws -> TenantState {
        let (mismatches, unknown) = try tenantDiscrepancies(on: connection, checksums: checksums)
        let count = try connection.query(statements.tenantCount).singleRow()?.decode(Int.self, "tenants") ?? 0
        return TenantState(count: count, pending: try tenantsBehind(on: connection), mismatches: mismatches, unknown: unknown)
    }

    /// Live tenants lacking tenant migrations, with what each lacks.
    func tenantsBehind(on connection: PostgresConnection) throws -> [TenantMigrationPlan] {
        let versions = migrations.tenant.map(\.version)
        guard !versions.isEmpty else { return [] }
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.tenant.map { ($0.version, $0) })
        return try connection.query(statements.pendingByTenant, [arrayLiteral(versions)]).map { row in
            TenantMigrationPlan(
                slug: try row.decode(String.self, "slug"), schemaName: try row.decode(String.self, "schema_name"),
                pending: parseIntArray(try row.decode(String.self, "pending")).compactMap { byVersion[$0] })
        }
    }

    /// Applied tenant migrations whose file changed, and applied versions with no file: one grouped query.
    func tenantDiscrepancies(on connection: PostgresConnection, checksums: Checksums) throws
        -> (mismatches: [ChecksumMismatch], unknown: [UnknownMigration])
    {
        let versions = migrations.tenant.map(\.version)
        let fileNames = Dictionary(uniqueKeysWithValues: migrations.tenant.map { ($0.version, $0.fileName) })
        var mismatches: [ChecksumMismatch] = []
        var unknown: [UnknownMigration] = []
        let rows = try connection.query(
            statements.tenantDiscrepancies,
            [arrayLiteral(versions), arrayLiteral(hexStrings: versions.map { checksums.tenant[$0] ?? "" }), control.name])
        for row in rows {
            let version = try row.decode(Int.self, "version")
            let schemas = try row.decode(Int.self, "schemas")
            if try row.decode(Bool.self, "unknown") {
                unknown.append(
                    UnknownMigration(
                        scope: .tenant, version: version, fileName: try row.decode(String.self, "file_name"),
                        schemaCount: schemas))
            } else {
                mismatches.append(
                    ChecksumMismatch(
                        scope: .tenant, version: version, fileName: fileNames[version] ?? "",
                        schemaName: try row.decode(String.self, "schema_name"), schemaCount: schemas))
            }
        }
        return (mismatches, unknown)
    }
}

extension ChecksumMismatch {
    var error: MigrationError {
        .checksumMismatch(schema: schemaName, version: version, fileName: fileName, schemaCount: schemaCount)
    }
}
