import Postgres
import TestSupport
import XCTest

final class ConnectionFailureTests: XCTestCase {
    func testUnreachableServerErrorNamesHostAndPort() throws {
        XCTAssertThrowsError(try PostgresConnection("postgresql://recur:hunter2@127.0.0.1:1/recur")) { error in
            guard case PostgresError.connectionFailed(let endpoint, _) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(endpoint, "127.0.0.1:1")
            XCTAssertTrue("\(error)".contains("127.0.0.1:1"))
            XCTAssertFalse("\(error)".contains("hunter2"))
        }
    }

    func testWrongPasswordErrorNamesEndpointButNotThePassword() throws {
        let url = try TestDatabase.url()
        let wrong = url.replacingOccurrences(of: "recur:recur@", with: "recur:Wr0ngSecret@")
        try XCTSkipIf(wrong == url, "DATABASE_URL does not use the local cluster's password")
        XCTAssertThrowsError(try PostgresConnection(wrong)) { error in
            guard case PostgresError.connectionFailed(let endpoint, let reason) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(endpoint.hasPrefix("127.0.0.1:"))
            XCTAssertTrue(reason.contains("password authentication failed"), reason)
            XCTAssertFalse("\(error)".contains("Wr0ngSecret"))
        }
    }

    func testMalformedConnectionStringIsRefusedWithoutEchoingIt() {
        XCTAssertThrowsError(try PostgresConnection("postgresql://user:s3cr3t@host:notaport/%zz")) { error in
            XCTAssertEqual(error as? PostgresError, .invalidConnectionString)
            XCTAssertFalse("\(error)".contains("s3cr3t"))
        }
    }

    func testConninfoKeywordFormConnects() throws {
        let url = try TestDatabase.url()
        // postgresql://recur:recur@127.0.0.1:PORT/recur → host=… port=… form
        let components = try XCTUnwrap(URLComponents(string: url))
        let conninfo =
            "host=\(components.host ?? "") port=\(components.port ?? 5432) dbname=recur user=\(components.user ?? "") password=\(components.password ?? "")"
        let connection = try PostgresConnection(conninfo)
        XCTAssertEqual(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one"), 1)
        XCTAssertGreaterThanOrEqual(connection.serverVersion, 150_000)
    }
}
