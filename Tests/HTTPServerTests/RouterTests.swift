import XCTest
@testable import HTTPServer

final class RouterTests: XCTestCase {
    private func router() -> Router {
        var router = Router()
        router.get("/v1/invoices/:id") { _ in .text("show") }
        router.get("/v1/invoices/summary") { _ in .text("summary") }
        router.get("/v1/invoices/:id/lines/:line") { _ in .text("line") }
        router.post("/v1/invoices") { _ in .text("create") }
        return router
    }

    func testPathParametersAreCapturedAndDecoded() {
        guard case .found(let route, let parameters) = router().match(.get, path: "/v1/invoices/inv%201/lines/7") else {
            return XCTFail("no match")
        }
        XCTAssertEqual(route.name, "GET /v1/invoices/:id/lines/:line")
        XCTAssertEqual(parameters, ["id": "inv 1", "line": "7"])
    }

    func testLiteralSegmentWinsOverParameter() {
        guard case .found(let route, _) = router().match(.get, path: "/v1/invoices/summary") else { return XCTFail("no match") }
        XCTAssertEqual(route.pattern, "/v1/invoices/summary")
    }

    func testWrappedHandlersRunTheWrapperAndKeepPatternsAndMatching() throws {
        var router = router()
        router.wrapHandlers { route in
            let inner = route.handler
            return { request in
                var response = try inner(request)
                response.body += Array(" via \(route.pattern)".utf8)
                return response
            }
        }
        XCTAssertEqual(router.routes.count, 4)
        guard case .found(let route, let parameters) = router.match(.get, path: "/v1/invoices/7/lines/2") else {
            return XCTFail("no match")
        }
        XCTAssertEqual(parameters, ["id": "7", "line": "2"])
        XCTAssertEqual(route.name, "GET /v1/invoices/:id/lines/:line")
        let body = try route.handler(Request(method: .get, path: "/v1/invoices/7/lines/2")).body
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "line via /v1/invoices/:id/lines/:line")
    }

    func testUnknownPathIsNotFound() {
        guard case .notFound = router().match(.get, path: "/v1/nothing") else { return XCTFail("expected notFound") }
        guard case .notFound = router().match(.get, path: "/v1/invoices/") else { return XCTFail("empty segment matched :id") }
    }

    func testWrongMethodListsAllowedMethods() {
        guard case .methodNotAllowed(let allowed) = router().match(.delete, path: "/v1/invoices/1") else {
            return XCTFail("expected 405")
        }
        XCTAssertEqual(allowed, [.get, .head])
    }

    func testHeadUsesGetRoute() {
        guard case .found(let route, _) = router().match(.head, path: "/v1/invoices/1") else { return XCTFail("no match") }
        XCTAssertEqual(route.method, .get)
    }

    func testMalformedPercentEncodingIsBadPath() {
        guard case .badPath = router().match(.get, path: "/v1/invoices/%zz") else { return XCTFail("expected badPath") }
    }

    func testQueryItemsDecodePlusAndPercent() {
        let items = QueryItem.parse("q=a+b%2Bc&empty=&flag&x=%E2%82%AC")
        XCTAssertEqual(items, [QueryItem(name: "q", value: "a b+c"), QueryItem(name: "empty", value: ""),
                               QueryItem(name: "flag", value: ""), QueryItem(name: "x", value: "€")])
    }

    func testNotFoundOverHTTPIsProblem() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.header("Content-Type"), "application/problem+json")
        XCTAssertEqual(try response.json()["instance"], JSONValue.string("/missing"))
    }

    func testMethodNotAllowedOverHTTPHasAllowHeader() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "PUT /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.header("Allow"), "GET, HEAD")
    }

    func testHandlerReadsParametersAndQuery() throws {
        let server = try makeServer { router in
            router.get("/v1/items/:id") { request in
                .text("\(try request.parameter("id")) \(request.query("sort") ?? "-")")
            }
        }
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "GET /v1/items/a%2Fb?sort=due+date HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertEqual(response.text, "a/b due date")
    }
}
