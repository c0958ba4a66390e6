import XCTest
@testable import HTTPServer

final class ObservabilityTests: XCTestCase {
    func testMetricsCountRequestsByRouteMethodAndStatus() throws {
        let metrics = MetricsRegistry()
        let server = try makeServer(metrics: metrics) { router in
            router.get("/metrics", inline: true) { _ in .metrics(metrics) }
        }
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        for _ in 0..<3 {
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = client.readResponse()
        }
        client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = client.readResponse()
        client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = try XCTUnwrap(client.readResponse()).text
        XCTAssertTrue(text.contains(#"http_requests_total{route="GET /hello",method="GET",status="200"} 3"#), text)
        XCTAssertTrue(text.contains(#"http_requests_total{route="unmatched",method="GET",status="404"} 1"#), text)
        XCTAssertTrue(text.contains(#"http_request_duration_seconds_count{route="GET /hello"} 3"#), text)
        XCTAssertTrue(text.contains("http_open_connections 1"), text)
    }

    func testRegisteredGaugeIsRendered() {
        let metrics = MetricsRegistry()
        metrics.registerGauge("db_pool_in_use", help: "Connections in use.", labels: [("pool", "main")]) { 3 }
        let text = metrics.render()
        XCTAssertTrue(text.contains("# TYPE db_pool_in_use gauge\n"))
        XCTAssertTrue(text.contains(#"db_pool_in_use{pool="main"} 3"#))
    }

    func testRegisteredCounterIsTypedCounter() {
        let metrics = MetricsRegistry()
        metrics.registerCounter("db_pool_acquire_timeouts_total", help: "Acquires that timed out.") { 7 }
        metrics.registerGauge("db_pool_in_use", help: "Connections in use.") { 2 }
        let text = metrics.render()
        XCTAssertTrue(text.contains("# TYPE db_pool_acquire_timeouts_total counter\ndb_pool_acquire_timeouts_total 7\n"), text)
        XCTAssertTrue(text.contains("# TYPE db_pool_in_use gauge\ndb_pool_in_use 2\n"), text)
    }

    func testHistogramBucketsAreCumulative() {
        let metrics = MetricsRegistry(buckets: [0.01, 0.1])
        metrics.recordRequest(route: "r", method: "GET", status: 200, seconds: 0.005)
        metrics.recordRequest(route: "r", method: "GET", status: 200, seconds: 0.05)
        metrics.recordRequest(route: "r", method: "GET", status: 200, seconds: 5)
        let text = metrics.render()
        XCTAssertTrue(text.contains(#"http_request_duration_seconds_bucket{route="r",le="0.01"} 1"#))
        XCTAssertTrue(text.contains(#"http_request_duration_seconds_bucket{route="r",le="0.1"} 2"#))
        XCTAssertTrue(text.contains(#"http_request_duration_seconds_bucket{route="r",le="+Inf"} 3"#))
    }

    func testRequestLogCarriesTenantStatusAndRequestID() throws {
        let logger = CollectingLogger()
        let server = try makeServer(logger: logger) { router in
            router.get("/v1/tenant") { request in
                request.context.tenant = "acme"
                throw Problem.forbidden()
            }
        }
        defer { server.shutdown() }
        _ = try exchange(server.port, "GET /v1/tenant HTTP/1.1\r\nHost: x\r\nX-Request-Id: r-9\r\n\r\n")
        let entry = try XCTUnwrap(logger.logged.first)
        XCTAssertEqual(entry.tenant, "acme")
        XCTAssertEqual(entry.status, 403)
        XCTAssertEqual(entry.requestID, "r-9")
        XCTAssertEqual(entry.method, "GET")
        XCTAssertEqual(entry.path, "/v1/tenant")
    }

    func testLogLineIsJSONWithISO8601Time() throws {
        let entry = RequestLogEntry(timeSeconds: 0, timeNanoseconds: 5_000_000, tenant: nil, method: "GET", path: "/a\"b",
                                    status: 200, durationNanoseconds: 1_234_567, requestID: "r", remoteAddress: "127.0.0.1:1")
        let object = try XCTUnwrap({ if case .object(let o) = try JSONParser.parse(entry.jsonLine) { return o } else { return nil } }())
        XCTAssertEqual(object["time"], JSONValue.string("1970-01-01T00:00:00.005Z"))
        XCTAssertEqual(object["duration_ms"], JSONValue.number("1.234"))
        XCTAssertEqual(object["path"], JSONValue.string("/a\"b"))
        XCTAssertEqual(object["tenant"], JSONValue.null)
    }
}
