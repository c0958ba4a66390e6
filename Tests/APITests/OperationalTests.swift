import API
import Foundation
import HTTPServer
import TestSupport
import XCTest

final class OperationalTests: XCTestCase {
    private var server: APITestServer!

    override func setUpWithError() throws { server = try APITestServer() }
    override func tearDown() { server?.stop() }

    func testHealthAndReadiness() throws {
        let client = try server.client()
        let health = try client.request("GET", "/healthz")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.json?["status"] as? String, "ok")
        let ready = try client.request("GET", "/readyz")
        XCTAssertEqual(ready.status, 200, ready.text)
        XCTAssertEqual(ready.json?["migrations"] as? String, "current")
        XCTAssertEqual(ready.json?["database"] as? String, "ok")
    }

    func testMetricsCountRequestsAndShowThePool() throws {
        let client = try server.client()
        func count(_ text: String) -> Int {
            let line = text.split(separator: "\n").first {
                $0.hasPrefix(#"http_requests_total{route="GET /v1/tenant",method="GET",status="401"}"#)
            }
            return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        }
        let before = count(try client.request("GET", "/metrics").text)
        for _ in 0..<3 { _ = try client.request("GET", "/v1/tenant") }
        let after = try client.request("GET", "/metrics").text
        XCTAssertEqual(count(after), before + 3)
        XCTAssertTrue(after.contains("db_pool_connections_open"))
        XCTAssertTrue(after.contains("http_request_duration_seconds_bucket"))
        XCTAssertTrue(after.contains("http_open_connections"))
    }

    func testUnknownPathIs404AndWrongMethodIs405WithAllow() throws {
        let client = try server.client()
        let missing = try client.request("GET", "/v1/nothing-here")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.headers["content-type"], "application/problem+json")
        let wrongMethod = try client.request("DELETE", "/healthz")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertTrue(wrongMethod.headers["allow"]?.contains("GET") ?? false)
    }

    func testRequestIDIsEchoedOrGenerated() throws {
        let client = try server.client()
        XCTAssertEqual(try client.request("GET", "/healthz", headers: ["X-Request-Id": "trace-123"]).headers["x-request-id"], "trace-123")
        XCTAssertFalse((try client.request("GET", "/healthz").headers["x-request-id"] ?? "").isEmpty)
    }

    func testOpenAPIDocumentsEveryRouteAndNothingElse() throws {
        let document = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try server.client().request("GET", "/openapi.json").body))
                as? [String: Any])
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, methods) in paths { for method in methods.keys { documented.insert("\(method.uppercased()) \(path)") } }
        let routes = Set(
            RecurAPI.makeRouter(server.environment).routes.map { route in
                "\(route.method.rawValue) " + OpenAPIOperation(route.method.rawValue, route.pattern, id: "", summary: "", tag: "").openAPIPath
            })
        XCTAssertEqual(documented, routes)
        // Every schema reference resolves.
        let schemas = try XCTUnwrap((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
        let references = text.components(separatedBy: "#\\/components\\/schemas\\/").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        XCTAssertFalse(references.isEmpty)
        for reference in references { XCTAssertNotNil(schemas[reference], "missing schema \(reference)") }
    }

    func testOpenAPIDocumentPassesTheValidatorWhenAvailable() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recur-openapi-\(UUID()).json")
        try Data(RecurAPI.openAPIDocument()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let probe = try TestDatabase.runCommand("/usr/bin/env", ["python3", "-c", "import openapi_spec_validator"])
        try XCTSkipIf(probe != 0, "python3 openapi_spec_validator is not installed")
        let status = try TestDatabase.runCommand(
            "/usr/bin/env",
            ["python3", "-c", "import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1])))", file.path])
        XCTAssertEqual(status, 0, "openapi-spec-validator rejected the document")
    }
}
