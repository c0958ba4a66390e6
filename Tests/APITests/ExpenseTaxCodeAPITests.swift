import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 24, finding 4: expenses and recurring expenses take `tax_code_id`; the amount stays tax-inclusive, the
/// input tax is stored in `tax_amount` and the tax summary's purchases show it.
final class ExpenseTaxCodeAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "exptax" }

    private func id(_ object: [String: Any]) throws -> String { try XCTUnwrap(object["id"] as? String) }

    /// A vendor, a category and a 20 % code.
    private func masters() throws -> (vendor: String, category: String, code: String) {
        (
            try id(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"CloudCo"}"#, expect: 201)),
            try id(try call("POST", "/v1/expense-categories", #"{"name":"Software"}"#, expect: 201)),
            try id(try call(
                "POST", "/v1/tax-codes", #"{"code":"FR-20","name":"TVA 20 %","rate":"20","category":"standard"}"#, expect: 201))
        )
    }

    /// The tax summary's rows as "code | purchases_base purchases_tax | net_tax".
    private func purchases(_ query: String) throws -> [String] {
        let report = try call("GET", "/v1/reports/tax-summary?\(query)", expect: 200)
        return (report["data"] as? [[String: Any]] ?? []).map { row in
            func s(_ key: String) -> String { row[key] as? String ?? "-" }
            return "\(s("code")) | \(s("sales_tax")) | \(s("purchases_base")) \(s("purchases_tax")) | \(s("net_tax"))"
        }
    }

    func testAnExpenseWithATwentyPercentCodeCountsAsPurchasesAndLowersTheNetTaxDue() throws {
        let (vendor, category, code) = try masters()
        // A sale of 500.00 + 100.00 tax in March, so that the net tax due is visible.
        let customer = try id(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201))
        let invoice = try id(try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(customer)","invoice_date":"2026-03-02","lines":[{"description":"Licence","quantity":"1","unit_price":"500.00","tax_code_id":"\#(code)"}]}"#,
            expect: 201))
        try call("POST", "/v1/invoices/\(invoice)/issue", expect: 200)
        XCTAssertEqual(try purchases("from=2026-03-01&to=2026-03-31"), ["FR-20 | 100.00 | 0.00 0.00 | 100.00", "- | 100.00 | 0.00 0.00 | 100.00"])

        let expense = try call(
            "POST", "/v1/expenses",
            #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"99.99","date":"2026-03-10","tax_code_id":"\#(code)"}"#,
            expect: 201)
        // 99.99 × 20 / 120 = 16.665 → 16.66 (half-even); the amount stays what was paid.
        XCTAssertEqual(expense["amount"] as? String, "99.99")
        XCTAssertEqual(expense["tax_amount"] as? String, "16.66")
        XCTAssertEqual(expense["tax_code_id"] as? String, code)
        let plain = try call(
            "POST", "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"5","date":"2026-03-10"}"#,
            expect: 201)
        XCTAssertEqual(plain["tax_amount"] as? String, "0.00")
        XCTAssertTrue(plain["tax_code_id"] is NSNull)
        XCTAssertEqual(
            try purchases("from=2026-03-01&to=2026-03-31"),
            ["FR-20 | 100.00 | 83.33 16.66 | 83.34", "- | 100.00 | 83.33 16.66 | 83.34"])

        // Reversed in April: the purchase leaves April's figures, March stays as filed.
        try call("POST", "/v1/expenses/\(try id(expense))/reverse", #"{"reversed_on":"2026-04-02"}"#, expect: 200)
        XCTAssertEqual(
            try purchases("from=2026-04-01&to=2026-04-30"),
            ["FR-20 | 0.00 | -83.33 -16.66 | 16.66", "- | 0.00 | -83.33 -16.66 | 16.66"])
        XCTAssertEqual(
            try purchases("from=2026-03-01&to=2026-03-31"),
            ["FR-20 | 100.00 | 83.33 16.66 | 83.34", "- | 100.00 | 83.33 16.66 | 83.34"])
    }

    func testUnknownAndArchivedCodesAre422AtTaxCodeId() throws {
        let (vendor, category, code) = try masters()
        func refused(_ path: String, _ body: String) throws -> [String] {
            let problem = try call("POST", path, body, expect: 422)
            return (problem["errors"] as? [[String: Any]] ?? []).map {
                "\($0["pointer"] as? String ?? "-") \($0["detail"] as? String ?? "-")"
            }
        }
        let unknown = UUID().uuidString.lowercased()
        let schedule = #""schedule":{"kind":"monthly","byMonthDay":15,"start":"2026-01-01"}"#
        XCTAssertEqual(
            try refused(
                "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"10","tax_code_id":"\#(unknown)"}"#),
            ["/tax_code_id names no tax code"])
        XCTAssertEqual(
            try refused(
                "/v1/recurring-expenses",
                #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"10","tax_code_id":"\#(unknown)",\#(schedule)}"#),
            ["/tax_code_id names no tax code"])
        try call("POST", "/v1/tax-codes/\(code)/archive", expect: 200)
        XCTAssertEqual(
            try refused(
                "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"10","tax_code_id":"\#(code)"}"#),
            ["/tax_code_id names an archived tax code"])
        XCTAssertEqual((try call("GET", "/v1/expenses", expect: 200)["data"] as? [Any])?.count, 0)
        try call(
            "POST", "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"10","tax_code_id":"nope"}"#,
            expect: 422)
    }

    func testARecurringExpenseKeepsItsCodeAndPreviewsItsTax() throws {
        let (vendor, category, code) = try masters()
        let created = try call(
            "POST", "/v1/recurring-expenses",
            #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"120","tax_code_id":"\#(code)","schedule":{"kind":"monthly","byMonthDay":15,"start":"2026-01-01"}}"#,
            expect: 201)
        XCTAssertEqual(created["tax_code_id"] as? String, code)
        let preview = try call("GET", "/v1/recurring-expenses/\(try id(created))/preview?count=1", expect: 200)
        let first = try XCTUnwrap((preview["data"] as? [[String: Any]])?.first)
        XCTAssertEqual(
            ["subtotal", "tax_total", "total"].map { first[$0] as? String }, ["100.00", "20.00", "120.00"])
        let used = try call("GET", "/v1/tax-codes/\(code)", expect: 200)
        XCTAssertEqual(used["used"] as? Bool, true)
    }
}
