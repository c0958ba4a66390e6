import API
import Foundation
import HTTPServer
import Postgres
import TestSupport
import XCTest

/// Issue 28: tenant migration 0056 gave the short columns of 18 tables bounded types (`varchar(n)`,
/// `numeric(38,4)`) so that those tables need no TOAST table. A value one character past a limit is still a 422
/// naming the field, never a 500; a value exactly at the limit in four-byte characters is stored (the API and
/// PostgreSQL both count code points); and a value the database refuses as too long or too large is a 422 even if a
/// check were missed.
final class BoundedColumnsAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "bounded" }

    /// `count` copies of a four-byte character (U+1F4B6, a banknote), as a JSON string body.
    private func wide(_ count: Int) -> String { String(repeating: "\u{1F4B6}", count: count) }
    private func long(_ count: Int) -> String { String(repeating: "x", count: count) }

    private func assertRefused(
        _ method: String, _ path: String, _ body: String, pointer: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let problem = try call(method, path, body, expect: 422, file: file, line: line)
        XCTAssertEqual(problemPointers(problem), [pointer], "\(path)", file: file, line: line)
    }

    func testAccountsCodeAndName() throws {
        try assertRefused("POST", "/v1/accounts", #"{"code":"\#(long(21))","name":"Long","type":"expense"}"#, pointer: "/code")
        try assertRefused("POST", "/v1/accounts", #"{"code":"6101","name":"\#(long(201))","type":"expense"}"#, pointer: "/name")
        let created = try call(
            "POST", "/v1/accounts", #"{"code":"\#(long(20))","name":"\#(wide(200))","type":"expense"}"#, expect: 201)
        XCTAssertEqual(created["name"] as? String, wide(200))
    }

    func testExpenseCategoryName() throws {
        try assertRefused("POST", "/v1/expense-categories", #"{"name":"\#(long(201))"}"#, pointer: "/name")
        let created = try call("POST", "/v1/expense-categories", #"{"name":"\#(wide(200))"}"#, expect: 201)
        XCTAssertEqual(created["name"] as? String, wide(200))
    }

    func testNumberingPrefixAndPattern() throws {
        for path in ["/v1/invoice-numbering", "/v1/credit-note-numbering"] {
            try assertRefused("PUT", path, #"{"pattern":"{PREFIX}{SEQ}","prefix":"\#(long(21))"}"#, pointer: "/prefix")
            try assertRefused(
                "PUT", path, #"{"pattern":"{PREFIX}{SEQ}\#(long(61 - 13))","prefix":"A"}"#, pointer: "/pattern")
            // 60 code points: the 13 of the tokens and 47 four-byte literals.
            let pattern = "{PREFIX}{SEQ}" + wide(47)
            let saved = try call("PUT", path, #"{"pattern":"\#(pattern)","prefix":"\#(long(20))"}"#, expect: 200)
            XCTAssertEqual(saved["pattern"] as? String, pattern)
        }
    }

    func testBankRuleTextsAndBudgetScopeValue() throws {
        let expense = try account(role: "general_expense")
        try assertRefused(
            "POST", "/v1/bank-rules", #"{"description_contains":"\#(long(101))","account_id":"\#(expense)"}"#,
            pointer: "/description_contains")
        try assertRefused(
            "POST", "/v1/bank-rules", #"{"description_contains":"FEES","account_id":"\#(expense)","memo":"\#(long(201))"}"#,
            pointer: "/memo")
        try call(
            "POST", "/v1/bank-rules",
            #"{"description_contains":"\#(wide(100))","account_id":"\#(expense)","memo":"\#(wide(200))"}"#, expect: 201)
        func budget(_ scopeValue: String) -> String {
            #"{"name":"\#(wide(200))","fiscal_year":2027,"scope":"project","scope_value":"\#(scopeValue)","lines":[{"account_id":"\#(expense)","amount":"1200"}]}"#
        }
        try assertRefused("POST", "/v1/budgets", budget(long(101)), pointer: "/scope_value")
        try call("POST", "/v1/budgets", budget(wide(100)), expect: 201)
    }

    func testPaymentAndSalesOrderReferences() throws {
        let party = try XCTUnwrap(
            try call("POST", "/v1/parties", #"{"kind":"customer","name":"Globex"}"#, expect: 201)["id"] as? String)
        // The allocation names no invoice: the problem names it as well as the reference.
        let payment = try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(party)","amount":"10.00","reference":"\#(long(201))","allocations":[{"invoice_id":"\#(UUID().uuidString)","amount":"10.00"}]}"#,
            expect: 422)
        XCTAssertTrue(problemPointers(payment).contains("/reference"), "\(problemPointers(payment))")
        let item = try XCTUnwrap(
            try call("POST", "/v1/items", #"{"code":"LIC","name":"Licence","unit_price":"50.00"}"#, expect: 201)["id"] as? String)
        func order(_ reference: String) -> String {
            #"{"party_id":"\#(party)","order_date":"2026-04-01","reference":"\#(reference)","lines":[{"item_id":"\#(item)"}]}"#
        }
        try assertRefused("POST", "/v1/sales-orders", order(long(201)), pointer: "/reference")
        let saved = try call("POST", "/v1/sales-orders", order(wide(200)), expect: 201)
        XCTAssertEqual(saved["reference"] as? String, wide(200))
    }

    /// The backstop: what the database itself refuses as too long (22001) or too large (22003) maps to 422.
    func testAValueTheDatabaseCannotStoreIsA422NotA500() throws {
        let attempts: [(String, (PostgresConnection) throws -> Void)] = [
            ("22001", { connection in
                try connection.execute("CREATE TEMP TABLE bounded (c varchar(3)) ON COMMIT DROP")
                try connection.execute("INSERT INTO bounded VALUES ('abcd')")
            }),
            ("22003", { connection in try connection.execute("SELECT 1000::numeric(3,0)") }),
        ]
        for (state, body) in attempts {
            XCTAssertThrowsError(try ErrorMapping.mapped { try server.pool.transaction(body) }, state) { error in
                XCTAssertEqual((error as? Problem)?.status, .unprocessableContent, "\(state): \(error)")
            }
        }
    }
}
