import Postgres
import TestSupport
import XCTest

final class ErrorAndTransactionTests: XCTestCase {
    private var connection: PostgresConnection!

    override func setUpWithError() throws {
        connection = try TestDatabase.connect()
        try connection.simpleQuery(
            """
            CREATE TEMP TABLE parents (id int PRIMARY KEY, slug text NOT NULL CONSTRAINT parents_slug_key UNIQUE);
            CREATE TEMP TABLE children (id int PRIMARY KEY,
                parent_id int NOT NULL CONSTRAINT children_parent_fk REFERENCES parents (id));
            """)
    }

    override func tearDown() { connection = nil }

    private func count(_ table: String) throws -> Int {
        // Table names here are fixed literals of this test, not input.
        try XCTUnwrap(connection.query("SELECT count(*) AS n FROM \(table)").first).decode(Int.self, "n")
    }

    func testUniqueViolationCarriesSQLStateConstraintAndTable() throws {
        try connection.execute("INSERT INTO parents VALUES (1, $1)", ["secret-slug"])
        XCTAssertThrowsError(try connection.execute("INSERT INTO parents VALUES (2, $1)", ["secret-slug"])) { error in
            let postgresError = error as? PostgresError
            XCTAssertEqual(postgresError?.sqlState, .uniqueViolation)
            XCTAssertEqual(postgresError?.serverError?.constraint, "parents_slug_key")
            XCTAssertEqual(postgresError?.serverError?.table, "parents")
            XCTAssertNotNil(postgresError?.serverError?.detail)
            // The description never repeats the parameter value (the detail does, for debugging only).
            XCTAssertFalse("\(error)".contains("secret-slug"))
            XCTAssertTrue(String(reflecting: error).contains("secret-slug"))
        }
    }

