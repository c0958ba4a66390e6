/// An error from the ``Postgres`` layer.
///
/// `description` is deliberately terse: it names the kind, SQLSTATE, constraint and table, never the server's
/// message or detail (which may quote parameter values). `String(reflecting:)` gives everything, for debugging.
public enum PostgresError: Error, Sendable, Hashable {
    /// The connection string could not be parsed. Carries no part of the string (it may hold a password).
    case invalidConnectionString
    /// The server could not be reached or refused the login; `endpoint` is `host:port`, never the password.
    case connectionFailed(endpoint: String, reason: String)
    /// The connection broke while a command was running (server restart, network loss).
    case connectionLost(endpoint: String, reason: String)
    /// The server answered a command with an error.
    case server(ServerError)
    /// A column could not be decoded into the requested Swift type.
    case decoding(DecodingFailure)
    /// A parameter could not be encoded (for example a decimal string that is not a number).
    case encoding(parameter: Int, reason: String)
    /// No pooled connection became free before the acquire timeout.
    case poolTimeout(waitedMilliseconds: Int, maxConnections: Int)
    /// The pool was closed.
    case poolClosed
    /// The API was misused (for example COPY data sent outside COPY mode).
    case invalidUsage(String)

    /// The SQLSTATE of a server error, if this is one.
    public var sqlState: SQLState? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }

    /// The server error, if this is one.
    public var serverError: ServerError? {
        if case .server(let error) = self { return error }
        return nil
    }
}

/// The fields of a server `ErrorResponse` (see PostgreSQL's "Error and Notice Message Fields").
public struct ServerError: Sendable, Hashable {
    public var sqlState: SQLState
    public var severity: String
    /// The primary message. May quote values: keep it out of client-facing responses.
    public var message: String
    /// The detail. Often quotes values (`Key (slug)=(acme) already exists.`).
    public var detail: String?
    public var hint: String?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var constraint: String?

    public init(
        sqlState: SQLState, severity: String, message: String, detail: String? = nil, hint: String? = nil,
        schema: String? = nil, table: String? = nil, column: String? = nil, constraint: String? = nil
    ) {
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
    }
}

/// Why a column could not be decoded.
public struct DecodingFailure: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        case unexpectedNull
        case noSuchColumn
        case typeMismatch(expected: String, actualTypeOID: UInt32)
        case invalidValue(expected: String)
    }
    public var column: String
    public var reason: Reason

    public init(column: String, reason: Reason) {
        self.column = column
        self.reason = reason
    }
}

