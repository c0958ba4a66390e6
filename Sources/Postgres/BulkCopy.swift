import CLibPQ
import Foundation

/// Builds `COPY … FROM STDIN` text-format data and streams it to the server in chunks.
public struct CopyWriter: ~Copyable {
    var buffer: [UInt8] = []
    var fieldsInRow = 0
    var rowCount = 0
    let flushThreshold: Int
    let flush: ([UInt8]) throws -> Void

    init(flushThreshold: Int, flush: @escaping ([UInt8]) throws -> Void) {
        self.flushThreshold = flushThreshold
        self.flush = flush
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends one field (NULL for `nil`), escaping backslash, tab, newline and carriage return.
    public mutating func append(_ field: String?) {
        separator()
        guard var field else { return appendNullMarker() }
        let appendedWhole = field.withUTF8 { bytes -> Bool in
            // The usual case: nothing to escape, so the field goes in with one copy.
            guard !bytes.contains(where: CopyWriter.needsEscape) else { return false }
            buffer.append(contentsOf: bytes)
            return true
        }
        if appendedWhole { return }
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }

    private mutating func appendNullMarker() {
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "N"))
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// Appends a UUID in its lowercase text form, or NULL.
    public mutating func append(_ id: UUID?) {
        separator()
        guard let id else { return appendNullMarker() }
        id.appendText(to: &buffer)
    }

    /// Appends an exact decimal (its text never needs escaping).
    public mutating func append(_ value: PostgresNumeric) {
        separator()
        buffer.append(contentsOf: value.text.utf8)
    }

    /// Appends a calendar date as `YYYY-MM-DD`, digits written straight into the buffer.
    public mutating func append(_ date: PostgresDate) {
        separator()
        TextDigits.append(date, to: &buffer)
    }

    /// Appends an integer field without going through `String`.
    public mutating func append(_ value: Int) {
        separator()
        TextDigits.append(value, to: &buffer)
    }

    /// Ends the current row.
    public mutating func endRow() throws {
        buffer.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
        rowCount += 1
        if buffer.count >= flushThreshold {
            try flush(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    private mutating func separator() {
        if fieldsInRow > 0 { buffer.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }
}

extension PostgresConnection {
    /// Streams rows into `COPY … FROM STDIN` (text format) and returns the number of rows copied.
    /// `sql` is fixed text such as `COPY items (id, name) FROM STDIN`.
    @discardableResult
    public func copyIn(_ sql: String, _ produce: (inout CopyWriter) throws -> Void) throws -> Int {
        try flushPendingBegin()
        let start = PQexec(handle, sql)
        guard let start else { throw connectionError() }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            if PQresultStatus(start) == PGRES_FATAL_ERROR { throw error(from: start) }
            throw PostgresError.invalidUsage("statement did not start COPY FROM STDIN")
        }
        PQclear(start)
        let handle = self.handle
        var writer = CopyWriter(flushThreshold: 256 * 1024) { bytes in
            let sent = bytes.withUnsafeBufferPointer { pointer in
                pointer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 { throw PostgresError.connectionLost(endpoint: "copy", reason: "PQputCopyData failed") }
        }
        var failure: Error?
        do {
            try produce(&writer)
            if !writer.buffer.isEmpty { try writer.flush(writer.buffer) }
        } catch {
            failure = error
        }
        let ended = failure == nil ? PQputCopyEnd(handle, nil) : PQputCopyEnd(handle, "aborted by client")
        var serverFailure: PostgresError?
        var copied = 0
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = Int(String(cString: PQcmdTuples(result))) ?? writer.rowCount
            } else if serverFailure == nil {
                serverFailure = error(from: result)
            }
            PQclear(result)
        }
        if let failure { throw failure }
        if let serverFailure { throw serverFailure }
        if ended != 1 { throw connectionError() }
        return copied
    }

    /// Sends the same statement with many parameter sets in libpq pipeline mode, one network round trip per
    /// `batchSize` statements, and returns the total affected rows. Stops at the first error and throws it
    /// (statements after it in the same batch are not run). Wrap in ``transaction(isolation:_:)`` for all-or-none.
    /// - Note: statements must not return large results: results are read after each batch is sent.
    @discardableResult
    public func pipeline<Parameters: Sequence>(
        _ sql: String, _ parameterSets: Parameters, batchSize: Int = 256
    ) throws -> Int where Parameters.Element == [any PostgresEncodable] {
        try flushPendingBegin()
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError.invalidUsage("cannot enter pipeline mode (is a command still running?)")
        }
        var affected = 0
        var firstError: Error?
        let statementName = "recur_pipeline_statement"
        var prepared = false
        var iterator = parameterSets.makeIterator()
        var exhausted = false
        while !exhausted && firstError == nil {
            var sent = 0
            while sent < batchSize, let parameters = iterator.next() {
                let values: [PostgresValue]
                do { values = try encode(parameters) } catch { firstError = error; break }
                if !prepared {
                    let types = values.map(\.typeOID)
                    guard PQsendPrepare(handle, statementName, sql, Int32(values.count), types) == 1 else {
                        firstError = connectionError()
                        break
                    }
                    prepared = true
                    sent += 1
                }
                let ok = try withParameterArrays(values) { _, pointers, lengths, formats in
                    PQsendQueryPrepared(handle, statementName, Int32(values.count), pointers, lengths, formats, 0)
                }
                guard ok == 1 else { firstError = connectionError(); break }
                sent += 1
            }
            if sent < batchSize && firstError == nil { exhausted = true }
            if sent == 0 { break }
            guard PQpipelineSync(handle) == 1 else { firstError = firstError ?? connectionError(); break }
            // Read every result up to and including this batch's sync point.
            while true {
                guard let result = PQgetResult(handle) else {
                    if !isConnected { firstError = firstError ?? connectionError(); break }
                    continue
                }
                let status = PQresultStatus(result)
                defer { PQclear(result) }
                if status == PGRES_PIPELINE_SYNC { break }
                if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK {
                    affected += Int(String(cString: PQcmdTuples(result))) ?? 0
                } else if status == PGRES_PIPELINE_ABORTED {
                    continue
                } else if firstError == nil {
                    firstError = error(from: result)
                }
                if PQstatus(handle) != CONNECTION_OK { firstError = firstError ?? connectionError(); break }
            }
        }
        if prepared, firstError == nil || isConnected {
            // Drop the unnamed-per-call statement so the next pipeline can prepare its own SQL.
            _ = PQsendQueryParams(handle, "DEALLOCATE recur_pipeline_statement", 0, nil, nil, nil, nil, 0)
            _ = PQpipelineSync(handle)
            while true {
                guard let result = PQgetResult(handle) else {
                    if !isConnected { break } else { continue }
                }
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_PIPELINE_SYNC { break }
            }
        }
        if PQexitPipelineMode(handle) != 1 { isPoisoned = true }
        if let firstError { throw firstError }
        return affected
    }
}
