import XCTest
@testable import HTTPServer

/// Malformed and ambiguous requests: each gets its status as problem+json and the connection is closed.
final class ProtocolErrorTests: XCTestCase {
    private var server: HTTPServer!

    override func setUpWithError() throws {
        server = try makeServer(configure: { configuration in
            configuration.limits.maxBodyBytes = 64
            configuration.limits.maxHeaderCount = 10
            configuration.limits.maxRequestLineBytes = 256
            configuration.limits.maxHeaderBytes = 512
        })
    }

    override func tearDown() {
        server.shutdown()
    }

    private func assertRejected(_ request: String, status: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let client = try RawClient(port: server.port)
        client.send(request)
        let response = try XCTUnwrap(client.readResponse(), "no response", file: file, line: line)
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        XCTAssertEqual(response.header("Content-Type"), "application/problem+json", file: file, line: line)
        XCTAssertEqual(response.header("Connection"), "close", file: file, line: line)
        XCTAssertTrue(client.isClosedByPeer(), "connection stays open", file: file, line: line)
    }

    func testMalformedRequestLineIs400() throws {
        try assertRejected("GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    func testInvalidMethodTokenIs400() throws {
        try assertRejected("G(T /hello HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    func testLongRequestLineIs414() throws {
        try assertRejected("GET /" + String(repeating: "a", count: 300) + " HTTP/1.1\r\nHost: x\r\n\r\n", status: 414)
    }

    func testTooManyHeaderFieldsIs431() throws {
        let headers = (0..<11).map { "X-H\($0): v\r\n" }.joined()
        try assertRejected("GET /hello HTTP/1.1\r\nHost: x\r\n\(headers)\r\n", status: 431)
    }

    func testOversizedHeaderSectionIs431() throws {
        try assertRejected("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 600))\r\n\r\n", status: 431)
    }

    func testDeclaredBodyTooLargeIs413() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n", status: 413)
    }

    func testChunkedBodyTooLargeIs413() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n", status: 413)
    }

    func testUnsupportedVersionIs505() throws {
        try assertRejected("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", status: 505)
    }

    func testMalformedVersionIs400() throws {
        try assertRejected("GET /hello HTTP/1.1x\r\nHost: x\r\n\r\n", status: 400)
    }

    func testMissingHostIs400() throws {
        try assertRejected("GET /hello HTTP/1.1\r\n\r\n", status: 400)
    }

    func testDuplicateHostIs400() throws {
        try assertRejected("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400)
    }

    func testContentLengthWithTransferEncodingIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400)
    }

    func testDuplicateDifferingContentLengthIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400)
    }

    func testCommaListContentLengthIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc", status: 400)
    }

    func testSignedContentLengthIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", status: 400)
    }

    func testObsoleteLineFoldingIs400() throws {
        try assertRejected("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n", status: 400)
    }

    func testWhitespaceBeforeColonIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", status: 400)
    }

    func testBareLFIs400() throws {
        try assertRejected("GET /hello HTTP/1.1\nHost: x\n\n", status: 400)
    }

    func testBareCRIs400() throws {
        try assertRejected("GET /hello HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", status: 400)
    }

    func testControlCharacterInHeaderValueIs400() throws {
        try assertRejected("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\u{01}b\r\n\r\n", status: 400)
    }

    func testChunkedNotFinalCodingIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", status: 400)
    }

    func testIdentityTransferEncodingIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n", status: 400)
    }

    func testUnsupportedTransferCodingIs501() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", status: 501)
    }

    func testTransferEncodingInHTTP10Is400() throws {
        try assertRejected("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400)
    }

    func testMalformedChunkSizeIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400)
    }

    func testChunkDataWithoutCRLFIs400() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", status: 400)
    }

    func testUnknownExpectationIs417() throws {
        try assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\na", status: 417)
    }

    func testFragmentInTargetIs400() throws {
        try assertRejected("GET /hello#x HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    func testAbsoluteFormTargetIsRouted() throws {
        let response = try XCTUnwrap(try exchange(server.port, "GET http://example.com/hello?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        XCTAssertEqual(response.text, "hello")
    }

    func testSmugglingAttemptDoesNotServeHiddenRequest() throws {
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(client.readResponse()?.status, 400)
        XCTAssertNil(client.readResponse(), "nothing after the rejected request is answered")
    }
}
