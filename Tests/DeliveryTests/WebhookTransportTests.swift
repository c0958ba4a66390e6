import Delivery
import Domain
import Foundation
import XCTest

/// WebhookTransport against a real HTTPS receiver that checks signatures with its own code.
final class WebhookTransportTests: XCTestCase {
    private let body = Array(#"{"id":"evt_42","type":"invoice.issued","data":{"number":"INV-2025-0042"}}"#.utf8)

    private func request(_ server: WebhookTestServer, eventID: String = "evt_42") -> WebhookRequest {
        WebhookRequest(url: server.url(), eventID: eventID, body: body)
    }

    func testDeliveryIsSignedAndVerifiedByReceiver() throws {
        let server = try WebhookTestServer(secrets: ["whsec_current"])
        let transport = WebhookTransport(try WebhookTestServer.configuration())
        let response = try transport.deliver(request(server), secret: "whsec_current")
        XCTAssertEqual(response.outcome, .sent)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyPrefix, Array("ok".utf8))
        XCTAssertGreaterThan(response.latency, .zero)

        let delivery = try XCTUnwrap(try server.deliveries().first)
        XCTAssertEqual(delivery.verified_secret, 0)
        XCTAssertEqual(delivery.path, "/hooks/recur")
        XCTAssertEqual(delivery.body, String(decoding: body, as: UTF8.self))
        XCTAssertEqual(delivery.headers["Content-Type"], "application/json")
        XCTAssertEqual(delivery.headers["Recur-Event-Id"], "evt_42")
        XCTAssertEqual(delivery.headers["User-Agent"], "Recur-Webhooks/1")
        XCTAssertNil(delivery.headers["Expect"])
    }

    func testReceiverHoldingOldAndNewSecretsAcceptsTheNewOne() throws {
        let server = try WebhookTestServer(secrets: ["whsec_old", "whsec_new"])
        let transport = WebhookTransport(try WebhookTestServer.configuration())
        XCTAssertEqual(try transport.deliver(request(server), secret: "whsec_new").outcome, .sent)
        XCTAssertEqual(try transport.deliver(request(server), secret: "whsec_old").outcome, .sent)
        XCTAssertEqual(try server.deliveries().map(\.verified_secret), [1, 0])
    }

    func testSignatureWithUnknownSecretIsRefusedByReceiver() throws {
        let server = try WebhookTestServer(secrets: ["whsec_current"])
        let response = try WebhookTransport(try WebhookTestServer.configuration()).deliver(request(server), secret: "wrong")
        XCTAssertEqual(response.outcome, .permanent(code: 401, message: "HTTP 401"))
        XCTAssertEqual(try server.deliveries().first?.verified_secret, nil)
    }

