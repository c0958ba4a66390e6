import Postgres

/// How a caller should treat an error from ``Store``: the CLI maps these to exit codes, the HTTP layer to
/// status codes.
public enum StoreErrorCategory: Sendable, Hashable {
    /// The input is invalid (CLI exit 2, HTTP 400/422).
    case invalidInput
    /// The thing named does not exist (CLI exit 3, HTTP 404).
    case notFound
    /// The request conflicts with the current state (duplicate, already revoked; CLI exit 1, HTTP 409).
    case conflict
    /// The operation could not be done now or failed (CLI exit 1, HTTP 503/500).
    case failed
}

/// An error that knows its ``StoreErrorCategory``.
public protocol CategorizedError: Error {
    var category: StoreErrorCategory { get }
}

/// Errors shared by the control-schema services.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    /// The control schema or one of its tables does not exist yet: run the migrations first.
    case controlSchemaNotMigrated(schema: String)
    /// A migration run holds the migration lock; tenant creation and deletion wait for it only so long.
    case migrationInProgress
    /// A stored value could not be read back (for example a time zone the system no longer knows).
    case invalidStoredValue(column: String, value: String)

    public var description: String {
        switch self {
        case .controlSchemaNotMigrated(let schema):
            "the control schema \(schema) is not migrated: run `recur-admin migrate` first"
        case .migrationInProgress: "a migration is running: try again when it has finished"
        case .invalidStoredValue(let column, let value): "stored \(column) \"\(value)\" is not valid"
        }
    }

    public var category: StoreErrorCategory { .failed }
}

extension ControlSchema {
    /// Runs `body`, turning "no such schema/table" errors into ``StoreError/controlSchemaNotMigrated(schema:)``.
    func mappingMissingSchema<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError
            where error.sqlState == .undefinedTable || error.sqlState == .invalidSchemaName
        {
            throw StoreError.controlSchemaNotMigrated(schema: name)
        }
    }
}
