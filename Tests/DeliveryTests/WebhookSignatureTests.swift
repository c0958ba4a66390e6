import Delivery
import XCTest

/// The signature scheme on its own: format, rotation, tolerance, tampering.
final class WebhookSignatureTests: XCTestCase {
    private let body = Array(#"{"id":"evt_1","type":"invoice.issued"}"#.utf8)

    func testHeaderHasTimestampAndHexHMAC() {
        let header = WebhookSignature.header(secret: "whsec_test", timestamp: 1_700_000_000, body: body)
        XCTAssertTrue(header.hasPrefix("t=1700000000,v1="))
        XCTAssertEqual(header.count, "t=1700000000,v1=".count + 64)
    }

    /// Against an HMAC computed independently, by Python:
    /// `hmac.new(b"key", b"0. quick brown fox jumps over the lazy dog", hashlib.sha256).hexdigest()`.
    func testKnownAnswer() {
        let header = WebhookSignature.header(
            secret: "key", timestamp: 0, body: Array(" quick brown fox jumps over the lazy dog".utf8))
        XCTAssertEqual(header, "t=0,v1=e1bc83ae31f06efed47f44b1fff6b56cb1b5bb0bbc13f5a292434680b2833d44")
    }

    func testVerifyAcceptsOwnSignature() throws {
        let header = WebhookSignature.header(secret: "s1", timestamp: 1_000, body: body)
        XCTAssertEqual(try WebhookSignature.verify(header: header, body: body, secrets: ["s1"], now: 1_010), 1_000)
    }

    func testVerifyAcceptsEitherSecretDuringRotation() throws {
        let signedWithOld = WebhookSignature.header(secret: "old", timestamp: 1_000, body: body)
        let signedWithNew = WebhookSignature.header(secret: "new", timestamp: 1_000, body: body)
        XCTAssertNoThrow(try WebhookSignature.verify(header: signedWithOld, body: body, secrets: ["new", "old"], now: 1_000))
        XCTAssertNoThrow(try WebhookSignature.verify(header: signedWithNew, body: body, secrets: ["new", "old"], now: 1_000))
        let both = WebhookSignature.header(secrets: ["new", "old"], timestamp: 1_000, body: body)
        XCTAssertNoThrow(try WebhookSignature.verify(header: both, body: body, secrets: ["old"], now: 1_000))
        XCTAssertThrowsError(try WebhookSignature.verify(header: signedWithOld, body: body, secrets: ["new"], now: 1_000)) {
            XCTAssertEqual($0 as? WebhookSignatureError, .noMatchingSignature)
        }
    }

    func testStaleTimestampIsRejected() {
        let header = WebhookSignature.header(secret: "s1", timestamp: 1_000, body: body)
        XCTAssertThrowsError(try WebhookSignature.verify(header: header, body: body, secrets: ["s1"], now: 1_301)) {
            XCTAssertEqual($0 as? WebhookSignatureError, .timestampOutsideTolerance(timestamp: 1_000, now: 1_301))
        }
        XCTAssertNoThrow(try WebhookSignature.verify(header: header, body: body, secrets: ["s1"], now: 1_300))
        XCTAssertThrowsError(try WebhookSignature.verify(header: header, body: body, secrets: ["s1"], now: 600), "future")
    }

    func testTamperedBodyIsRejected() {
        let header = WebhookSignature.header(secret: "s1", timestamp: 1_000, body: body)
        XCTAssertThrowsError(try WebhookSignature.verify(header: header, body: body + [32], secrets: ["s1"], now: 1_000)) {
            XCTAssertEqual($0 as? WebhookSignatureError, .noMatchingSignature)
        }
    }

    func testMalformedHeadersAreRejected() {
        for header in ["", "t=1000", "v1=abcd", "t=x,v1=" + String(repeating: "0", count: 64), "t=1000,v1=zz", "garbage"] {
            XCTAssertThrowsError(try WebhookSignature.verify(header: header, body: body, secrets: ["s1"], now: 1_000), header) {
                XCTAssertEqual($0 as? WebhookSignatureError, .malformedHeader, header)
            }
        }
    }
}
