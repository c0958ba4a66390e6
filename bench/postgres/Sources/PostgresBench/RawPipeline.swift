// A probe, not part of the comparison: the same pipelined INSERT written against libpq directly, with every
// parameter rendered to C text before the clock starts. It shows the floor the wrapper could reach and what
// overlapping batches gains:
//   lockstep    send a batch + Sync, read all its results, then send the next batch (what
//               PostgresConnection.pipeline does)
//   overlapped  send batch k+1 + Sync before reading batch k's results, so the client's encoding/sending and
//               the server's execution run at the same time (libpq buffers incoming results while it sends)
import CLibPQBench
import Foundation

func runRawPipeline(rows count: Int, batchSize: Int, overlapped: Bool) throws {
    guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else {
        throw BenchError.usage("DATABASE_URL is not set")
    }
    guard let connection = PQconnectdb(url), PQstatus(connection) == CONNECTION_OK else {
        throw BenchError.usage("cannot connect")
    }
    defer { PQfinish(connection) }
    let types: [Oid] = [20, 23, 1700, 25, 1082]
    let prepared = PQprepare(connection, "raw_insert_row", insertSQL, 5, types)
    guard PQresultStatus(prepared) == PGRES_COMMAND_OK else {
        throw BenchError.mismatch(String(cString: PQresultErrorMessage(prepared)))
    }
    PQclear(prepared)

    // All fields as NUL-terminated text in one buffer; pointers computed once.
    var text = [CChar]()
    var offsets = [Int]()
    offsets.reserveCapacity(count * 5)
    for index in 0..<count {
        let row = makeRow(index, salt: 0xC0FFEE)
        for field in [String(row.id), String(row.tenantID), row.amount.text, row.memo, row.postedOn.description] {
            offsets.append(text.count)
            text.append(contentsOf: field.utf8.map { CChar(bitPattern: $0) })
            text.append(0)
        }
    }

    try text.withUnsafeBufferPointer { base in
        let pointers: [UnsafePointer<CChar>?] = offsets.map { base.baseAddress! + $0 }
        try pointers.withUnsafeBufferPointer { fields in
            guard PQenterPipelineMode(connection) == 1 else { throw BenchError.mismatch("no pipeline mode") }
            var inserted = 0
            func send(_ batch: Range<Int>) {
                for index in batch {
                    _ = PQsendQueryPrepared(connection, "raw_insert_row", 5, fields.baseAddress! + index * 5, nil, nil, 0)
                }
                _ = PQpipelineSync(connection)
            }
            func readBatch() throws {
                while true {
                    guard let result = PQgetResult(connection) else { continue }
                    defer { PQclear(result) }
                    switch PQresultStatus(result) {
                    case PGRES_PIPELINE_SYNC: return
                    case PGRES_COMMAND_OK: inserted += 1
                    default: throw BenchError.mismatch(String(cString: PQresultErrorMessage(result)))
                    }
                }
            }
            let batches = stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }
            try measure("raw_libpq_pipeline_\(batchSize)_\(overlapped ? "overlapped" : "lockstep")") {
                if overlapped {
                    send(batches[0])
                    for batch in batches.dropFirst() {
                        send(batch)
                        try readBatch()
                    }
                    try readBatch()
                } else {
                    for batch in batches {
                        send(batch)
                        try readBatch()
                    }
                }
                return inserted
            }
            _ = PQexitPipelineMode(connection)
        }
    }
}
