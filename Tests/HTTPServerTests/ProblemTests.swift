import XCTest
@testable import HTTPServer

final class ProblemTests: XCTestCase {
    private struct SecretError: Error, CustomStringConvertible {
        var description: String { "password=hunter2" }
    }

    func testThrownProblemHasRFC9457Shape() throws {
        let server = try makeServer { router in
            router.get("/v1/invoices/:id") { request in
                throw Problem(status: .conflict, type: "invoice-finalized", title: "Invoice finalized",
                              detail: "Invoice \(try request.parameter("id")) is final.")
            }
        }
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "GET /v1/invoices/42 HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertEqual(response.status, 409)
        XCTAssertEqual(response.header("Content-Type"), "application/problem+json")
        let body = try response.json()
        XCTAssertEqual(body.members.map(\.key), ["type", "title", "status", "detail", "instance"])
        XCTAssertEqual(body["type"], JSONValue.string("https://recur.dev/problems/invoice-finalized"))
        XCTAssertEqual(body["title"], JSONValue.string("Invoice finalized"))
        XCTAssertEqual(body["status"], JSONValue.number("409"))
        XCTAssertEqual(body["detail"], JSONValue.string("Invoice 42 is final."))
        XCTAssertEqual(body["instance"], JSONValue.string("/v1/invoices/42"))
    }

    func testUnexpectedErrorBecomesOpaque500AndIsLogged() throws {
        let logger = CollectingLogger()
        let server = try makeServer(logger: logger) { router in
            router.get("/boom") { _ in throw SecretError() }
        }
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "GET /boom HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-1\r\n\r\n"))
        XCTAssertEqual(response.status, 500)
        XCTAssertFalse(response.text.contains("hunter2"))
        XCTAssertTrue(response.text.contains("req-1"))
        XCTAssertTrue(logger.errorMessages.contains { $0.hasPrefix("req-1") && $0.contains("hunter2") })
    }

    func testValidRequestIDIsEchoed() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let response = try exchange(server.port, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123_x\r\n\r\n")
        XCTAssertEqual(response?.header("X-Request-Id"), "abc-123_x")
    }

    func testInvalidRequestIDIsReplaced() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let response = try exchange(server.port, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Request-Id: bad id\r\n\r\n")
        let id = try XCTUnwrap(response?.header("X-Request-Id"))
        XCTAssertNotEqual(id, "bad id")
        XCTAssertTrue(RequestID.isValid(id))
    }

    func testResponseHeaderValuesCannotSplitResponses() throws {
        let server = try makeServer { router in
            router.get("/inject") { _ in Response(status: .ok, headers: ["X-Evil": "a\r\nSet-Cookie: x=1"], body: []) }
        }
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "GET /inject HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertNil(response.header("Set-Cookie"))
        XCTAssertEqual(response.header("X-Evil"), "a  Set-Cookie: x=1")
    }
}
