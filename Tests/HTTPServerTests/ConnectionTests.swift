#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest
@testable import HTTPServer

final class ConnectionTests: XCTestCase {
    func testKeepAliveServesTwoRequestsOnOneSocket() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try XCTUnwrap(client.readResponse())
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let second = try XCTUnwrap(client.readResponse())
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(second.text, "hello")
        XCTAssertNil(second.header("Connection"))
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let server = try makeServer { router in
            router.get("/slow") { _ in usleep(100_000); return .text("slow") }
            router.get("/fast") { _ in .text("fast") }
        }
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let bodies = (0..<3).compactMap { _ in client.readResponse()?.text }
        XCTAssertEqual(bodies, ["slow", "fast", "hello"])
    }

    func testHTTP10ClosesByDefault() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.0\r\n\r\n")
        let response = try XCTUnwrap(client.readResponse())
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testHTTP10KeepAliveWhenAsked() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(client.readResponse()?.header("Connection"), "keep-alive")
        client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(client.readResponse()?.status, 200)
    }

    func testConnectionCloseClosesAfterResponse() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try XCTUnwrap(client.readResponse())
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer(), "the pipelined second request must not be answered")
    }

    func testExpectContinueSendsInterimResponseBeforeBody() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(client.readResponse()?.status, 100)
        client.send("hello")
        let final = try XCTUnwrap(client.readResponse())
        XCTAssertEqual(final.status, 200)
        XCTAssertEqual(final.text, "hello")
    }

    func testExpectContinueWithOversizedBodyAnswers413WithoutContinue() throws {
        let server = try makeServer(configure: { $0.limits.maxBodyBytes = 10 })
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n")
        let response = try XCTUnwrap(client.readResponse())
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(response.header("Connection"), "close")
    }

    func testSlowHeaderClientGets408AndIsClosed() throws {
        let server = try makeServer(configure: { $0.headerReadTimeout = .milliseconds(200) })
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        let elapsed = try measureMilliseconds {
            let response = try XCTUnwrap(client.readResponse())
            XCTAssertEqual(response.status, 408)
        }
        XCTAssertLessThan(elapsed, 1500)
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testSlowBodyClientGets408() throws {
        let server = try makeServer(configure: { $0.bodyReadTimeout = .milliseconds(200) })
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        XCTAssertEqual(client.readResponse()?.status, 408)
    }

    func testIdleKeepAliveConnectionIsClosedSilently() throws {
        let server = try makeServer(configure: { $0.idleTimeout = .milliseconds(200) })
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(client.readResponse()?.status, 200)
        XCTAssertTrue(client.isClosedByPeer(), "closed without a further response")
    }

    func testConnectionCapAnswers503WithRetryAfter() throws {
        let server = try makeServer(configure: { $0.maxConnections = 2 })
        defer { server.shutdown() }
        let held = try (0..<2).map { _ in try RawClient(port: server.port) }
        for client in held {
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(client.readResponse()?.status, 200)
        }
        let extra = try RawClient(port: server.port)
        let elapsed = try measureMilliseconds {
            let response = try XCTUnwrap(extra.readResponse())
            XCTAssertEqual(response.status, 503)
            XCTAssertEqual(response.header("Retry-After"), "1")
            XCTAssertEqual(response.header("Content-Type"), "application/problem+json")
        }
        XCTAssertLessThan(elapsed, 500)
    }

    func testSaturatedWorkerQueueAnswers503WithRetryAfter() throws {
        let server = try makeServer(routes: { router in
            router.get("/busy") { _ in usleep(300_000); return .text("done") }
        }, configure: { $0.workerThreads = 1; $0.maxQueuedRequests = 1 })
        defer { server.shutdown() }
        let clients = try (0..<3).map { _ in try RawClient(port: server.port) }
        for client in clients {
            client.send("GET /busy HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(20_000)
        }
        let statuses = clients.compactMap { $0.readResponse() }
        XCTAssertEqual(statuses.map(\.status).sorted(), [200, 200, 503])
        XCTAssertEqual(statuses.first { $0.status == 503 }?.header("Retry-After"), "1")
    }

    func testGracefulShutdownDrainsInFlightRequest() throws {
        let server = try makeServer { router in
            router.get("/slow") { _ in usleep(300_000); return .text("finished") }
        }
        let port = server.port
        let client = try RawClient(port: port)
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(50_000)
        let stopped = expectation(description: "shutdown returned")
        Thread { server.shutdown(); stopped.fulfill() }.start()
        usleep(100_000)
        XCTAssertThrowsError(try RawClient(port: port), "new connections are refused while draining")
        let response = try XCTUnwrap(client.readResponse())
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "finished")
        XCTAssertEqual(response.header("Connection"), "close")
        wait(for: [stopped], timeout: 5)
    }

    func testShutdownClosesIdleConnections() throws {
        let server = try makeServer()
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(client.readResponse()?.status, 200)
        let elapsed = measureMilliseconds { server.shutdown() }
        XCTAssertLessThan(elapsed, 1000)
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testChunkedBodyFragmentedAcrossWritesIsDecoded() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        let fragments = ["POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "5\r", "\nhel",
                         "lo\r\n6;ext=1\r\n wor", "ld\r\n0\r\nTrailer-A: 1\r", "\n\r\n"]
        for fragment in fragments {
            client.send(fragment)
            usleep(10_000)
        }
        let response = try XCTUnwrap(client.readResponse())
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "hello world")
    }

    func testHeadHasHeadersButNoBody() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try XCTUnwrap(client.readResponse(head: true))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "5")
        XCTAssertTrue(head.body.isEmpty)
        XCTAssertEqual(client.readResponse()?.text, "hello", "the next response starts right after the HEAD headers")
    }

    func testResponseCarriesDateServerAndLength() throws {
        let server = try makeServer()
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertEqual(response.header("Server"), "recur")
        XCTAssertEqual(response.header("Content-Length"), "5")
        XCTAssertTrue(response.header("Date")?.hasSuffix(" GMT") ?? false)
    }
}

final class ShutdownSignalTests: XCTestCase {
    func testSIGTERMTriggersGracefulShutdown() throws {
        let server = try makeServer()
        var signals: ShutdownSignals? = ShutdownSignals.install(for: server, signals: [SIGTERM])
        kill(getpid(), SIGTERM)
        let stopped = expectation(description: "stopped")
        Thread { server.waitUntilStopped(); stopped.fulfill() }.start()
        wait(for: [stopped], timeout: 5)
        XCTAssertThrowsError(try RawClient(port: server.port))
        signals = nil
        _ = signals
    }
}