    func testSignatureVerifiesInSwiftOverTheBytesReceived() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        _ = try WebhookTransport(try WebhookTestServer.configuration()).deliver(request(server), secret: "s")
        let delivery = try XCTUnwrap(try server.deliveries().first)
        let header = try XCTUnwrap(delivery.headers["Recur-Signature"])
        XCTAssertNoThrow(try WebhookSignature.verify(header: header, body: Array(delivery.body.utf8), secrets: ["s"]))
        XCTAssertThrowsError(
            try WebhookSignature.verify(
                header: header, body: Array(delivery.body.utf8), secrets: ["s"],
                now: WebhookSignature.currentTime() + 301))
    }

    func testStatus500IsTransient() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        try server.script([["status": 500]])
        let response = try WebhookTransport(try WebhookTestServer.configuration()).deliver(request(server), secret: "s")
        XCTAssertEqual(response.outcome, .transient(code: 500, message: "HTTP 500"))
        XCTAssertEqual(response.status, 500)
    }

    func testStatus429And408AreTransient() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        try server.script([["status": 429], ["status": 408]])
        let transport = WebhookTransport(try WebhookTestServer.configuration())
        XCTAssertEqual(try transport.deliver(request(server), secret: "s").outcome, .transient(code: 429, message: "HTTP 429"))
        XCTAssertEqual(try transport.deliver(request(server), secret: "s").outcome, .transient(code: 408, message: "HTTP 408"))
    }

    func testStatus410IsPermanent() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        try server.script([["status": 410]])
        let response = try WebhookTransport(try WebhookTestServer.configuration()).deliver(request(server), secret: "s")
        XCTAssertEqual(response.outcome, .permanent(code: 410, message: "HTTP 410"))
    }

    func testTimeoutIsTransient() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        try server.script([["sleep": 3]])
        let transport = WebhookTransport(try WebhookTestServer.configuration(timeout: .seconds(1)))
        let response = try transport.deliver(request(server), secret: "s")
        guard case .transient(nil, _) = response.outcome else { return XCTFail("\(response.outcome)") }
        XCTAssertNil(response.status)
        XCTAssertLessThan(response.latency, .seconds(2.5))
    }

    func testInternalAddressesAreNeverConnectedToByDefault() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        let transport = WebhookTransport(try WebhookTestServer.configuration(allowsPrivateNetworks: false))
        let response = try transport.deliver(request(server), secret: "s")
        guard case .permanent(nil, let message) = response.outcome else { return XCTFail("\(response.outcome)") }
        XCTAssertTrue(message.contains("loopback, private or link-local"), message)
        XCTAssertEqual(server.connections, 0, "refused before connecting")
        XCTAssertEqual(try server.deliveries().count, 0)
        // A name resolving to loopback, an IPv6 loopback, a private and a metadata address: refused the same way,
        // whatever listens there (nothing does, which would otherwise be a transient "could not connect").
        for url in ["https://localhost:\(server.server.port)/h", "https://[::1]:9/h", "https://10.1.2.3:9/h",
                    "https://169.254.169.254/latest", "https://[::ffff:127.0.0.1]:9/h", "https://0.0.0.0:9/h"] {
            let refused = try transport.deliver(WebhookRequest(url: url, eventID: "evt_1", body: body), secret: "s")
            guard case .permanent(nil, let message) = refused.outcome else { XCTFail("\(url): \(refused.outcome)"); continue }
            XCTAssertEqual(message, response.outcome.message, url)
        }
        XCTAssertEqual(server.connections, 0)
    }

    func testServerDownIsTransient() throws {
        let port = try ScriptServer.unusedPort()
        let transport = WebhookTransport(try WebhookTestServer.configuration())
        let response = try transport.deliver(
            WebhookRequest(url: "https://127.0.0.1:\(port)/hooks", eventID: "evt_1", body: body), secret: "s")
        guard case .transient(nil, _) = response.outcome else { return XCTFail("\(response.outcome)") }
    }

    func testCertificateVerificationFailsWithoutCAFile() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        let transport = WebhookTransport(try WebhookTestServer.configuration(trustTestCertificate: false))
        let response = try transport.deliver(request(server), secret: "s")
        guard case .transient(nil, let message) = response.outcome else { return XCTFail("\(response.outcome)") }
        XCTAssertTrue(message.lowercased().contains("certificate"), message)
        XCTAssertEqual(try server.deliveries().count, 0)
    }

    func testConnectionIsReusedBetweenDeliveries() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        let transport = WebhookTransport(try WebhookTestServer.configuration())
        for index in 0..<3 {
            XCTAssertEqual(try transport.deliver(request(server, eventID: "evt_\(index)"), secret: "s").outcome, .sent)
        }
        XCTAssertEqual(server.connections, 1)
        XCTAssertEqual(try server.deliveries().map(\.connection), [1, 1, 1])
    }

    func testResponseBodyIsCutAtOneKilobyte() throws {
        let server = try WebhookTestServer(secrets: ["s"])
        try server.script([["status": 200, "body_size": 3000]])
        let response = try WebhookTransport(try WebhookTestServer.configuration()).deliver(request(server), secret: "s")
        XCTAssertEqual(response.outcome, .sent)
        XCTAssertEqual(response.bodyPrefix.count, 1024)
    }

    func testPlainHTTPAndBadEventIDAreRefusedBeforeSending() {
        let transport = WebhookTransport()
        XCTAssertThrowsError(
            try transport.deliver(WebhookRequest(url: "http://127.0.0.1:1/h", eventID: "e", body: body), secret: "s")
        ) { XCTAssertEqual($0 as? WebhookRequestError, .plainHTTPNotAllowed) }
        XCTAssertThrowsError(
            try transport.deliver(WebhookRequest(url: "file:///etc/passwd", eventID: "e", body: body), secret: "s")
        ) { XCTAssertEqual($0 as? WebhookRequestError, .invalidURL) }
        XCTAssertThrowsError(
            try transport.deliver(WebhookRequest(url: "https://x.test/h", eventID: "e\r\nX: y", body: body), secret: "s")
        ) { XCTAssertEqual($0 as? WebhookRequestError, .invalidEventID) }
    }
}
