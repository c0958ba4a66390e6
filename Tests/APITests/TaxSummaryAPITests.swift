import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 24, finding 4: `GET /v1/reports/tax-summary` — per tax code and per uncoded rate, issued invoices less
/// credit notes and voids by their own dates, exact figures, the same cells as CSV, and refused periods.
final class TaxSummaryAPITests: TenantAPITestCase {

    private func id(_ object: [String: Any]) throws -> String { try XCTUnwrap(object["id"] as? String) }

    private func code(_ body: String) throws -> String { try id(try call("POST", "/v1/tax-codes", body, expect: 201)) }

    /// Creates and issues an invoice of `lines` (JSON) dated `date`.
    @discardableResult
    private func issue(_ party: String, _ date: String, _ lines: String) throws -> String {
        let draft = try call(
            "POST", "/v1/invoices", #"{"party_id":"\#(party)","invoice_date":"\#(date)","lines":[\#(lines)]}"#, expect: 201)
        let invoice = try id(draft)
        try call("POST", "/v1/invoices/\(invoice)/issue", expect: 200)
        return invoice
    }

    /// The report's rows as "kind code rate | sales_base sales_tax | purchases_base purchases_tax | net_tax".
    private func summary(_ query: String) throws -> [String] {
        let report = try call("GET", "/v1/reports/tax-summary?\(query)", expect: 200)
        XCTAssertEqual(report["report"] as? String, "tax_summary")
        return (report["data"] as? [[String: Any]] ?? []).map { row in
            func s(_ key: String) -> String { row[key] as? String ?? "-" }
            return "\(s("kind")) \(s("code")) \(s("rate")) | \(s("sales_base")) \(s("sales_tax")) | "
                + "\(s("purchases_base")) \(s("purchases_tax")) | \(s("net_tax"))"
        }
    }

    /// FR-20 (20 %), FR-5.5 (5.5 %) and lines at an uncoded 10 %; March: two invoices, a credit note of one
    /// FR-20 unit and an invoice voided in April; April: an FR-20 invoice and that void.
    private func march() throws -> (fr20: String, fr55: String) {
        let fr20 = try code(#"{"code":"FR-20","name":"TVA 20 %","rate":"20","category":"standard"}"#)
        let fr55 = try code(#"{"code":"FR-5.5","name":"TVA 5,5 %","rate":"5.5","category":"reduced"}"#)
        let party = try id(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201))
        let first = try issue(
            party, "2026-03-02",
            #"{"description":"Licence","quantity":"2","unit_price":"50.00","tax_code_id":"\#(fr20)"},"#
                + #"{"description":"Setup","quantity":"1","unit_price":"40.00","tax_rate":"10"},"#
                + #"{"description":"Books","quantity":"3","unit_price":"10.00","tax_code_id":"\#(fr55)"}"#)
        try issue(party, "2026-03-10", #"{"description":"Support","quantity":"1","unit_price":"200.00","tax_code_id":"\#(fr20)"}"#)
        let voided = try issue(party, "2026-03-25", #"{"description":"Extra","quantity":"1","unit_price":"10.00","tax_rate":"10"}"#)
        try call(
            "POST", "/v1/invoices/\(first)/credit-notes",
            #"{"credit_date":"2026-03-20","lines":[{"line_no":1,"quantity":"1"}]}"#, expect: 201)
        try call("POST", "/v1/invoices/\(voided)/void", #"{"date":"2026-04-02"}"#, expect: 200)
        try issue(party, "2026-04-05", #"{"description":"Licence","quantity":"1","unit_price":"1000.00","tax_code_id":"\#(fr20)"}"#)
        return (fr20, fr55)
    }

    func testTaxPerCodeAndUncodedRateNetsCreditNotesAndVoidsByTheirDates() throws {
        _ = try march()
        // FR-20: 100 + 200 − 50 credited; FR-5.5: 30 at 5.5 % = 1.65; 10 %: 40 + 10 (voided in April).
        XCTAssertEqual(
            try summary("from=2026-03-01&to=2026-03-31"),
            [
                "code FR-20 20 | 250.00 50.00 | 0.00 0.00 | 50.00",
                "code FR-5.5 5.5 | 30.00 1.65 | 0.00 0.00 | 1.65",
                "rate - 10 | 50.00 5.00 | 0.00 0.00 | 5.00",
                "total - - | 330.00 56.65 | 0.00 0.00 | 56.65",
            ])
        XCTAssertEqual(
            try summary("from=2026-04-01&to=2026-04-30"),
            [
                "code FR-20 20 | 1000.00 200.00 | 0.00 0.00 | 200.00",
                "rate - 10 | -10.00 -1.00 | 0.00 0.00 | -1.00",
                "total - - | 990.00 199.00 | 0.00 0.00 | 199.00",
            ])
        // Over both months the void cancels its invoice.
        XCTAssertEqual(
            try summary("from=2026-03-01&to=2026-04-30"),
            [
                "code FR-20 20 | 1250.00 250.00 | 0.00 0.00 | 250.00",
                "code FR-5.5 5.5 | 30.00 1.65 | 0.00 0.00 | 1.65",
                "rate - 10 | 40.00 4.00 | 0.00 0.00 | 4.00",
                "total - - | 1320.00 255.65 | 0.00 0.00 | 255.65",
            ])
        XCTAssertEqual(try summary("from=2026-05-01&to=2026-05-31"), ["total - - | 0.00 0.00 | 0.00 0.00 | 0.00"])
        XCTAssertEqual(
            try summary("from=2026-03-01&to=2026-03-31&currency=USD"), ["total - - | 0.00 0.00 | 0.00 0.00 | 0.00"])
    }

    func testTheCSVHasTheSameCells() throws {
        let (fr20, fr55) = try march()
        let csv = try client.request("GET", "/v1/reports/tax-summary?from=2026-03-01&to=2026-03-31&format=csv", headers: auth)
        XCTAssertEqual(csv.status, 200)
        XCTAssertEqual(csv.headers["content-type"], "text/csv; charset=utf-8")
        XCTAssertEqual(
            csv.text,
            "\u{FEFF}kind,tax_code_id,code,name,category,rate,sales_base,sales_tax,purchases_base,purchases_tax,net_tax\r\n"
                + "code,\(fr20),FR-20,TVA 20 %,standard,20,250.00,50.00,0.00,0.00,50.00\r\n"
                + "code,\(fr55),FR-5.5,\"TVA 5,5 %\",reduced,5.5,30.00,1.65,0.00,0.00,1.65\r\n"
                + "rate,,,,,10,50.00,5.00,0.00,0.00,5.00\r\n"
                + "total,,,,,,330.00,56.65,0.00,0.00,56.65\r\n")
    }

    func testBadPeriodsAreRefusedAtTheirField() throws {
        let cases: [(String, [String])] = [
            ("to=2026-03-31", ["/from"]),
            ("from=2026-03-01", ["/to"]),
            ("from=2026-03-01&to=2026-02-28", ["/to"]),
            ("from=2016-03-01&to=2026-03-01", ["/to"]),
            ("from=2026-02-30&to=2026-03-01", ["/from"]),
            ("from=2026-03-01&to=2026-03-31&currency=XYZ", ["/currency"]),
            ("from=2026-03-01&to=2026-03-31&format=xml", ["/format"]),
        ]
        for (query, pointers) in cases {
            let problem = try call("GET", "/v1/reports/tax-summary?\(query)", expect: 422)
            XCTAssertEqual(problemPointers(problem), pointers, query)
        }
        try call("GET", "/v1/reports/tax-summary?from=2016-03-01&to=2026-02-28", expect: 200)
    }
}
