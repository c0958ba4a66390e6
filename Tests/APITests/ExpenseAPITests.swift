import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Expenses, categories and recurring expenses over real HTTP: postings, CSV export, problems, tenant isolation.
final class ExpenseAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "exp" }



    /// A vendor and a category; returns their ids.
    private func masters() throws -> (vendor: String, category: String) {
        let vendor = try call("POST", "/v1/parties", #"{"kind":"vendor","name":"CloudCo"}"#, expect: 201)
        let category = try call("POST", "/v1/expense-categories", #"{"name":"Software"}"#, expect: 201)
        return (try XCTUnwrap(vendor["id"] as? String), try XCTUnwrap(category["id"] as? String))
    }

    func testRecordPayAndReverseWithIdempotentCreate() throws {
        let (vendor, category) = try masters()
        let body = #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"49.9","date":"2026-03-01","project":"Web"}"#
        let created = try call("POST", "/v1/expenses", body, headers: ["Idempotency-Key": "exp-1"], expect: 201)
        XCTAssertEqual(created["amount"] as? String, "49.90")
        XCTAssertEqual(created["status"] as? String, "unpaid")
        let replay = try call("POST", "/v1/expenses", body, headers: ["Idempotency-Key": "exp-1"], expect: 201)
        XCTAssertEqual(replay["id"] as? String, created["id"] as? String)
        let id = try XCTUnwrap(created["id"] as? String)
        XCTAssertEqual((try call("GET", "/v1/expenses", expect: 200)["data"] as? [Any])?.count, 1, "created once")

        let paid = try call("POST", "/v1/expenses/\(id)/pay", #"{"paid_on":"2026-03-05"}"#, expect: 200)
        XCTAssertEqual(paid["status"] as? String, "paid")
        XCTAssertEqual(paid["paid_on"] as? String, "2026-03-05")
        try call("POST", "/v1/expenses/\(id)/pay", expect: 409)
        let reversed = try call("POST", "/v1/expenses/\(id)/reverse", #"{"reversed_on":"2026-03-06"}"#, expect: 200)
        XCTAssertEqual(reversed["status"] as? String, "reversed")

        let balances = try call("GET", "/v1/ledger/balances", expect: 200)
        let rows = try XCTUnwrap(balances["data"] as? [[String: Any]], "\(balances)")
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            XCTAssertEqual(row["debit"] as? String, row["credit"] as? String, "every account nets to zero: \(row)")
        }
        let direct = try call(
            "POST", "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"10","paid":true}"#, expect: 201)
        XCTAssertEqual(direct["status"] as? String, "paid")
        XCTAssertEqual(direct["amount"] as? String, "10.00")
    }

    func testValidationNamesFieldsAndForeignIdsAre404() throws {
        let (vendor, category) = try masters()
        let problem = try call(
            "POST", "/v1/expenses",
            #"{"vendor_id":"nope","category_id":"\#(category)","amount":"1.234","currency":"ZZZ","extra":1}"#, expect: 422)
        XCTAssertEqual(problemPointers(problem), ["/currency", "/extra", "/vendor_id"])
        let semantic = try call(
            "POST", "/v1/expenses",
            #"{"vendor_id":"\#(category)","category_id":"\#(vendor)","amount":"-1","department":"","bank_account_id":"\#(vendor)"}"#,
            expect: 422)
        XCTAssertEqual(problemPointers(semantic), ["/amount", "/bank_account_id", "/category_id", "/department", "/vendor_id"])
        XCTAssertEqual(problemPointers(try call("POST", "/v1/expense-categories", #"{"name":""}"#, expect: 422)), ["/name"])

        let expense = try call(
            "POST", "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"5"}"#, expect: 201)
        let id = try XCTUnwrap(expense["id"] as? String)
        let other = ["Authorization": "Bearer \(try server.makeTenant("exp2").apiKey.key)"]
        for (method, path) in [("GET", "/v1/expenses/\(id)"), ("POST", "/v1/expenses/\(id)/pay"), ("POST", "/v1/expenses/\(id)/reverse")] {
            XCTAssertEqual(try client.request(method, path, headers: other).status, 404, path)
        }
        try call("GET", "/v1/expenses/not-a-uuid", expect: 404)
        try call("GET", "/v1/expenses?paid=maybe", expect: 422)
    }

    func testCSVExportRoundTripsAmountsAndEscapesCells() throws {
        let (vendor, category) = try masters()
        let tricky: [(amount: String, reference: String, notes: String)] = [
            ("1234.56", "Acme, Inc. \"Pro\"", "line one\nline two"),
            ("0.01", "=HYPERLINK(\"http://x\")", "+cmd"),
            ("99999999.99", "@ref", "-minus, not a number"),
        ]
        for row in tricky {
            let body = try String(
                decoding: JSONSerialization.data(withJSONObject: [
                    "vendor_id": vendor, "category_id": category, "amount": row.amount, "reference": row.reference,
                    "notes": row.notes, "project": "Export", "date": "2026-02-01",
                ]), as: UTF8.self)
            try call("POST", "/v1/expenses", body, expect: 201)
        }
        try call("POST", "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"7","project":"Other"}"#, expect: 201)

        let byQuery = try client.request("GET", "/v1/expenses?format=csv&project=Export&limit=1", headers: auth)
        XCTAssertEqual(byQuery.status, 200, byQuery.text)
        XCTAssertEqual(byQuery.headers["content-type"], "text/csv; charset=utf-8")
        let byAccept = try client.request("GET", "/v1/expenses?project=Export", headers: auth.merging(["Accept": "text/csv"]) { $1 })
        XCTAssertEqual(byAccept.body, byQuery.body)

        XCTAssertEqual(Array(byQuery.body.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark")
        let text = String(decoding: byQuery.body.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("\r\n"))
        let records = try CSVParser.parse(text)
        let header = try XCTUnwrap(records.first)
        XCTAssertEqual(header.first, "id")
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        XCTAssertEqual(rows.count, 3, "every match, ignoring limit; the other project left out")
        let byAmount = Dictionary(uniqueKeysWithValues: rows.map { ($0["amount"] ?? "", $0) })
        XCTAssertEqual(Set(byAmount.keys), ["1234.56", "0.01", "99999999.99"])
        XCTAssertEqual(byAmount["1234.56"]?["reference"], "Acme, Inc. \"Pro\"")
        XCTAssertEqual(byAmount["1234.56"]?["notes"], "line one\nline two")
        XCTAssertEqual(byAmount["0.01"]?["reference"], "'=HYPERLINK(\"http://x\")")
        XCTAssertEqual(byAmount["0.01"]?["notes"], "'+cmd")
        XCTAssertEqual(byAmount["99999999.99"]?["reference"], "'@ref")
        XCTAssertEqual(byAmount["99999999.99"]?["notes"], "'-minus, not a number")
        XCTAssertEqual(byAmount["0.01"]?["currency"], "EUR")
    }

    func testRecurringExpenseLifecycle() throws {
        let (vendor, category) = try masters()
        let created = try call(
            "POST", "/v1/recurring-expenses",
            #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"29","department":"IT","schedule":{"kind":"monthly","byMonthDay":15,"start":"2026-01-01"}}"#,
            expect: 201)
        XCTAssertEqual(created["amount"] as? String, "29.00")
        XCTAssertEqual(created["state"] as? String, "active")
        let id = try XCTUnwrap(created["id"] as? String)
        let preview = try call("GET", "/v1/recurring-expenses/\(id)/preview?count=3", expect: 200)
        XCTAssertEqual(
            (preview["data"] as? [[String: Any]])?.compactMap { $0["document_date"] as? String },
            ["2026-01-15", "2026-02-15", "2026-03-15"])
        XCTAssertEqual(try call("POST", "/v1/recurring-expenses/\(id)/pause", expect: 200)["state"] as? String, "paused")
        XCTAssertEqual(
            try call("POST", "/v1/recurring-expenses/\(id)/resume", #"{"catch_up":true}"#, expect: 200)["state"] as? String, "active")
        XCTAssertEqual(try call("POST", "/v1/recurring-expenses/\(id)/end", expect: 200)["state"] as? String, "ended")
        try call("POST", "/v1/recurring-expenses/\(id)/resume", expect: 409)
        let invalid = try call(
            "POST", "/v1/recurring-expenses",
            #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"0","schedule":{"kind":"monthly","interval":0,"start":"2026-01-01"}}"#,
            expect: 422)
        XCTAssertEqual(problemPointers(invalid), ["/schedule/interval"])
        try call("GET", "/v1/recurring-expenses/\(id)/preview?count=0", expect: 422)
        XCTAssertEqual((try call("GET", "/v1/recurring-expenses", expect: 200)["data"] as? [Any])?.count, 1)
    }
}

/// A strict RFC 4180 reader for the export tests: quoted fields, doubled quotes, CRLF record ends.
enum CSVParser {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append(scalars.removeFirst()) } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                guard field.isEmpty else { throw Malformed() }
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" {
                guard scalars.popFirst() == "\n" else { throw Malformed() }
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else if c == "\n" {
                throw Malformed()
            } else {
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted, field.isEmpty, record.isEmpty else { throw Malformed() }
        return records
    }
}
