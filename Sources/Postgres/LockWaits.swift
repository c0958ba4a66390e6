extension PostgresConnection {
    /// Runs `body` in a savepoint of the current transaction with row and table lock waits bounded by
    /// `milliseconds` (`lock_timeout`), then restores the transaction's setting. A wait that runs out throws
    /// ``PostgresError`` with SQLSTATE `lock_not_available` (55P03) and rolls back only the savepoint.
    ///
    /// For requests that must not hang behind a long writer (an EOD run holding a template's row lock): the caller
    /// maps the error to an answer the client can act on.
    public func boundingLockWaits<Result>(milliseconds: Int, _ body: (PostgresConnection) throws -> Result) throws -> Result {
        let previous = try query("SELECT current_setting('lock_timeout') AS setting").first?.decode(String.self, "setting") ?? "0"
        let result = try transaction { connection in
            try connection.query("SELECT set_config('lock_timeout', $1, true)", [String(max(1, milliseconds))])
            return try body(connection)
        }
        try query("SELECT set_config('lock_timeout', $1, true)", [previous])
        return result
    }
}
