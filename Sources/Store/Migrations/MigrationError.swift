/// Why migrations could not be loaded or run. Failures of single tenants are not errors: they are collected in
/// ``MigrationReport/failures``.
public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    /// No sql folder was found; `tried` lists the places looked at, in order.
    case sqlDirectoryNotFound(tried: [String])
    /// A folder or file could not be read.
    case unreadable(path: String, reason: String)
    /// A `.sql` file's name is not `NNNN_name.sql` (digits, `_`, lower-case letters, digits or `_`).
    case invalidFileName(path: String)
    /// Two files of one folder have the same version number.
    case duplicateVersion(scope: MigrationScope, version: Int, files: [String])
    /// An applied migration's file has changed since it ran: refuse to run anything.
    case checksumMismatch(schema: String, version: Int, fileName: String, schemaCount: Int)
    /// Another runner holds the migration lock and did not release it within the timeout.
    case anotherMigrationRunning(waitedMilliseconds: Int)
    /// A control-schema migration failed; nothing after it ran.
    case controlMigrationFailed(fileName: String, reason: String)
    /// A migration ended the transaction it ran in (a `COMMIT` or `ROLLBACK` in the file).
    case transactionEndedByMigration(fileName: String)
    /// A tenant's cluster could not be reached (the tenant directory): that tenant's migrations wait for the next run.
    case clusterUnreachable(cluster: String, reason: String)

    public var description: String {
        switch self {
        case .sqlDirectoryNotFound(let tried):
            "no sql folder found (tried \(tried.joined(separator: ", "))); set RECUR_SQL_DIR"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .invalidFileName(let path):
            "migration file \(path) is not named NNNN_name.sql (four or more digits, then lower-case letters, digits, _)"
        case .duplicateVersion(let scope, let version, let files):
            "\(scope.rawValue) migrations \(files.joined(separator: " and ")) share version \(version)"
        case .checksumMismatch(let schema, let version, let fileName, let count):
            "migration \(fileName) (version \(version)) changed after it was applied to \(schema)"
                + (count > 1 ? " and \(count - 1) other schema(s)" : "") + "; refusing to run"
        case .anotherMigrationRunning(let waited):
            "another migration is running (waited \(waited) ms for the migration lock)"
        case .controlMigrationFailed(let fileName, let reason): "control migration \(fileName) failed: \(reason)"
        case .transactionEndedByMigration(let fileName):
            "migration \(fileName) ended its transaction (COMMIT/ROLLBACK are not allowed in migration files)"
        case .clusterUnreachable(let cluster, let reason): "cluster \(cluster) cannot be reached: \(reason)"
        }
    }

    public var category: StoreErrorCategory {
        switch self {
        case .sqlDirectoryNotFound, .unreadable, .invalidFileName, .duplicateVersion: .invalidInput
        case .checksumMismatch, .anotherMigrationRunning: .conflict
        case .controlMigrationFailed, .transactionEndedByMigration, .clusterUnreachable: .failed
        }
    }
}
