import Foundation

/// The migration files of one sql folder: `control/NNNN_*.sql` and `tenant/NNNN_*.sql`, each in version order.
public struct MigrationSet: Sendable, Hashable {
    /// The folder they were read from.
    public let directory: URL
    public let control: [Migration]
    public let tenant: [Migration]
    /// `schema/tenant.sql`, the tenant schema as migrations 1…``SchemaBaseline/version`` leave it: new tenants
    /// are built from it rather than by replaying history (``MigrationRunner/provisionTenant(schemaName:on:)``).
    public let tenantBaseline: SchemaBaseline?
    /// SHA-256 of the tenant migrations (versions, names, texts): equal in two processes that build the same
    /// tenant schema. Spare schemas are matched on it (``SpareSchemas``).
    public let tenantFingerprint: String

    public init(directory: URL, control: [Migration], tenant: [Migration], tenantBaseline: SchemaBaseline? = nil) {
        self.directory = directory
        self.control = control.sorted { $0.version < $1.version }
        self.tenant = tenant.sorted { $0.version < $1.version }
        self.tenantBaseline = tenantBaseline
        tenantFingerprint = Self.fingerprint(of: self.tenant)
    }

    /// Reads `control/` and `tenant/` under `directory`. A missing `tenant/` folder means no tenant migrations.
    public static func load(from directory: URL) throws(MigrationError) -> MigrationSet {
        MigrationSet(
            directory: directory,
            control: try files(in: directory.appendingPathComponent("control"), scope: .control),
            tenant: try files(in: directory.appendingPathComponent("tenant"), scope: .tenant),
            tenantBaseline: try SchemaBaseline.load(directory.appendingPathComponent("schema/tenant.sql")))
    }

    /// Locates the sql folder (see ``SQLDirectory/locate(environment:currentDirectory:)``) and reads it.
    public static func locate() throws(MigrationError) -> MigrationSet {
        try load(from: SQLDirectory.locate())
    }

    /// The control files named `NNNN_shared_*.sql`: they build the schema `recur_shared` (the tenants' shared
    /// functions), one per database and written to be applied again harmlessly. Every cluster holding tenants needs
    /// it, so they also run on other clusters before a tenant is built or migrated there
    /// (``MigrationRunner/prepareSharedSchema(on:)``).
    public var sharedSchema: [Migration] {
        control.filter { $0.fileName.drop { $0.isNumber }.hasPrefix("_shared_") }
    }

    /// The migrations of `scope`.
    public func migrations(_ scope: MigrationScope) -> [Migration] {
        scope == .control ? control : tenant
    }

    private static func files(in folder: URL, scope: MigrationScope) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            if scope == .tenant && !FileManager.default.fileExists(atPath: folder.path) { return [] }
            throw .unreadable(path: folder.path, reason: String(describing: error))
        }
        var byVersion: [Int: Migration] = [:]
        for name in names.sorted() where name.hasSuffix(".sql") {
            let path = folder.appendingPathComponent(name).path
            guard let version = version(ofFileNamed: name) else { throw .invalidFileName(path: path) }
            let sql: String
            do {
                sql = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .unreadable(path: path, reason: String(describing: error))
            }
            if let other = byVersion[version] {
                throw .duplicateVersion(scope: scope, version: version, files: [other.fileName, name])
            }
            byVersion[version] = Migration(version: version, fileName: name, sql: sql)
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }

    /// `0012_add_ledger.sql` → 12; `nil` unless the name is digits (at least four), `_`, then `[a-z0-9_]+.sql`.
    static func version(ofFileNamed name: String) -> Int? {
        guard name.hasSuffix(".sql") else { return nil }
        let stem = name.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let rest = stem[stem.index(after: underscore)...]
        guard digits.count >= 4, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            !rest.isEmpty,
            rest.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" })
        else { return nil }
        return Int(digits)
    }
}
