import API
import Foundation
import HTTPServer
import Store
import TestSupport
import XCTest

/// One rule for every text a client sends, wherever it arrives, and one answer for breaking it: 422 naming the
/// field, never a 500 and never silence.
final class InputValidationTests: XCTestCase {
    private var server: APITestServer!
    private var client: HTTPTestClient!
    private var auth: [String: String] = [:]

    override func setUpWithError() throws {
        server = try APITestServer()
        auth = ["Authorization": "Bearer \(try server.makeTenant("input").apiKey.key)"]
        client = try server.client()
    }

    override func tearDown() { server?.stop() }

    private func assertRefused(
        _ method: String, _ path: String, _ body: String? = nil, pointer: String, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let response = try body.map { try client.json(method, path, $0, headers: auth) }
            ?? client.request(method, path, headers: auth)
        XCTAssertEqual(response.status, 422, "\(method) \(path): \(response.text)", file: file, line: line)
        XCTAssertEqual(response.headers["content-type"], "application/problem+json", file: file, line: line)
        let pointers = problemPointersInOrder(response.json ?? [:])
        XCTAssertTrue(pointers.contains(pointer), "\(path): \(pointers) lacks \(pointer)", file: file, line: line)
    }

    func testNULInAnyTextQueryParameterIs422NamingIt() throws {
        try assertRefused("GET", "/v1/expenses?project=a%00b", pointer: "/project")
        try assertRefused("GET", "/v1/expenses?department=a%00b", pointer: "/department")
        try assertRefused("GET", "/v1/tasks?assignee=a%00b", pointer: "/assignee")
        try assertRefused("GET", "/v1/parties?cursor=%00", pointer: "/cursor")
        try assertRefused("GET", "/v1/expenses?project=tab%09here", pointer: "/project")
    }

    func testMalformedPercentEncodingInAQueryParameterIs422() throws {
        try assertRefused("GET", "/v1/parties?cursor=%FF%FE", pointer: "/cursor")
        try assertRefused("GET", "/v1/parties?cursor=abc", pointer: "/cursor")
        try assertRefused("GET", "/v1/expenses?project=%E2%82", pointer: "/project")
    }

    func testNULAndControlCharactersInJSONStringsAre422() throws {
        try assertRefused("POST", "/v1/parties", #"{"kind":"customer","name":"a\u0000b"}"#, pointer: "/name")
        try assertRefused("POST", "/v1/parties", #"{"kind":"customer","name":"bell\u0007"}"#, pointer: "/name")
        try assertRefused(
            "POST", "/v1/items", #"{"code":"X\u0000","name":"n","unit_price":"1.00"}"#, pointer: "/code")
    }

    func testANameWithNoVisibleCharacterIsBlank() throws {
        for name in ["   ", "\\u200b", "\\u200b\\u2060 \\ufeff", "\\u00a0"] {
            try assertRefused("POST", "/v1/parties", #"{"kind":"customer","name":"\#(name)"}"#, pointer: "/name")
        }
        let response = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"\u200bZoë"}"#, headers: auth)
        XCTAssertEqual(response.status, 201, response.text)
    }

    func testDecimalsAreStringsOnly() throws {
        try assertRefused("POST", "/v1/items", #"{"code":"NUM","name":"n","unit_price":10}"#, pointer: "/unit_price")
        try assertRefused(
            "POST", "/v1/items", #"{"code":"NUM","name":"n","unit_price":"10","tax_rate":20}"#, pointer: "/tax_rate")
        let response = try client.json("POST", "/v1/items", #"{"code":"STR","name":"n","unit_price":"10.50"}"#, headers: auth)
        XCTAssertEqual(response.status, 201, response.text)
    }

    func testBudgetsFollowTheSameTextAndDecimalRules() throws {
        let account = try client.json("POST", "/v1/accounts", #"{"code":"6100","name":"Travel","type":"expense"}"#, headers: auth)
        let id = try XCTUnwrap(account.json?["id"] as? String)
        func budget(name: String = "Travel", extra: String = "", line: String = "") -> String {
            #"{"name":"\#(name)","fiscal_year":2027\#(extra),"lines":[{"account_id":"\#(id)","amount":"1200"\#(line)}]}"#
        }
        try assertRefused("POST", "/v1/budgets", budget(name: "\\u200b"), pointer: "/name")
        try assertRefused("POST", "/v1/budgets", budget(name: "   "), pointer: "/name")
        try assertRefused("POST", "/v1/budgets", budget(extra: #","thresholds":[80]"#), pointer: "/thresholds")
        try assertRefused(
            "POST", "/v1/budgets", budget(extra: #","scope":"department","scope_value":"\u200b""#), pointer: "/scope_value")
        let months = "[" + Array(repeating: "100", count: 12).joined(separator: ",") + "]"
        try assertRefused("POST", "/v1/budgets", budget(line: #","months":\#(months)"#), pointer: "/lines/0/months")
        try assertRefused(
            "POST", "/v1/budgets", budget(line: #","allocations":[{"name":"\u200b","amount":"1200"}]"#),
            pointer: "/lines/0/allocations/0/name")
        let fine = try client.json("POST", "/v1/budgets", budget(extra: #","thresholds":["80"]"#), headers: auth)
        XCTAssertEqual(fine.status, 201, fine.text)
    }

    func testActionsWithoutFieldsRefuseABodyThatIsNotAnEmptyObject() throws {
        let party = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Archivable"}"#, headers: auth)
        let id = try XCTUnwrap(party.json?["id"] as? String)
        XCTAssertEqual(try client.json("POST", "/v1/parties/\(id)/archive", "{not json", headers: auth).status, 400)
        try assertRefused("POST", "/v1/parties/\(id)/archive", #"{"reason":"x"}"#, pointer: "/reason")
        XCTAssertEqual(try client.json("POST", "/v1/parties/\(id)/archive", "{}", headers: auth).status, 200)
    }
}
