import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// The journal over real HTTP: listing with date and account filters and cursor pagination, and one entry.
final class JournalAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "jrn" }


    private func ids(_ page: [String: Any]) -> [String] {
        (page["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    private func entry(_ date: String, debit: String, credit: String, _ amount: String) throws -> String {
        let body = #"""
            {"date":"\#(date)","memo":"Manual","lines":[{"account_id":"\#(debit)","debit":"\#(amount)"},{"account_id":"\#(credit)","credit":"\#(amount)"}]}
            """#
        return try XCTUnwrap(try call("POST", "/v1/journal-entries", body, expect: 201)["id"] as? String)
    }

    func testListFiltersByDateAndAccountAndPagesWithACursor() throws {
        let accounts = try XCTUnwrap(try call("GET", "/v1/accounts", expect: 200)["data"] as? [[String: Any]])
        let bank = try XCTUnwrap(accounts.first { $0["role"] as? String == "bank" }?["id"] as? String)
        let income = try XCTUnwrap(accounts.first { $0["role"] as? String == "sales_income" }?["id"] as? String)
        let travel = try XCTUnwrap(
            try call("POST", "/v1/accounts", #"{"code":"6100","name":"Travel","type":"expense"}"#, expect: 201)["id"] as? String)
        let january = try entry("2026-01-10", debit: bank, credit: income, "100.00")
        let february = try entry("2026-02-10", debit: bank, credit: income, "50.00")
        let march = try entry("2026-03-10", debit: travel, credit: bank, "20.00")

        let first = try call("GET", "/v1/journal-entries?limit=2", expect: 200)
        XCTAssertEqual(ids(first), [march, february], "newest first")
        let cursor = try XCTUnwrap(first["next_cursor"] as? String)
        let second = try call("GET", "/v1/journal-entries?limit=2&cursor=\(cursor)", expect: 200)
        XCTAssertEqual(ids(second), [january])
        XCTAssertTrue(second["next_cursor"] is NSNull || second["next_cursor"] == nil)

        XCTAssertEqual(ids(try call("GET", "/v1/journal-entries?from=2026-02-01&to=2026-02-28", expect: 200)), [february])
        XCTAssertEqual(ids(try call("GET", "/v1/journal-entries?from=2026-02-01", expect: 200)), [march, february])
        let byAccount = try call("GET", "/v1/journal-entries?account_id=\(travel)", expect: 200)
        XCTAssertEqual(ids(byAccount), [march])
        let lines = try XCTUnwrap((byAccount["data"] as? [[String: Any]])?.first?["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["account_id"] as? String }, [travel, bank])
        XCTAssertEqual(lines.map { $0["debit"] as? String }, ["20.00", "0.00"])
        XCTAssertEqual(ids(try call("GET", "/v1/journal-entries?account_id=\(income)&to=2026-01-31", expect: 200)), [january])

        try call("GET", "/v1/journal-entries?from=yesterday", expect: 422)
        try call("GET", "/v1/journal-entries?account_id=nope", expect: 422)
        let one = try call("GET", "/v1/journal-entries/\(january)", expect: 200)
        XCTAssertEqual(one["date"] as? String, "2026-01-10")
        XCTAssertEqual((one["lines"] as? [[String: Any]])?.count, 2)
    }
}
