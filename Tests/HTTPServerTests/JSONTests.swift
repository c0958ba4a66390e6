import XCTest
@testable import HTTPServer

final class JSONTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    private struct Line { var sku: String; var quantity: Int; var price: String }

    func testReaderReportsNestedFieldPointers() throws {
        let value = try parse(#"{"customer":{"id":"c1"},"lines":[{"sku":"a","quantity":1,"price":"1.00"},{"sku":"b","quantity":2,"price":"2"},{"sku":"c","quantity":"x","price":"3"}]}"#)
        let reader = try JSONObjectReader(value)
        _ = reader.object("customer") { $0.string("id") }
        let lines = reader.array("lines") { Line(sku: $0.string("sku"), quantity: $0.int("quantity"), price: $0.decimalString("price")) }
        XCTAssertEqual(lines.count, 3)
        XCTAssertThrowsError(try reader.finish()) { error in
            let problem = error as? Problem
            XCTAssertEqual(problem?.status.code, 422)
            XCTAssertEqual(problem?.type, "https://recur.dev/problems/validation")
            XCTAssertEqual(problem?.errors, [FieldError(pointer: "/lines/2/quantity", detail: "must be an integer, not a string")])
        }
    }

    func testReaderRejectsUnknownFieldsAtEveryLevel() throws {
        let reader = try JSONObjectReader(try parse(#"{"name":"n","nmae":"typo","meta":{"a":1,"b":2}}"#))
        _ = reader.string("name")
        _ = reader.object("meta") { $0.int("a") }
        XCTAssertThrowsError(try reader.finish()) { error in
            XCTAssertEqual((error as? Problem)?.errors.map(\.pointer).sorted(), ["/meta/b", "/nmae"])
        }
    }

    func testReaderAccumulatesMissingAndWrongTypes() throws {
        let reader = try JSONObjectReader(try parse(#"{"count":true,"note":null}"#))
        _ = reader.string("name")
        _ = reader.int("count")
        _ = reader.optionalString("note")
        _ = reader.object("address") { $0.string("city") }
        XCTAssertEqual(reader.errors.map(\.description), ["/name: is required", "/count: must be an integer, not a boolean",
                                                          "/address: is required"])
    }

    func testDecimalKeepsExactTextAndIsAStringOnly() throws {
        let reader = try JSONObjectReader(try parse(#"{"a":"0.10","b":"12.500","c":"1e3","d":"01.5","e":"-0.01","f":0.10}"#))
        XCTAssertEqual(reader.decimalString("a"), "0.10")
        XCTAssertEqual(reader.decimalString("b"), "12.500")
        _ = reader.decimalString("c")
        _ = reader.decimalString("d")
        XCTAssertEqual(reader.decimalString("e"), "-0.01")
        _ = reader.decimalString("f")
        XCTAssertEqual(reader.errors.map(\.pointer), ["/c", "/d", "/f"])
        XCTAssertEqual(reader.errors.last?.detail, #"must be a decimal string such as "12.50", not a number"#)
    }

    func testQueryParametersWithNULControlsOrBadEncodingAreReportedByName() {
        let parsed = QueryItem.parseChecked("a=ok&b=x%00y&c=%FF&d=line%0Abreak&e=caf%C3%A9&f=%C2%85")
        XCTAssertEqual(parsed.items, [QueryItem(name: "a", value: "ok"), QueryItem(name: "e", value: "café")])
        XCTAssertEqual(parsed.errors.map(\.pointer), ["/b", "/c", "/d", "/f"])
    }

    func testNumbersArePreservedAsWritten() throws {
        XCTAssertEqual(try parse("[12345678901234567890.123456789, -0, 1E+2]"),
                       .array([.number("12345678901234567890.123456789"), JSONValue.number("-0"), JSONValue.number("1E+2")]))
    }

    func testSyntaxErrorReportsByteOffset() {
        XCTAssertThrowsError(try parse(#"{"a": [1, 2,]}"#)) { XCTAssertEqual(($0 as? JSONSyntaxError)?.offset, 12) }
    }

    func testParserRejectsDuplicateKeysTrailingDataAndBadEscapes() {
        for text in [#"{"a":1,"a":2}"#, "{} x", #""\x""#, #""\ud800""#, "01", "[1,]", "\"a\u{01}\"", "nul"] {
            XCTAssertThrowsError(try parse(text), text)
        }
    }

    func testParserBoundsNesting() {
        XCTAssertThrowsError(try parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
        XCTAssertNoThrow(try parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)))
    }

    func testParserDecodesEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""a\"\\\/\n\u00e9\ud83d\ude00""#), JSONValue.string("a\"\\/\né😀"))
    }

    func testWriterEscapesAndKeepsKeyOrder() {
        let value: JSONValue = ["z": "q\"\n\u{01}", "a": [1, true, nil], "m": .number("1.50")]
        XCTAssertEqual(String(decoding: value.jsonBytes, as: UTF8.self), #"{"z":"q\"\n\u0001","a":[1,true,null],"m":1.50}"#)
    }

    /// Small (inline) and large (heap) strings, with and without a character to escape at either end, and an
    /// encoded key (``JSONWriter/Key``) written as its name is.
    func testWriterEscapesEveryKindOfStringAndEncodedKeys() {
        let long = String(repeating: "abcdefgh", count: 40)
        let cases: [(String, String)] = [
            ("", #""""#), ("plain", #""plain""#), ("\"", #""\"""#), ("a\\", #""a\\""#), ("\u{1F}x", #""\u001fx""#),
            (long, "\"\(long)\""), (long + "\t", "\"\(long)\\t\""), ("\"" + long, "\"\\\"\(long)\""),
            ("Ünïcode ✓ \(long)", "\"Ünïcode ✓ \(long)\""),
        ]
        for (text, json) in cases {
            var w = JSONWriter()
            w.string(text)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), json, text)
            var keyed = JSONWriter(), plain = JSONWriter()
            keyed.object { w in w.key(JSONWriter.Key(text)); w.int(1); w.key(JSONWriter.Key("b")); w.int(2) }
            plain.object { w in w.key(text); w.int(1); w.key("b"); w.int(2) }
            XCTAssertEqual(keyed.bytes, plain.bytes, text)
        }
    }

    func testWriterRoundTripsThroughParser() throws {
        let value: JSONValue = ["name": "Ünïcode ✓", "nested": ["list": [1, 2, ["k": "v"]]], "neg": -5]
        XCTAssertEqual(try JSONParser.parse(value.jsonBytes), value)
    }

    func testNonObjectBodyIs422() {
        XCTAssertThrowsError(try JSONObjectReader(.array([]))) { XCTAssertEqual(($0 as? Problem)?.status.code, 422) }
    }

    func testMalformedJSONBodyIs400WithOffset() throws {
        let server = try makeServer { router in
            router.post("/items") { request in
                let body = try request.jsonObject()
                _ = body.string("name")
                try body.finish()
                return .noContent
            }
        }
        defer { server.shutdown() }
        let body = #"{"name":}"#
        let response = try XCTUnwrap(try exchange(server.port, "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"))
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(try response.json()["detail"], JSONValue.string("Invalid JSON at byte 8: unexpected character"))
    }

    func testWrongContentTypeIs415() throws {
        let server = try makeServer { router in
            router.post("/items") { request in _ = try request.jsonBody(); return .noContent }
        }
        defer { server.shutdown() }
        let response = try XCTUnwrap(try exchange(server.port, "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}"))
        XCTAssertEqual(response.status, 415)
    }

    func testValidationProblemOverHTTPListsErrors() throws {
        let server = try makeServer { router in
            router.post("/items") { request in
                let body = try request.jsonObject()
                _ = body.array("lines") { $0.int("quantity", in: 1...10) }
                try body.finish()
                return .noContent
            }
        }
        defer { server.shutdown() }
        let body = #"{"lines":[{"quantity":1},{"quantity":0}],"x":1}"#
        let response = try XCTUnwrap(try exchange(server.port, "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"))
        XCTAssertEqual(response.status, 422)
        let problem = try response.json()
        XCTAssertEqual(problem["errors"], [["pointer": "/lines/1/quantity", "detail": "must be between 1 and 10"],
                                           ["pointer": "/x", "detail": "unknown field"]] as JSONValue)
    }
}
