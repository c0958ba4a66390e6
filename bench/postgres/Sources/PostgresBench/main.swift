// The Swift side of the Postgres layer benchmark (issue 2). bench/postgres/run.sh drives it, next to pgbench and
// psql \copy on the same cluster, and turns the RESULT lines into ratios.
//
//   PostgresBench single <seconds>           single-row INSERT, named prepared statement, autocommit
//   PostgresBench pipeline <rows> <batch>    connection.pipeline(…) bulk INSERT, one Sync per batch
//   PostgresBench copy <rows>                connection.copyIn(…) bulk COPY (text format)
//   PostgresBench tsv <rows> <path>          writes the same rows as `copy`, as COPY text, for psql \copy
//   PostgresBench raw-pipeline <rows> <batch> lockstep|overlapped
//                                            probe: the pipeline INSERT on bare libpq (RawPipeline.swift)
//
// The database comes from $DATABASE_URL. Every measuring command prints one line:
//   RESULT <phase> rows=<n> seconds=<wall> rate=<rows/s> user=<cpu s> sys=<cpu s>
// where user/sys are this process's CPU time during the timed part (the client's share of the work).
import Foundation
import Postgres

#if canImport(Glibc)
import Glibc
#endif

// MARK: Row shape: bench_pg.rows (id bigint primary key, tenant_id int, amount numeric(18,4), memo text, posted_on date)

struct LedgerRow {
    var id: Int
    var tenantID: Int32
    var amount: PostgresNumeric
    var memo: String
    var postedOn: PostgresDate
}

/// SplitMix64's finaliser: a bijection, so ids are random-looking (as pgbench's `random()` ids are) but distinct.
@inline(__always)
func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Row `index` of a run. `salt` differs between phases so that no two phases share ids.
func makeRow(_ index: Int, salt: UInt64) -> LedgerRow {
    let random = mix(UInt64(index) ^ salt)
    let id = Int(random >> 1)  // positive 63-bit; collisions among 10^6 rows: ~10^-7
    let cents = Int(random % 100_000_000)  // 0.0000 … 9999.9999
    let fraction = String(cents % 10_000)
    let amount = "\(cents / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    return LedgerRow(
        id: id,
        tenantID: Int32(random % 100) + 1,
        amount: PostgresNumeric(amount)!,
        memo: "Invoice INV-\(100_000 + index % 900_000) line \(index % 7 + 1)",
        postedOn: PostgresDate(year: 2026, month: 1 + index % 12, day: 1 + index % 28)!)
}

let insertSQL = "INSERT INTO bench_pg.rows (id, tenant_id, amount, memo, posted_on) VALUES ($1, $2, $3, $4, $5)"
let copySQL = "COPY bench_pg.rows (id, tenant_id, amount, memo, posted_on) FROM STDIN"

// MARK: Measurement

struct CPUTime {
    var user: Double
    var system: Double

    static func now() -> CPUTime {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return CPUTime(
            user: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            system: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }
}

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Times `body` (which returns the number of rows it wrote) and prints the RESULT line.
func measure(_ phase: String, _ body: () throws -> Int) throws {
    let cpuStart = CPUTime.now()
    let start = monotonicSeconds()
    let rows = try body()
    let seconds = monotonicSeconds() - start
    let cpu = CPUTime.now()
    print(
        "RESULT \(phase) rows=\(rows) seconds=\(String(format: "%.3f", seconds))"
            + " rate=\(String(format: "%.0f", Double(rows) / seconds))"
            + " user=\(String(format: "%.3f", cpu.user - cpuStart.user))"
            + " sys=\(String(format: "%.3f", cpu.system - cpuStart.system))")
}

func connect() throws -> PostgresConnection {
    guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
        throw BenchError.usage("DATABASE_URL is not set")
    }
    return try PostgresConnection(url, applicationName: "recur-postgres-bench")
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case mismatch(String)
    var description: String {
        switch self {
        case .usage(let text), .mismatch(let text): text
        }
    }
}

