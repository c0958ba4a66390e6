import CLibPQ
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection.
///
/// Not `Sendable`: the compiler keeps a connection on the thread or task that holds it, so no `PGconn` is ever used
/// by two threads at once. Borrow one from ``PostgresPool`` with `withConnection { }` / `transaction { }`.
public final class PostgresConnection {
    let handle: OpaquePointer
    /// `host:port` of the server, for error messages (never the password).
    public let endpoint: String
    var preparedStatements = Set<String>()
    private var transactionDepth = 0
    /// The `BEGIN …` of an outermost ``transaction(isolation:_:)`` not sent yet: it goes to the server with the
    /// transaction's first statement, in the same round trip (libpq pipeline mode for a parameterised statement,
    /// one simple-protocol string otherwise). A transaction that runs no statement sends neither it nor `COMMIT`.
    var pendingBegin: String?
    /// Statements queued to go after `pendingBegin`, before the transaction's first statement
    /// (``sendBeforeFirstStatement(_:_:)``).
    var pendingPrologue = [PipelinedStatement]()
    /// The error of a queued statement (or of the `BEGIN` before it), thrown again when the transaction ends.
    var prologueFailure: PostgresError?
    /// Set when a read-only transaction's `COMMIT` was sent and its answer not read yet (``settleCommit()``).
    var owesCommit = false
    /// Set when the connection must not go back to a pool (a failed rollback, a broken pipeline).
    var isPoisoned = false
    /// How many borrows from a pool counted as uses (for ``PostgresPool/Configuration/maxUsesPerConnection``).
    var borrowCount = 0
    /// Set by ``borrowIsNotAUse()`` for the current borrow; the pool clears it when the connection comes back.
    var currentBorrowIsNotAUse = false
    /// The distinct schemas entered (hashes of their names), for ``PostgresPool/Configuration/maxSchemasPerConnection``.
    private(set) var schemasEntered = Set<Int>()
    /// Whether `pg_backend_memory_contexts` could not be read (no privilege): the pool stops asking.
    var backendMemoryUnreadable = false
    /// The pool slot this connection holds (``PostgresPool/withConnection(affinity:_:)``); `-1` outside a pool.
    var poolSlot = -1
    /// The affinity keys (tenants) this connection was borrowed for: a pool prefers it for them when their slot is busy.
    var affinityKeysServed = Set<Int>()

    /// Statements run once on every new connection so that text results are unambiguous.
    private static let sessionSetup =
        "SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'; SET bytea_output = 'hex'; SET extra_float_digits = 3"

    /// Connects with a libpq conninfo string (`host=… dbname=…`) or a `postgresql://` URI.
    /// - Parameter connectTimeoutSeconds: used unless the string sets its own `connect_timeout`.
    public init(_ connectionString: String, connectTimeoutSeconds: Int = 10, applicationName: String = "recur")
        throws
    {
        try PostgresConnection.validate(connectionString)
        // `dbname` comes last and is expanded, so the string's own settings override these defaults.
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = [String(connectTimeoutSeconds), applicationName, connectionString]
        let connection: OpaquePointer? = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError.connectionFailed(endpoint: "unknown", reason: "out of memory")
        }
        let endpoint = PostgresConnection.endpoint(of: connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = PostgresConnection.cleanMessage(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError.connectionFailed(endpoint: endpoint, reason: reason)
        }
        handle = connection
        self.endpoint = endpoint
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQsetClientEncoding(handle, "UTF8") == 0 else {
            PQfinish(handle)
            throw PostgresError.connectionFailed(endpoint: endpoint, reason: "server does not accept UTF8")
        }
        try simpleQuery(PostgresConnection.sessionSetup)
    }

    deinit { PQfinish(handle) }