/// A five-character SQLSTATE code, with names for the ones Recur reacts to.
public struct SQLState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let uniqueViolation = SQLState(rawValue: "23505")
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    public static let notNullViolation = SQLState(rawValue: "23502")
    public static let checkViolation = SQLState(rawValue: "23514")
    public static let exclusionViolation = SQLState(rawValue: "23P01")
    public static let serializationFailure = SQLState(rawValue: "40001")
    public static let deadlockDetected = SQLState(rawValue: "40P01")
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    public static let queryCanceled = SQLState(rawValue: "57014")
    public static let adminShutdown = SQLState(rawValue: "57P01")
    public static let undefinedTable = SQLState(rawValue: "42P01")
    public static let undefinedFunction = SQLState(rawValue: "42883")
    public static let invalidSchemaName = SQLState(rawValue: "3F000")
    public static let duplicateSchema = SQLState(rawValue: "42P06")
    public static let syntaxError = SQLState(rawValue: "42601")
    public static let invalidTextRepresentation = SQLState(rawValue: "22P02")
    public static let numericValueOutOfRange = SQLState(rawValue: "22003")
    public static let stringDataRightTruncation = SQLState(rawValue: "22001")
    public static let programLimitExceeded = SQLState(rawValue: "54000")
    public static let raiseException = SQLState(rawValue: "P0001")
    public static let inFailedTransaction = SQLState(rawValue: "25P02")
    public static let readOnlySQLTransaction = SQLState(rawValue: "25006")

    /// The condition name from PostgreSQL's Appendix A for the codes above, else the class.
    public var name: String {
        switch self {
        case .uniqueViolation: "unique_violation"
        case .foreignKeyViolation: "foreign_key_violation"
        case .notNullViolation: "not_null_violation"
        case .checkViolation: "check_violation"
        case .exclusionViolation: "exclusion_violation"
        case .serializationFailure: "serialization_failure"
        case .deadlockDetected: "deadlock_detected"
        case .lockNotAvailable: "lock_not_available"
        case .queryCanceled: "query_canceled"
        case .adminShutdown: "admin_shutdown"
        case .undefinedTable: "undefined_table"
        case .undefinedFunction: "undefined_function"
        case .invalidSchemaName: "invalid_schema_name"
        case .duplicateSchema: "duplicate_schema"
        case .syntaxError: "syntax_error"
        case .invalidTextRepresentation: "invalid_text_representation"
        case .numericValueOutOfRange: "numeric_value_out_of_range"
        case .stringDataRightTruncation: "string_data_right_truncation"
        case .programLimitExceeded: "program_limit_exceeded"
        case .raiseException: "raise_exception"
        case .inFailedTransaction: "in_failed_sql_transaction"
        default: "class \(rawValue.prefix(2))"
        }
    }

    /// Class 23: integrity constraint violations.
    public var isIntegrityViolation: Bool { rawValue.hasPrefix("23") }
    /// A value too long (22001), too large (22003) or a row too big (54000) for the column or page it was meant
    /// for: the data, not the server, is at fault.
    public var isValueTooLarge: Bool {
        self == .stringDataRightTruncation || self == .numericValueOutOfRange || self == .programLimitExceeded
    }
    /// Class 40: the transaction can be retried as a whole.
    public var isTransactionRollback: Bool { rawValue.hasPrefix("40") }
    /// Class 08 or 57P0x: the connection is gone or going.
    public var isConnectionFailure: Bool { rawValue.hasPrefix("08") || rawValue.hasPrefix("57P0") }

    public var description: String { "\(rawValue) (\(name))" }
}

extension PostgresError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        switch self {
        case .invalidConnectionString:
            return "invalid PostgreSQL connection string (expected a libpq conninfo or a postgresql:// URI)"
        case .connectionFailed(let endpoint, let reason):
            return "cannot connect to PostgreSQL at \(endpoint): \(reason)"
        case .connectionLost(let endpoint, let reason):
            return "lost the connection to PostgreSQL at \(endpoint): \(reason)"
        case .server(let error):
            var text = "PostgreSQL error \(error.sqlState)"
            if let constraint = error.constraint { text += " on constraint \(constraint)" }
            if let table = error.table { text += " in table \(table)" }
            return text
        case .decoding(let failure):
            switch failure.reason {
            case .unexpectedNull: return "column \"\(failure.column)\" is NULL but a value was required"
            case .noSuchColumn: return "no column named \"\(failure.column)\" in the result"
            case .typeMismatch(let expected, let oid):
                return "column \"\(failure.column)\" has type OID \(oid), which cannot be decoded as \(expected)"
            case .invalidValue(let expected):
                return "column \"\(failure.column)\" holds a value that is not a valid \(expected)"
            }
        case .encoding(let parameter, let reason):
            return "parameter $\(parameter) cannot be encoded: \(reason)"
        case .poolTimeout(let waited, let max):
            return "no database connection became free within \(waited) ms (pool of \(max) connections)"
        case .poolClosed:
            return "the database connection pool is closed"
        case .invalidUsage(let what):
            return "invalid use of the PostgreSQL connection: \(what)"
        }
    }

    public var debugDescription: String {
        guard case .server(let error) = self else { return description }
        var text = "\(description): \(error.severity) \(error.message)"
        if let detail = error.detail { text += " DETAIL: \(detail)" }
        if let hint = error.hint { text += " HINT: \(hint)" }
        return text
    }
}