    func testForeignKeyViolationCarriesSQLState() throws {
        XCTAssertThrowsError(try connection.execute("INSERT INTO children VALUES (1, $1)", [42])) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, .foreignKeyViolation)
            XCTAssertEqual((error as? PostgresError)?.serverError?.constraint, "children_parent_fk")
        }
    }

    func testSyntaxErrorDescriptionDoesNotLeakValues() throws {
        XCTAssertThrowsError(try connection.query("SELECT $1::int", ["not-a-number-4111111111111111"])) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, .invalidTextRepresentation)
            XCTAssertFalse("\(error)".contains("4111111111111111"))
        }
    }

    func testTransactionRollsBackWhenTheBodyThrows() throws {
        struct Abort: Error {}
        XCTAssertThrowsError(
            try connection.transaction { connection in
                try connection.execute("INSERT INTO parents VALUES (1, 'a')")
                throw Abort()
            }
        ) { XCTAssertTrue($0 is Abort) }
        XCTAssertEqual(try count("parents"), 0)
        XCTAssertFalse(connection.isInTransaction)
    }

    func testTransactionCommitsWhenTheBodyReturns() throws {
        let value = try connection.transaction { connection in
            try connection.execute("INSERT INTO parents VALUES (1, 'a')")
            return 7
        }
        XCTAssertEqual(value, 7)
        XCTAssertEqual(try count("parents"), 1)
    }

    func testFailedStatementRollsBackTheWholeTransaction() throws {
        XCTAssertThrowsError(
            try connection.transaction { connection in
                try connection.execute("INSERT INTO parents VALUES (1, 'a')")
                try connection.execute("INSERT INTO children VALUES (1, 99)")
            })
        XCTAssertEqual(try count("parents"), 0)
    }

    func testSavepointRollsBackOnlyTheInnerWork() throws {
        try connection.transaction { connection in
            try connection.execute("INSERT INTO parents VALUES (1, 'outer')")
            XCTAssertThrowsError(
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO parents VALUES (2, 'inner')")
                    try connection.execute("INSERT INTO parents VALUES (3, 'outer')")  // unique violation
                })
            // The outer transaction is still usable after the inner failure.
            try connection.execute("INSERT INTO parents VALUES (4, 'after')")
        }
        let slugs = try connection.query("SELECT slug FROM parents ORDER BY id").map { try $0.decode(String.self, "slug") }
        XCTAssertEqual(slugs, ["outer", "after"])
    }

    func testNamedStatementIsPreparedOnceAndReused() throws {
        let statement = PostgresStatement("test_parent_insert", "INSERT INTO parents VALUES ($1, $2)")
        for id in 1...50 { try connection.query(statement, [id, "slug-\(id)"]) }
        XCTAssertEqual(try count("parents"), 50)
        let prepared = try XCTUnwrap(
            connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE name = $1", [statement.name]).first)
        XCTAssertEqual(try prepared.decode(Int.self, "n"), 1)
    }

    func testAStatementPlannedPerExecutionIsNeverPreparedAndPlansWithItsValues() throws {
        try connection.simpleQuery(
            "INSERT INTO parents SELECT g, 'slug-' || g FROM generate_series(1, 2000) g; ANALYZE parents")
        let statement = PostgresStatement(
            "test_parent_range", "SELECT count(*) AS n FROM parents WHERE ($1::int IS NULL OR id <= $1)", planning: .perExecution)
        // More runs than PostgreSQL's five before it may settle on a generic plan.
        for _ in 1...8 { XCTAssertEqual(try connection.query(statement, [10]).first?.decode(Int.self, "n"), 10) }
        XCTAssertEqual(try connection.query(statement, [nil as Int?]).first?.decode(Int.self, "n"), 2000)
        let prepared = try XCTUnwrap(
            connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE name = $1", [statement.name]).first)
        XCTAssertEqual(try prepared.decode(Int.self, "n"), 0, "an unnamed statement each time")
        // With the value known, the optional filter folds away: an index scan on the primary key, never a full scan.
        let plan = try connection.query("EXPLAIN " + statement.sql, [10]).map { try $0.decode(String.self, "QUERY PLAN") }
        XCTAssertTrue(plan.joined().contains("Index"), plan.joined(separator: "\n"))
    }

    func testCopyInStoresRowsWithEscapesAndNulls() throws {
        try connection.simpleQuery("CREATE TEMP TABLE copied (id int, label text)")
        let labels: [String?] = ["plain", "tab\there", "new\nline", "back\\slash", nil, "carriage\rreturn", "\\N"]
        let copied = try connection.copyIn("COPY copied (id, label) FROM STDIN") { writer in
            for (index, label) in labels.enumerated() {
                writer.append(index)
                writer.append(label)
                try writer.endRow()
            }
        }
        XCTAssertEqual(copied, labels.count)
        let stored = try connection.query("SELECT label FROM copied ORDER BY id").map {
            try $0.decode(String?.self, "label")
        }
        XCTAssertEqual(stored, labels)
    }

    func testCopyInWritesDatesAndDecimalsExactly() throws {
        try connection.simpleQuery("CREATE TEMP TABLE typed_copy (day date, amount numeric(18,4))")
        let rows: [(PostgresDate, PostgresNumeric)] = [
            (PostgresDate("2024-02-29")!, PostgresNumeric("12345678901234.5678")!),
            (PostgresDate("0999-01-05")!, PostgresNumeric("-0.0001")!),
        ]
        try connection.copyIn("COPY typed_copy (day, amount) FROM STDIN") { writer in
            for (day, amount) in rows {
                writer.append(day)
                writer.append(amount)
                try writer.endRow()
            }
        }
        let stored = try connection.query("SELECT day, amount FROM typed_copy ORDER BY day DESC").map {
            (try $0.decode(PostgresDate.self, "day"), try $0.decode(PostgresNumeric.self, "amount"))
        }
        XCTAssertEqual(stored.map(\.0), rows.map(\.0))
        XCTAssertEqual(stored.map(\.1), rows.map(\.1))
    }

    func testCopyInReportsServerErrors() throws {
        try connection.simpleQuery("CREATE TEMP TABLE copied (id int NOT NULL)")
        XCTAssertThrowsError(
            try connection.copyIn("COPY copied (id) FROM STDIN") { writer in
                writer.append(nil as String?)
                try writer.endRow()
            }
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, .notNullViolation) }
        // The connection is usable afterwards.
        XCTAssertEqual(try count("copied"), 0)
    }

    func testPipelineRunsEveryParameterSet() throws {
        let sets: [[any PostgresEncodable]] = (1...1000).map { [$0, "slug-\($0)"] }
        let affected = try connection.pipeline("INSERT INTO parents VALUES ($1, $2)", sets, batchSize: 128)
        XCTAssertEqual(affected, 1000)
        XCTAssertEqual(try count("parents"), 1000)
        // A second pipeline with other SQL on the same connection prepares its own statement.
        XCTAssertEqual(try connection.pipeline("DELETE FROM parents WHERE id = $1", [[1], [2]]), 2)
    }

    func testPipelineStopsAtTheFirstErrorAndInATransactionKeepsNothing() throws {
        let sets: [[any PostgresEncodable]] = [[1, "a"], [2, "b"], [3, "a"], [4, "d"]]
        XCTAssertThrowsError(
            try connection.transaction { connection in
                try connection.pipeline("INSERT INTO parents VALUES ($1, $2)", sets)
            }
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, .uniqueViolation) }
        XCTAssertEqual(try count("parents"), 0)
    }

    // The BEGIN of a transaction goes with its first statement (one round trip, libpq pipeline mode): each way a
    // transaction can start must still open it with its isolation, see its own work, keep failures in it, and leave
    // the connection idle after it.
    func testTheBeginGoesWithTheFirstStatementOfEachKind() throws {
        let isolation = PostgresStatement("test_isolation", "SELECT current_setting('transaction_isolation') AS level")
        // A named statement not yet prepared (prepared in the same round trip), then prepared.
        for _ in 0..<2 {
            let level = try connection.transaction(isolation: .repeatableRead) { db in
                try XCTUnwrap(db.query(isolation).first).decode(String.self, "level")
            }
            XCTAssertEqual(level, "repeatable read")
            XCTAssertEqual(connection.transactionState, .idle)
        }
        // An unnamed statement, then the same transaction's later statements.
        try connection.transaction { db in
            XCTAssertEqual(try db.execute("INSERT INTO parents VALUES ($1, 'a')", [1]), 1)
            XCTAssertEqual(connection.transactionState, .inTransaction)
            XCTAssertEqual(try count("parents"), 1)
        }
        // The simple protocol (a savepoint first: a nested transaction as the first work).
        try connection.transaction { db in
            try db.transaction { db in try db.simpleQuery("INSERT INTO parents VALUES (2, 'b')") }
        }
        XCTAssertEqual(try count("parents"), 2)
        // A transaction that runs nothing sends nothing and leaves the connection as it was.
        try connection.transaction { _ in }
        XCTAssertEqual(connection.transactionState, .idle)
    }

    func testAFailingFirstStatementFailsItsTransactionAndRollsBack() throws {
        let bad = PostgresStatement("test_bad_first", "SELECT 1 / $1::int AS n")
        XCTAssertThrowsError(
            try connection.transaction { db in
                // The first statement of the transaction fails on the server; the BEGIN before it held.
                XCTAssertThrowsError(try db.query(bad, [0])) {
                    XCTAssertEqual(($0 as? PostgresError)?.sqlState, SQLState(rawValue: "22012"))
                }
                XCTAssertEqual(db.transactionState, .failed)
                try db.execute("INSERT INTO parents VALUES (3, 'c')")
            }
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, .inFailedTransaction) }
        XCTAssertEqual(connection.transactionState, .idle)
        XCTAssertEqual(try count("parents"), 0)
        // The statement was prepared before it failed to run: it runs now, and an error while preparing (no such
        // table) is thrown as such, not as the aborted execution behind it.
        XCTAssertEqual(try connection.transaction { try XCTUnwrap($0.query(bad, [1]).first).decode(Int.self, "n") }, 1)
        XCTAssertThrowsError(
            try connection.transaction { try $0.query(PostgresStatement("test_no_table", "SELECT * FROM no_such_table")) }
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, .undefinedTable) }
        XCTAssertEqual(connection.transactionState, .idle)
    }
}