    /// Rejects strings libpq cannot parse, without repeating any of their text.
    static func validate(_ connectionString: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError.invalidConnectionString
        }
        PQconninfoFree(options)
    }

    static func endpoint(of connection: OpaquePointer) -> String {
        let host = PQhost(connection).map { String(cString: $0) } ?? ""
        let port = PQport(connection).map { String(cString: $0) } ?? ""
        return "\(host.isEmpty ? "localhost" : host):\(port.isEmpty ? "5432" : port)"
    }

    static func cleanMessage(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "unknown error" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: Status

    /// Whether libpq still considers the connection usable.
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server-side transaction state (`PQtransactionStatus`), as the pool checks it before reuse.
    public enum TransactionState: Sendable {
        case idle, active, inTransaction, failed, unknown
    }

    /// The server-side transaction state.
    public var transactionState: TransactionState {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_ACTIVE: .active
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .failed
        default: .unknown
        }
    }

    /// The server's version number (150018 for 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// A cheap check, without a round trip, that the server has not closed an idle connection
    /// (after a restart it sends a FATAL message and closes the socket, which shows up as readable input).
    /// A connection inside a transaction is never "alive" for reuse.
    public func looksAlive() -> Bool {
        settleCommit()
        guard !isPoisoned, isConnected, transactionState == .idle else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        // An idle connection has nothing to read unless the server closed it (restart, idle timeout) or sent
        // something unsolicited; Recur never LISTENs, so either way the connection is not worth keeping.
        return poll(&descriptor, 1, 0) == 0
    }

    /// Tells the pool that the current borrow did not count toward
    /// ``PostgresPool/Configuration/maxUsesPerConnection``: it touched nothing that limit bounds (an EOD lane that
    /// tried a tenant's lock and found the tenant taken or done). Cleared when the connection goes back.
    public func borrowIsNotAUse() {
        currentBorrowIsNotAUse = true
    }

    /// Records that work on this connection entered schema `name` (a tenant's): the backend now caches that
    /// schema's catalogue entries. A pool with ``PostgresPool/Configuration/maxSchemasPerConnection`` retires the
    /// connection once it has entered that many distinct schemas.
    public func noteSchemaEntered(_ name: String) {
        schemasEntered.insert(name.hashValue)
    }

    /// The distinct schemas entered so far (see ``noteSchemaEntered(_:)``).
    public var schemasEnteredCount: Int { schemasEntered.count }

    // MARK: Queries

    /// Runs a parameterised statement (`$1`, `$2`, …) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> PostgresRows {
        settleCommit()
        let values = try encode(parameters)
        if hasPendingCommands {
            let statement = PostgresStatement("", sql, planning: .perExecution)
            return try pipelined([PipelinedStatement(statement: statement, values: values)])[0]
        }
        let result = try withParameterArrays(values) { types, pointers, lengths, formats in
            PQexecParams(handle, sql, Int32(values.count), types, pointers, lengths, formats, 0)
        }
        return try rows(from: result)
    }

    /// Runs a named statement, preparing it on this connection the first time.
    @discardableResult
    public func query(_ statement: PostgresStatement, _ parameters: [any PostgresEncodable] = []) throws
        -> PostgresRows
    {
        if statement.planning == .perExecution { return try query(statement.sql, parameters) }
        settleCommit()
        let values = try encode(parameters)
        if hasPendingCommands { return try pipelined([PipelinedStatement(statement: statement, values: values)])[0] }
        if !preparedStatements.contains(statement.name) {
            let prepared = values.map(\.typeOID).withUnsafeBufferPointer { types in
                PQprepare(handle, statement.name, statement.sql, Int32(values.count), types.baseAddress)
            }
            _ = try rows(from: prepared)
            preparedStatements.insert(statement.name)
        }
        let result = try withParameterArrays(values) { _, pointers, lengths, formats in
            PQexecPrepared(handle, statement.name, Int32(values.count), pointers, lengths, formats, 0)
        }
        return try rows(from: result)
    }

    /// Runs a statement and returns the affected row count.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> Int {
        try query(sql, parameters).affectedRows
    }

    /// Runs fixed SQL text with no parameters through the simple protocol (several statements allowed).
    /// Only for text written in this codebase (migrations, session setup), never for anything built from input.
    public func simpleQuery(_ sql: String) throws {
        settleCommit()
        if !pendingPrologue.isEmpty { try flushPendingBegin() }
        // A pending BEGIN goes first in the same string: the simple protocol runs both in one round trip.
        let text = takePendingBegin().map { "\($0); \(sql)" } ?? sql
        let result = PQexec(handle, text)
        _ = try rows(from: result)
    }

    func encode(_ parameters: [any PostgresEncodable]) throws -> [PostgresValue] {
        var values = [PostgresValue]()
        values.reserveCapacity(parameters.count)
        for (offset, parameter) in parameters.enumerated() {
            let value: PostgresValue
            do { value = try parameter.postgresValue() } catch let error as PostgresError {
                if case .encoding(_, let reason) = error {
                    throw PostgresError.encoding(parameter: offset + 1, reason: reason)
                }
                throw error
            }
            if !value.isBinary, let bytes = value.bytes, bytes.contains(0) {
                throw PostgresError.encoding(parameter: offset + 1, reason: "text contains a NUL character")
            }
            values.append(value)
        }
        return values
    }

    /// Turns a `PGresult` into rows, or into a typed error (freeing it either way).
    func rows(from result: OpaquePointer?) throws -> PostgresRows {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY, PGRES_PIPELINE_SYNC:
            let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
            return PostgresRows(storage: ResultStorage(result), affectedRows: affected)
        default:
            defer { PQclear(result) }
            throw error(from: result)
        }
    }

    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        guard let code = field(ErrorField.sqlState) else {
            if !isConnected { return connectionError() }
            return .server(
                ServerError(
                    sqlState: SQLState(rawValue: "XX000"), severity: "ERROR",
                    message: PostgresConnection.cleanMessage(PQresultErrorMessage(result))))
        }
        let serverError = ServerError(
            sqlState: SQLState(rawValue: code),
            severity: field(ErrorField.severityNonLocalized) ?? field(ErrorField.severity) ?? "ERROR",
            message: field(ErrorField.message) ?? "",
            detail: field(ErrorField.detail), hint: field(ErrorField.hint),
            schema: field(ErrorField.schema), table: field(ErrorField.table),
            column: field(ErrorField.column), constraint: field(ErrorField.constraint))
        if serverError.sqlState.isConnectionFailure && !isConnected {
            return .connectionLost(endpoint: endpoint, reason: serverError.message)
        }
        return .server(serverError)
    }

    func connectionError() -> PostgresError {
        .connectionLost(endpoint: endpoint, reason: PostgresConnection.cleanMessage(PQerrorMessage(handle)))
    }

    // MARK: Transactions

    /// Transaction isolation levels.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Whether a `transaction { }` is open on this connection.
    public var isInTransaction: Bool { transactionDepth > 0 }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    /// Nested calls use savepoints, so an inner failure rolls back only the inner work.
    ///
    /// `readOnly` (an outermost transaction only): `BEGIN … READ ONLY`, so the server refuses any write in it
    /// (SQLSTATE 25006), and its `COMMIT` is sent without waiting for the answer: with nothing written, a commit can
    /// only fail with the connection, so the answer is read when the connection is next used (``settleCommit()``), by
    /// then long arrived, and the caller's result is returned one round trip sooner.
    public func transaction<Result>(
        isolation: IsolationLevel? = nil, readOnly: Bool = false, _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        settleCommit()
        let depth = transactionDepth
        if depth == 0 {
            // Sent with the first statement (see `pendingBegin`).
            let modes = [isolation.map { "ISOLATION LEVEL \($0.rawValue)" }, readOnly ? "READ ONLY" : nil].compactMap { $0 }
            pendingBegin = modes.isEmpty ? "BEGIN" : "BEGIN " + modes.joined(separator: ", ")
        } else {
            try simpleQuery("SAVEPOINT recur_savepoint_\(depth)")
        }
        if depth == 0 { prologueFailure = nil }
        transactionDepth = depth + 1
        let result: Result
        do {
            result = try body(self)
        } catch {
            transactionDepth = depth
            guard depth == 0 else {
                rollback(depth: depth)
                throw error
            }
            // A queued check not sent yet is sent now: when it fails, its error is the answer, not the body's.
            if !pendingPrologue.isEmpty { try? flushPendingBegin() }
            // Nothing was sent when the BEGIN is still pending: nothing to roll back.
            if takePendingBegin() == nil { rollback(depth: depth) }
            throw takePrologueFailure() ?? error
        }
        transactionDepth = depth
        if depth == 0 {
            if !pendingPrologue.isEmpty {
                do { try flushPendingBegin() } catch {
                    rollback(depth: 0)
                    throw takePrologueFailure() ?? error
                }
            }
            if takePendingBegin() != nil { return result }
            if let failure = takePrologueFailure() {
                // The body went on after its queued check failed (it caught the error): nothing it did counts.
                rollback(depth: 0)
                throw failure
            }
        }
        if depth == 0 && readOnly {
            guard PQsendQuery(handle, "COMMIT") == 1 else {
                isPoisoned = true
                throw connectionError()
            }
            owesCommit = true
            return result
        }
        do {
            try simpleQuery(depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT recur_savepoint_\(depth)")
        } catch {
            if depth > 0 { rollback(depth: depth) } else if transactionState != .idle { rollback(depth: 0) }
            throw error
        }
        return result
    }

    private func takePrologueFailure() -> PostgresError? {
        defer { prologueFailure = nil }
        return prologueFailure
    }

    private func rollback(depth: Int) {
        do {
            if depth == 0 {
                try simpleQuery("ROLLBACK")
            } else {
                try simpleQuery("ROLLBACK TO SAVEPOINT recur_savepoint_\(depth); RELEASE SAVEPOINT recur_savepoint_\(depth)")
            }
        } catch {
            isPoisoned = true
        }
    }
}

/// The `PG_DIAG_*` field codes of `PQresultErrorField` (character macros in C, which Swift does not import).
enum ErrorField {
    static let sqlState = Int32(UInt8(ascii: "C"))
    static let severity = Int32(UInt8(ascii: "S"))
    static let severityNonLocalized = Int32(UInt8(ascii: "V"))
    static let message = Int32(UInt8(ascii: "M"))
    static let detail = Int32(UInt8(ascii: "D"))
    static let hint = Int32(UInt8(ascii: "H"))
    static let schema = Int32(UInt8(ascii: "s"))
    static let table = Int32(UInt8(ascii: "t"))
    static let column = Int32(UInt8(ascii: "c"))
    static let constraint = Int32(UInt8(ascii: "n"))
}
