import Postgres
import TestSupport
import XCTest

final class AdvisoryLockTests: XCTestCase {
    private let key = AdvisoryLockKey(classID: 9_001, objectID: Int32.random(in: 1...Int32.max))

    func testTwoSessionsContendForOneLock() throws {
        let first = try TestDatabase.connect()
        let second = try TestDatabase.connect()
        XCTAssertTrue(try first.tryAdvisoryLock(key))
        XCTAssertFalse(try second.tryAdvisoryLock(key))
        XCTAssertTrue(try first.unlockAdvisory(key))
        XCTAssertTrue(try second.tryAdvisoryLock(key))
        XCTAssertFalse(try first.unlockAdvisory(key), "first no longer holds it")
        XCTAssertTrue(try second.unlockAdvisory(key))
    }

    func testLockDiesWithItsConnection() throws {
        var holder: PostgresConnection? = try TestDatabase.connect()
        XCTAssertTrue(try holder?.tryAdvisoryLock(key) ?? false)
        let other = try TestDatabase.connect()
        XCTAssertFalse(try other.tryAdvisoryLock(key))
        holder = nil  // closes the connection
        XCTAssertTrue(try other.advisoryLock(key, timeoutMilliseconds: 2_000))
        try other.unlockAdvisory(key)
    }

    func testBlockingLockWithTimeoutReturnsFalseAndLeavesTheSessionUsable() throws {
        let first = try TestDatabase.connect()
        let second = try TestDatabase.connect()
        XCTAssertTrue(try first.advisoryLock(key))
        XCTAssertFalse(try second.advisoryLock(key, timeoutMilliseconds: 100))
        XCTAssertEqual(try second.query("SELECT current_setting('lock_timeout') AS t").first?.decode(String.self, "t"), "0")
        try first.unlockAdvisory(key)
        XCTAssertTrue(try second.advisoryLock(key, timeoutMilliseconds: 100))
        try second.unlockAdvisory(key)
    }

    func testTransactionLockIsReleasedAtCommit() throws {
        let first = try TestDatabase.connect()
        let second = try TestDatabase.connect()
        try first.transaction { connection in
            XCTAssertTrue(try connection.tryTransactionAdvisoryLock(key))
            XCTAssertFalse(try second.transaction { try $0.tryTransactionAdvisoryLock(key) })
            // A timed wait inside a transaction gives false and does not spoil the transaction.
            try second.transaction { connection in
                XCTAssertFalse(try connection.transactionAdvisoryLock(key, timeoutMilliseconds: 50))
                XCTAssertEqual(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one"), 1)
            }
        }
        XCTAssertTrue(try second.transaction { try $0.tryTransactionAdvisoryLock(key) })
    }

    func testTransactionLockOutsideATransactionIsRefused() throws {
        let connection = try TestDatabase.connect()
        XCTAssertThrowsError(try connection.tryTransactionAdvisoryLock(key))
    }

    func testWithTryAdvisoryLockSkipsWhenHeldElsewhere() throws {
        let first = try TestDatabase.connect()
        let second = try TestDatabase.connect()
        let ran = try first.withTryAdvisoryLock(key) { () -> Bool in
            XCTAssertNil(try second.withTryAdvisoryLock(key) { true })
            return true
        }
        XCTAssertEqual(ran, true)
        XCTAssertEqual(try second.withTryAdvisoryLock(key) { 5 }, 5)
    }
}
