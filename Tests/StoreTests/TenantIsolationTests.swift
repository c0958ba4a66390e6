import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// One pooled connection (pool max 1) serving two tenants in turn, with failures in between: neither ever sees
/// the other's rows, and nothing of a failed transaction survives.
final class TenantIsolationTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture(maxConnections: 1)
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    private struct Abort: Error {}

    private static let insert = PostgresStatement(
        "isolation_test_insert", "INSERT INTO tenant_settings (key, value) VALUES ($1, to_jsonb($2::text))")
    private static let foreignRows = PostgresStatement(
        "isolation_test_foreign",
        "SELECT count(*) FILTER (WHERE value <> to_jsonb($1::text)) AS foreign, count(*) AS total FROM tenant_settings WHERE key LIKE 'iso.%'")
    private static let whereAmI = PostgresStatement(
        "isolation_test_where", "SELECT current_schema() AS schema, current_setting('search_path') AS path")

    func testAlternatingTransactionsOnOnePooledConnectionNeverSeeEachOthersRows() throws {
        let tenants = try [fixture.draft("iso-a"), fixture.draft("iso-b")].map { try fixture.tenants.create($0).tenant.context }
        var committed = [0, 0]
        for i in 0..<1000 {
            let side = i % 2
            let tenant = tenants[side]
            let mode = (i / 2) % 5
            do {
                try fixture.database.transaction(tenant) { connection in
                    // Every transaction first checks where it is and that it sees only its own rows.
                    let location = try XCTUnwrap(try connection.query(Self.whereAmI).first)
                    XCTAssertEqual(try location.decode(String.self, "schema"), tenant.schemaName)
                    XCTAssertEqual(try location.decode(String.self, "path"), tenant.quotedSchemaName)
                    let seen = try XCTUnwrap(try connection.query(Self.foreignRows, [tenant.slug]).first)
                    XCTAssertEqual(try seen.decode(Int.self, "foreign"), 0, "transaction \(i) sees another tenant's rows")
                    XCTAssertEqual(try seen.decode(Int.self, "total"), committed[side], "transaction \(i)")

                    try connection.query(Self.insert, ["iso.\(i)", tenant.slug])
                    switch mode {
                    case 2: throw Abort()
                    case 3: try connection.query("SELECT 1 / 0")
                    case 4: try connection.query("SELECT * FROM no_such_table")
                    default: break
                    }
                }
                XCTAssertLessThan(mode, 2, "transaction \(i) should have failed")
                committed[side] += 1
            } catch is Abort {
                XCTAssertEqual(mode, 2)
            } catch let error as PostgresError {
                XCTAssertTrue(mode == 3 || mode == 4, "transaction \(i): \(error)")
            }
        }
        XCTAssertEqual(committed, [200, 200])

        // Back in the pool, the connection carries no tenant.
        let path = try fixture.pool.withConnection { try $0.query("SELECT current_setting('search_path') AS p").first?.decode(String.self, "p") }
        XCTAssertEqual(path, "\"$user\", public")
        XCTAssertEqual(fixture.pool.statistics.open, 1, "one connection did all the work")
    }
}
