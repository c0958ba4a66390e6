import CLibPQ

/// A transaction's `BEGIN` sent with its first statement (``PostgresConnection/pendingBegin``), and the statements
/// queued to go just before that first statement (``PostgresConnection/sendBeforeFirstStatement(_:_:)``, the tenant
/// access check): one round trip for all of them.
extension PostgresConnection {
    /// One command of a pipeline: a statement and its encoded parameters.
    struct PipelinedStatement {
        let statement: PostgresStatement
        let values: [PostgresValue]
    }

    /// Queues `statement` to be sent in the same round trip as the transaction's first statement, after its `BEGIN`
    /// and before that statement; its rows are not returned. For a check that must hold before anything else runs:
    /// it must **raise** when it does not hold — the server then skips every command after it up to the round trip's
    /// end, so the statement it precedes never runs. Its error is thrown by the call that carried it and again when
    /// the transaction ends, whatever the body did with it. A transaction whose body sends nothing sends it before
    /// its end (and a body that throws before sending anything gets the check's error rather than its own when the
    /// check fails). Outside an outermost transaction whose `BEGIN` is still pending, it runs now.
    public func sendBeforeFirstStatement(_ statement: PostgresStatement, _ parameters: [any PostgresEncodable]) throws {
        guard pendingBegin != nil else {
            try query(statement, parameters)
            return
        }
        pendingPrologue.append(PipelinedStatement(statement: statement, values: try encode(parameters)))
    }

    /// Runs `statements` in one round trip (libpq pipeline mode, one sync; with a pending `BEGIN` and queued
    /// statements first) and returns each one's rows, in order. Throws the first error: the server skips the
    /// statements after it, and a transaction is then failed, as after any error in it. For statements that do not
    /// depend on each other's answers (a report's figures, read in one snapshot).
    public func queries(_ statements: [(PostgresStatement, [any PostgresEncodable])]) throws -> [PostgresRows] {
        settleCommit()
        let encoded = try statements.map { PipelinedStatement(statement: $0.0, values: try encode($0.1)) }
        return try pipelined(encoded)
    }

    /// Sends a pending `BEGIN` (and the statements queued after it) on their own, for work that talks to libpq
    /// directly (`COPY`, pipelines) or through the simple protocol.
    func flushPendingBegin() throws {
        settleCommit()
        if !pendingPrologue.isEmpty {
            _ = try pipelined([])
        } else if let begin = takePendingBegin() {
            _ = try rows(from: PQexec(handle, begin))
        }
    }

    /// Whether anything is kept to go with the next statement.
    var hasPendingCommands: Bool { pendingBegin != nil || !pendingPrologue.isEmpty }

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

    /// Sends a pending `BEGIN`, the queued statements (``pendingPrologue``) and `statements`, each prepared first when
    /// it is a named statement not yet prepared on this connection, in libpq pipeline mode with one sync at the end,
    /// and reads every result: one round trip. Returns the rows of each of `statements`; throws the first error (the
    /// server skips the commands after it). A failure of the `BEGIN` or of a queued statement is also kept in
    /// ``prologueFailure``, thrown again when the transaction ends.
    func pipelined(_ statements: [PipelinedStatement]) throws -> [PostgresRows] {
        enum Command { case begin, prepare(String), execute(Int) }
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError.invalidUsage("cannot enter pipeline mode (is a command still running?)")
        }
        let begin = takePendingBegin()
        let prologueCount = pendingPrologue.count
        let all = pendingPrologue + statements
        pendingPrologue = []
        var commands = [Command]()
        var sendFailure: (any Error)?
        do {
            if let begin {
                guard PQsendQueryParams(handle, begin, 0, nil, nil, nil, nil, 0) == 1 else { throw connectionError() }
                commands.append(.begin)
            }
            var preparing = Set<String>()
            for (index, item) in all.enumerated() {
                let statement = item.statement, values = item.values, handle = self.handle
                let sent: Int32
                if statement.planning == .prepared {
                    if !preparedStatements.contains(statement.name), !preparing.contains(statement.name) {
                        let prepared = values.map(\.typeOID).withUnsafeBufferPointer { types in
                            PQsendPrepare(handle, statement.name, statement.sql, Int32(values.count), types.baseAddress)
                        }
                        guard prepared == 1 else { throw connectionError() }
                        commands.append(.prepare(statement.name))
                        preparing.insert(statement.name)
                    }
                    sent = try withParameterArrays(values) { _, pointers, lengths, formats in
                        PQsendQueryPrepared(handle, statement.name, Int32(values.count), pointers, lengths, formats, 0)
                    }
                } else {
                    sent = try withParameterArrays(values) { types, pointers, lengths, formats in
                        PQsendQueryParams(handle, statement.sql, Int32(values.count), types, pointers, lengths, formats, 0)
                    }
                }
                guard sent == 1 else { throw connectionError() }
                commands.append(.execute(index))
            }
        } catch {
            sendFailure = error
        }
        if sendFailure != nil || PQpipelineSync(handle) != 1 {
            // Commands may be queued without a sync to end them: the connection is not reusable.
            isPoisoned = true
            _ = PQexitPipelineMode(handle)
            throw sendFailure ?? connectionError()
        }
        var results = [OpaquePointer?](repeating: nil, count: all.count)
        var firstError: PostgresError?
        var next = 0
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
            // One result per command, in the order sent.
            let command: Command? = commands.indices.contains(next) ? commands[next] : nil
            next += 1
            switch status {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY:
                switch command {
                case .prepare(let name): preparedStatements.insert(name)
                case .execute(let index):
                    results[index] = result
                    continue
                default: break
                }
                PQclear(result)
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
            default:
                if firstError == nil { firstError = error(from: result) }
                PQclear(result)
            }
        }
        if PQexitPipelineMode(handle) != 1 { isPoisoned = true }
        if let firstError {
            results.forEach { $0.map(PQclear) }
            if results.prefix(prologueCount).contains(where: { $0 == nil }) {
                prologueFailure = prologueFailure ?? firstError
            }
            throw firstError
        }
        results.prefix(prologueCount).forEach { $0.map(PQclear) }
        return try results.dropFirst(prologueCount).map { result in
            guard let result else { throw connectionError() }
            return try rows(from: result)
        }
    }
}
