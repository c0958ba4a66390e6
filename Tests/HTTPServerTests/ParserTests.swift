import XCTest
@testable import HTTPServer

/// The parser on its own: incremental input and framing.
final class ParserTests: XCTestCase {
    private func parseAll(_ text: String, fragmentSize: Int) throws -> [HTTPRequestParser.Event] {
        var parser = HTTPRequestParser()
        var events: [HTTPRequestParser.Event] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + fragmentSize, bytes.count)
            parser.append(contentsOf: bytes[offset..<end])
            offset = end
            while let event = try parser.next() { events.append(event) }
        }
        return events
    }

    private func requests(_ events: [HTTPRequestParser.Event]) -> [(HTTPRequestHead, [UInt8])] {
        events.compactMap { if case .request(let head, let body) = $0 { return (head, body) } else { return nil } }
    }

    func testByteByByteInputYieldsSameRequests() throws {
        let text = "POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
        let whole = requests(try parseAll(text, fragmentSize: text.utf8.count))
        let single = requests(try parseAll(text, fragmentSize: 1))
        XCTAssertEqual(whole.map(\.0.path), ["/a", "/b"])
        XCTAssertEqual(single.map(\.0.path), ["/a", "/b"])
        XCTAssertEqual(single.map { String(decoding: $0.1, as: UTF8.self) }, ["abc", "hi"])
        XCTAssertEqual(single.first?.0.query, "x=1")
    }

    func testHeaderLookupIsCaseInsensitiveAndOrdered() throws {
        let events = try parseAll("GET / HTTP/1.1\r\nhost: h\r\nX-B: 2\r\nx-a: 1\r\n\r\n", fragmentSize: 7)
        let head = try XCTUnwrap(requests(events).first?.0)
        XCTAssertEqual(head.headers["X-A"], "1")
        XCTAssertEqual(head.headers.fields.map(\.name), ["host", "X-B", "x-a"])
    }

    func testLeadingEmptyLineIsIgnored() throws {
        let events = try parseAll("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", fragmentSize: 3)
        XCTAssertEqual(requests(events).count, 1)
    }

    func testErrorIsSticky() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: Array("GET / HTTP/3.0\r\nHost: h\r\n\r\n".utf8))
        XCTAssertThrowsError(try parser.next()) { XCTAssertEqual(($0 as? HTTPParseError)?.kind, .versionNotSupported) }
        XCTAssertThrowsError(try parser.next())
    }

    func testIncompleteHeadNeedsMoreBytes() throws {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: Array("GET / HTTP/1.1\r\nHost: h\r\n".utf8))
        XCTAssertNil(try parser.next())
        XCTAssertEqual(parser.phase, .head)
    }

    func testExpectContinueIsReportedBeforeBody() throws {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: Array("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .continueExpected? = try parser.next() else { return XCTFail("expected continueExpected") }
        XCTAssertNil(try parser.next())
        parser.append(contentsOf: Array("ok".utf8))
        guard case .request(_, let body)? = try parser.next() else { return XCTFail("expected request") }
        XCTAssertEqual(body, Array("ok".utf8))
    }

    func testOversizedChunkExtensionIsRejected() throws {
        var limits = HTTPLimits()
        limits.maxChunkLineBytes = 16
        var parser = HTTPRequestParser(limits: limits)
        parser.append(contentsOf: Array("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;\(String(repeating: "e", count: 40))".utf8))
        XCTAssertThrowsError(try parser.next())
    }

    func testTooManyTrailersIsRejectedAs431() {
        var limits = HTTPLimits()
        limits.maxTrailerBytes = 32
        var parser = HTTPRequestParser(limits: limits)
        parser.append(contentsOf: Array("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1234567890\r\nB: 1234567890\r\nC: 1234567890\r\n\r\n".utf8))
        XCTAssertThrowsError(try parser.next()) { XCTAssertEqual(($0 as? HTTPParseError)?.kind, .headerFieldsTooLarge) }
    }
}
