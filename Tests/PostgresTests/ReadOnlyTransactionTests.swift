import Postgres
import TestSupport
import XCTest

/// `transaction(readOnly: true)`: the server refuses writes in it, and its `COMMIT` is sent without waiting, its answer
/// read when the connection is next used.
final class ReadOnlyTransactionTests: XCTestCase {
    func testAReadOnlyTransactionReadsRefusesWritesAndLeavesItsConnectionReusable() throws {
        let pool = try TestDatabase.pool(maxConnections: 1, acquireTimeout: .seconds(5))
        let pid = try pool.withConnection { try XCTUnwrap($0.query("SELECT pg_backend_pid() AS pid").first).decode(Int32.self, "pid") }
        let mode = PostgresStatement("test_read_only_mode", "SELECT current_setting('transaction_read_only') AS mode")
        for _ in 0..<3 {
            let answer = try pool.transaction(readOnly: true) { db in
                try XCTUnwrap(db.query(mode).first).decode(String.self, "mode")
            }
            XCTAssertEqual(answer, "on")
        }
        // The COMMIT still owed is read by the next borrower: the same server process, idle, out of any transaction.
        try pool.withConnection { db in
            XCTAssertEqual(try XCTUnwrap(db.query("SELECT pg_backend_pid() AS pid").first).decode(Int32.self, "pid"), pid)
            XCTAssertEqual(try XCTUnwrap(db.query(mode).first).decode(String.self, "mode"), "off")
            XCTAssertEqual(db.transactionState, .idle)
        }
        // A write in it fails (25006) and rolls back; a repeatable-read one is both.
        XCTAssertThrowsError(
            try pool.transaction(readOnly: true) { db in try db.execute("CREATE TEMP SEQUENCE test_read_only_refused") }
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, SQLState(rawValue: "25006")) }
        let level = try pool.transaction(isolation: .repeatableRead, readOnly: true) { db in
            try XCTUnwrap(db.query("SELECT current_setting('transaction_isolation') AS level").first).decode(String.self, "level")
        }
        XCTAssertEqual(level, "repeatable read")
        // A read-only transaction then a statement on the same connection, and a pooled read-write transaction after.
        try pool.withConnection { db in
            _ = try db.transaction(readOnly: true) { try $0.query(mode) }
            XCTAssertEqual(try XCTUnwrap(db.query(mode).first).decode(String.self, "mode"), "off")
        }
        XCTAssertEqual(try pool.transaction { try XCTUnwrap($0.query(mode).first).decode(String.self, "mode") }, "off")
        XCTAssertEqual(pool.statistics.discarded, 0)
        XCTAssertEqual(pool.statistics.open, 1)
    }
}
