import Postgres
import TestSupport
import XCTest

/// A statement queued with ``PostgresConnection/sendBeforeFirstStatement(_:_:)`` goes with the transaction's first
/// statement, in one round trip; when it raises, the statements sent with it never run and the transaction fails with
/// its error whatever the body does. ``PostgresConnection/queries(_:)`` runs several statements in one round trip. A
/// temporary sequence shows whether a statement ran (`nextval` is not undone by a rollback).
final class QueuedStatementTests: XCTestCase {
    private var connection: PostgresConnection!
    /// Raises division by zero unless `$1` is true; sets `test.checked` for the transaction.
    private let check = PostgresStatement(
        "test_queued_check", "SELECT set_config('test.checked', 'yes', true) AS checked, 1 / ($1::bool::int) AS ok")
    private let probe = PostgresStatement(
        "test_queued_probe", "SELECT nextval('queued_probe') AS n, current_setting('test.checked', true) AS checked")

    override func setUpWithError() throws {
        connection = try TestDatabase.connect()
        try connection.simpleQuery("CREATE TEMP SEQUENCE queued_probe; CREATE TEMP TABLE queued_rows (n int)")
    }

    override func tearDown() { connection = nil }

    private func probes() throws -> Int {
        let row = try XCTUnwrap(connection.query("SELECT last_value, is_called FROM queued_probe").first)
        return try row.decode(Bool.self, "is_called") ? row.decode(Int.self, "last_value") : 0
    }

    private func assertDivisionByZero(_ work: @autoclosure () throws -> some Any, _ line: UInt = #line) {
        XCTAssertThrowsError(try work(), line: line) {
            XCTAssertEqual(($0 as? PostgresError)?.sqlState, SQLState(rawValue: "22012"), "\($0)", line: line)
        }
        XCTAssertEqual(connection.transactionState, .idle, line: line)
    }

    struct BodyError: Error {}

    func testAQueuedStatementGoesFirstAndARaisingOneStopsEverySentWithIt() throws {
        // Holds: the first statement runs after it, in the same transaction (it sees the setting), prepared or not.
        for readOnly in [false, true, false] {
            let checked = try connection.transaction(readOnly: readOnly) { db in
                try db.sendBeforeFirstStatement(check, [true])
                return try XCTUnwrap(db.query(probe).first).decode(String.self, "checked")
            }
            XCTAssertEqual(checked, "yes")
        }
        XCTAssertEqual(try probes(), 3)
        // Refused: nothing sent with it runs — a named statement, an unnamed one, a batch, the simple protocol.
        assertDivisionByZero(try connection.transaction { db in
            try db.sendBeforeFirstStatement(check, [false])
            return try db.query(probe)
        })
        assertDivisionByZero(try connection.transaction(readOnly: true) { db in
            try db.sendBeforeFirstStatement(check, [false])
            return try db.query("SELECT nextval('queued_probe')")
        })
        assertDivisionByZero(try connection.transaction { db in
            try db.sendBeforeFirstStatement(check, [false])
            return try db.queries([(probe, []), (probe, [])])
        })
        assertDivisionByZero(try connection.transaction { db in
            try db.sendBeforeFirstStatement(check, [false])
            try db.simpleQuery("SELECT nextval('queued_probe')")
        })
        // The body catches the error and goes on: the transaction still fails with it, and nothing it did counts.
        assertDivisionByZero(try connection.transaction { db in
            try db.sendBeforeFirstStatement(check, [false])
            _ = try? db.query(probe)
            _ = try? db.execute("INSERT INTO queued_rows VALUES (1)")
            return 1
        })
        // A body that sends nothing, or throws before sending anything, gets the check's refusal.
        assertDivisionByZero(try connection.transaction { db in try db.sendBeforeFirstStatement(check, [false]) })
        assertDivisionByZero(try connection.transaction { db in
            try db.sendBeforeFirstStatement(check, [false])
            throw BodyError()
        })
        XCTAssertEqual(try probes(), 3)
        XCTAssertEqual(try connection.query("SELECT count(*) AS n FROM queued_rows").first?.decode(Int.self, "n"), 0)
        // When it holds, the body's own error is the answer, and a body that sends nothing still sends it.
        XCTAssertThrowsError(try connection.transaction { db in
            try db.sendBeforeFirstStatement(check, [true])
            throw BodyError()
        }) { XCTAssertTrue($0 is BodyError) }
        XCTAssertNoThrow(try connection.transaction { db in try db.sendBeforeFirstStatement(check, [true]) })
        XCTAssertEqual(connection.transactionState, .idle)
        // The connection goes on as usual: the probe, never prepared by the aborted round trips, runs.
        XCTAssertEqual(try connection.transaction { try XCTUnwrap($0.query(probe).first).decode(Int.self, "n") }, 4)
    }

    func testQueriesRunTogetherAndReturnEachStatementsRows() throws {
        let number = PostgresStatement("test_queries_number", "SELECT $1::int * 2 AS n")
        let perExecution = PostgresStatement("", "SELECT generate_series(1, $1::int) AS n", planning: .perExecution)
        for readOnly in [false, true] {
            let results = try connection.transaction(isolation: .repeatableRead, readOnly: readOnly) { db in
                try db.queries([(number, [21]), (perExecution, [3]), (number, [5])])
            }
            XCTAssertEqual(try results.map { try $0.map { try $0.decode(Int.self, "n") } }, [[42], [1, 2, 3], [10]])
        }
        // Outside a transaction too; an error stops the rest and is thrown as such.
        XCTAssertEqual(try connection.queries([(number, [1])]).first?.first?.decode(Int.self, "n"), 2)
        XCTAssertThrowsError(try connection.queries([(number, [1]), (PostgresStatement("", "SELECT 1 / 0"), []), (probe, [])])) {
            XCTAssertEqual(($0 as? PostgresError)?.sqlState, SQLState(rawValue: "22012"))
        }
        XCTAssertEqual(connection.transactionState, .idle)
        XCTAssertEqual(try probes(), 0)
    }
}