/// Checks that the table holds exactly what the phase claims to have written.
func verifyCount(_ connection: PostgresConnection, expected: Int) throws {
    let counted = try connection.query("SELECT count(*) AS n FROM bench_pg.rows")[0].decode(Int.self, "n")
    guard counted == expected else { throw BenchError.mismatch("table holds \(counted) rows, expected \(expected)") }
}

// MARK: Phases

/// a. One INSERT per round trip through a named prepared statement, autocommit, for `seconds`.
func runSingle(seconds: Double) throws {
    let connection = try connect()
    let statement = PostgresStatement("bench_insert_row", insertSQL)
    var written = 0
    try measure("swift_single") {
        let deadline = monotonicSeconds() + seconds
        while monotonicSeconds() < deadline {
            let row = makeRow(written, salt: 0x51)
            try connection.query(statement, [row.id, row.tenantID, row.amount, row.memo, row.postedOn])
            written += 1
        }
        return written
    }
    try verifyCount(connection, expected: written)
}

/// c. Bulk INSERT in pipeline mode. Rows are built before the clock starts (psql \copy reads a ready file too);
/// turning them into parameter arrays is the caller's share of the API and is timed.
func runPipeline(rows count: Int, batchSize: Int) throws {
    let connection = try connect()
    let rows = (0..<count).map { makeRow($0, salt: 0xC0FFEE) }
    try measure("swift_pipeline_\(batchSize)") {
        let parameterSets = rows.lazy.map { row -> [any PostgresEncodable] in
            [row.id, row.tenantID, row.amount, row.memo, row.postedOn]
        }
        return try connection.pipeline(insertSQL, parameterSets, batchSize: batchSize)
    }
    try verifyCount(connection, expected: count)
}

/// d. Bulk COPY FROM STDIN through CopyWriter, same rows as the TSV file psql loads.
func runCopy(rows count: Int) throws {
    let connection = try connect()
    let rows = (0..<count).map { makeRow($0, salt: 0xC0B1) }
    try measure("swift_copy") {
        try connection.copyIn(copySQL) { writer in
            for row in rows {
                writer.append(row.id)
                writer.append(Int(row.tenantID))
                writer.append(row.amount.text)
                writer.append(row.memo)
                writer.append(row.postedOn.description)
                try writer.endRow()
            }
        }
    }
    try verifyCount(connection, expected: count)
}

/// Writes the `copy` rows as COPY text (the memos hold no character that needs escaping).
func writeTSV(rows count: Int, path: String) throws {
    var text = [UInt8]()
    text.reserveCapacity(count * 64)
    for index in 0..<count {
        let row = makeRow(index, salt: 0xC0B1)
        text.append(contentsOf: "\(row.id)\t\(row.tenantID)\t\(row.amount.text)\t\(row.memo)\t\(row.postedOn)\n".utf8)
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(text)) else {
        throw BenchError.usage("cannot write \(path)")
    }
}

// MARK: Main

let arguments = CommandLine.arguments.dropFirst().map { $0 }
do {
    switch arguments.first {
    case "single" where arguments.count == 2:
        try runSingle(seconds: Double(arguments[1])!)
    case "pipeline" where arguments.count == 3:
        try runPipeline(rows: Int(arguments[1])!, batchSize: Int(arguments[2])!)
    case "copy" where arguments.count == 2:
        try runCopy(rows: Int(arguments[1])!)
    case "raw-pipeline" where arguments.count == 4:
        try runRawPipeline(rows: Int(arguments[1])!, batchSize: Int(arguments[2])!, overlapped: arguments[3] == "overlapped")
    case "tsv" where arguments.count == 3:
        try writeTSV(rows: Int(arguments[1])!, path: arguments[2])
    default:
        throw BenchError.usage("usage: PostgresBench single <seconds> | pipeline <rows> <batch> | copy <rows> | tsv <rows> <path> | raw-pipeline <rows> <batch> lockstep|overlapped")
    }
} catch {
    FileHandle.standardError.write(Data("PostgresBench: \(error)\n".utf8))
    exit(1)
}
