import CLibPQ

/// A transaction's `BEGIN` sent with its first statement (``PostgresConnection/pendingBegin``): one round trip less
/// for every transaction.
extension PostgresConnection {
    /// Sends a pending `BEGIN` on its own, for work that talks to libpq directly (`COPY`, pipelines).
    func flushPendingBegin() throws {
        settleCommit()
        if let begin = takePendingBegin() { _ = try rows(from: PQexec(handle, begin)) }
    }

    /// Reads the answer to a read-only transaction's `COMMIT` sent without waiting
    /// (``transaction(isolation:readOnly:_:)``), if one is owed: before anything else is sent on the connection. A
    /// failure (the connection lost) poisons the connection: it is not reused.
    func settleCommit() {
        guard owesCommit else { return }
        owesCommit = false
        var failed = false
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) != PGRES_COMMAND_OK { failed = true }
            PQclear(result)
        }
        if failed || !isConnected || transactionState != .idle { isPoisoned = true }
    }

    func takePendingBegin() -> String? {
        defer { pendingBegin = nil }
        return pendingBegin
    }

    /// Sends `begin` and then each of `sends` (one command each) in libpq pipeline mode with one sync at the end, and
    /// reads every result: one round trip. Returns the last command's rows; throws the first error (the server skips
    /// the commands after it; the transaction `begin` opened is then failed, as after any error in it).
    /// `succeeded` gets how many of `sends` completed without error.
    func afterBegin(
        _ begin: String, _ sends: [() throws -> Int32], succeeded: (Int) -> Void = { _ in }
    ) throws -> PostgresRows {
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError.invalidUsage("cannot enter pipeline mode (is a command still running?)")
        }
        var sendFailure: (any Error)?
        if PQsendQueryParams(handle, begin, 0, nil, nil, nil, nil, 0) != 1 {
            sendFailure = connectionError()
        } else {
            for send in sends {
                do {
                    guard try send() == 1 else { sendFailure = connectionError(); break }
                } catch {
                    sendFailure = error
                    break
                }
            }
        }
        if sendFailure != nil || PQpipelineSync(handle) != 1 {
            // Commands may be queued without a sync to end them: the connection is not reusable.
            isPoisoned = true
            _ = PQexitPipelineMode(handle)
            throw sendFailure ?? connectionError()
        }
        var last: OpaquePointer?
        var firstError: PostgresError?
        var completed = 0
        while true {
            guard let result = PQgetResult(handle) else {
                // NULL ends one command's results; a lost connection ends them all.
                if !isConnected {
                    firstError = firstError ?? connectionError()
                    break
                }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            switch status {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY:
                completed += 1
                if let last { PQclear(last) }
                last = result
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
            default:
                if firstError == nil { firstError = error(from: result) }
                PQclear(result)
            }
        }
        if PQexitPipelineMode(handle) != 1 { isPoisoned = true }
        // `completed` counts BEGIN too.
        succeeded(max(0, completed - 1))
        if let firstError {
            if let last { PQclear(last) }
            throw firstError
        }
        guard let last else { throw connectionError() }
        return try rows(from: last)
    }
}
