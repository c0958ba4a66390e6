import Foundation
import Postgres
import Synchronization
import TestSupport
import Threading
import XCTest

final class PoolTests: XCTestCase {
    func testExhaustedPoolTimesOutWithAClearError() throws {
        let pool = try TestDatabase.pool(maxConnections: 1, acquireTimeout: .milliseconds(200))
        try pool.withConnection { _ in
            let started = ContinuousClock.now
            XCTAssertThrowsError(try pool.withConnection { _ in }) { error in
                guard case PostgresError.poolTimeout(let waited, let max) = error else {
                    return XCTFail("unexpected \(error)")
                }
                XCTAssertEqual(max, 1)
                XCTAssertGreaterThanOrEqual(waited, 150)
                XCTAssertTrue("\(error)".contains("no database connection became free"))
            }
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
        }
        XCTAssertEqual(pool.statistics.timeouts, 1)
    }

    func testConnectionIsRetiredAfterItsBorrowsAndAFreshOneServesTheNext() throws {
        let pool = PostgresPool(.init(connectionString: try TestDatabase.url(), maxConnections: 1, maxUsesPerConnection: 2))
        func backend() throws -> Int32? {
            try pool.withConnection { try $0.query("SELECT pg_backend_pid() AS pid").first?.decode(Int32.self, "pid") }
        }
        let first = try XCTUnwrap(try backend())
        XCTAssertEqual(try backend(), first, "the second borrow reuses the connection")
        XCTAssertEqual(pool.statistics.retired, 1)
        XCTAssertEqual(pool.statistics.open, 0, "retired on return, not kept idle")
        let third = try XCTUnwrap(try backend())
        XCTAssertNotEqual(third, first, "the third borrow gets a new server process")
        XCTAssertEqual(try backend(), third)
        XCTAssertEqual(pool.statistics.retired, 2)
        XCTAssertEqual(pool.statistics.discarded, 0, "retiring is not discarding a broken connection")

        // Without the setting a connection is reused indefinitely.
        let lasting = try TestDatabase.pool(maxConnections: 1)
        let pids = try (0..<5).map { _ in
            try lasting.withConnection { try $0.query("SELECT pg_backend_pid() AS pid").first?.decode(Int32.self, "pid") }
        }
        XCTAssertEqual(Set(pids).count, 1)
        XCTAssertEqual(lasting.statistics.retired, 0)
    }

    func testBorrowsMarkedNotAUseDoNotWearTheConnectionOut() throws {
        let pool = PostgresPool(.init(connectionString: try TestDatabase.url(), maxConnections: 1, maxUsesPerConnection: 2))
        func backend(countsAsUse: Bool) throws -> Int32? {
            try pool.withConnection { connection in
                if !countsAsUse { connection.borrowIsNotAUse() }
                return try connection.query("SELECT pg_backend_pid() AS pid").first?.decode(Int32.self, "pid")
            }
        }
        let first = try XCTUnwrap(try backend(countsAsUse: true))
        for _ in 0..<5 {
            XCTAssertEqual(try backend(countsAsUse: false), first, "uncounted borrows keep the same server process")
        }
        XCTAssertEqual(pool.statistics.retired, 0)
        XCTAssertEqual(try backend(countsAsUse: true), first, "the second counted borrow still gets it")
        XCTAssertEqual(pool.statistics.retired, 1, "and retires it")
        XCTAssertNotEqual(try backend(countsAsUse: false), first, "a fresh connection after retirement")
    }

    func testWaiterGetsTheConnectionOnceItIsReturned() throws {
        let pool = try TestDatabase.pool(maxConnections: 1, acquireTimeout: .seconds(5))
        let done = Latch()
        let holding = Latch()
        Thread.detachNewThread {
            try? pool.withConnection { _ in
                holding.open()
                Thread.sleep(forTimeInterval: 0.2)
            }
            done.open()
        }
        holding.wait()
        let value = try pool.withConnection { try $0.query("SELECT 42 AS v").first?.decode(Int.self, "v") }
        XCTAssertEqual(value, 42)
        done.wait()
        XCTAssertLessThanOrEqual(pool.statistics.open, 1)
    }

    func testConnectionReturnedMidTransactionIsCleanForTheNextBorrower() throws {
        let table = TestDatabase.uniqueName("pool_mid_tx")
        let pool = try TestDatabase.pool(maxConnections: 1)
        try pool.withConnection { try $0.simpleQuery("CREATE TABLE \(table) (id int)") }
        defer { try? pool.withConnection { try $0.simpleQuery("DROP TABLE \(table)") } }

        // Leave a transaction open, with a row inserted and a transaction-scoped setting.
        try pool.withConnection { connection in
            try connection.simpleQuery("BEGIN")
            try connection.execute("INSERT INTO \(table) VALUES (1)")
            try connection.query("SELECT set_config('search_path', 'pg_catalog', true)")
        }
        // Leave a failed transaction.
        try pool.withConnection { connection in
            try connection.simpleQuery("BEGIN")
            _ = try? connection.query("SELECT 1/0")
        }
        try pool.withConnection { connection in
            XCTAssertEqual(connection.transactionState, .idle)
            XCTAssertEqual(try connection.query("SELECT count(*) AS n FROM \(table)").first?.decode(Int.self, "n"), 0)
            XCTAssertEqual(
                try connection.query("SELECT current_setting('search_path') AS p").first?.decode(String.self, "p"),
                "\"$user\", public")
        }
        XCTAssertEqual(pool.statistics.open, 1)
    }

    func testPoolReconnectsAfterTheServerRestarts() throws {
        let pool = try TestDatabase.pool(maxConnections: 2)
        let before = try pool.withConnection {
            try XCTUnwrap($0.query("SELECT pg_backend_pid() AS pid").first).decode(Int.self, "pid")
        }
        try TestDatabase.restartServer()
        let after = try pool.withConnection {
            try XCTUnwrap($0.query("SELECT pg_backend_pid() AS pid").first).decode(Int.self, "pid")
        }
        XCTAssertNotEqual(before, after)
        XCTAssertGreaterThanOrEqual(pool.statistics.discarded, 1)
    }

    func testConcurrentBorrowersNeverExceedTheMaximum() throws {
        let pool = try TestDatabase.pool(maxConnections: 3, acquireTimeout: .seconds(10))
        let peak = PeakCounter()
        DispatchQueue.concurrentPerform(iterations: 24) { _ in
            try? pool.withConnection { connection in
                peak.enter()
                _ = try connection.query("SELECT pg_sleep(0.01)")
                peak.leave()
            }
        }
        XCTAssertLessThanOrEqual(peak.maximum, 3)
        XCTAssertGreaterThanOrEqual(peak.maximum, 2)
        XCTAssertEqual(pool.statistics.inUse, 0)
    }
}

/// Counts concurrent entries and remembers the highest.
private final class PeakCounter: Sendable {
    private let counts = Mutex((current: 0, maximum: 0))
    var maximum: Int { counts.withLock { $0.maximum } }
    func enter() {
        counts.withLock {
            $0.current += 1
            $0.maximum = max($0.maximum, $0.current)
        }
    }
    func leave() { counts.withLock { $0.current -= 1 } }
}
