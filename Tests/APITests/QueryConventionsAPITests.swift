@testable import API
import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 25, last point: the query conventions every operation shares (`QueryConventions`) — an undeclared query
/// parameter is refused naming it, `format` is json or csv, and every list answers CSV from the same page.
final class QueryConventionsAPITests: TenantAPITestCase {

    // MARK: Unknown parameters

    func testAnUndeclaredParameterIsRefusedNamingItOnListsReadsReportsAndWrites() throws {
        let party = try id(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201))
        let unknown = "is not a parameter of this operation", badFormat = "must be json or csv"
        let cases: [(path: String, errors: [String])] = [
            // A list: each unknown name once, in the order sent; the declared ones are not named.
            ("/v1/invoices?status=draft&sort=date&limit=5&sort=amount&as_of=2026-01-31", ["/sort \(unknown)", "/as_of \(unknown)"]),
            // The balances of the ledger took a parameter silently before (issue 25: `?as_of=`).
            ("/v1/ledger/balances?balance_on=2026-01-31", ["/balance_on \(unknown)"]),
            // A read by id, for an existing and a missing id alike (the query is checked before the route runs).
            ("/v1/parties/\(party)?expand=invoices", ["/expand \(unknown)"]),
            ("/v1/parties/\(UUID().uuidString.lowercased())?expand=invoices", ["/expand \(unknown)"]),
            // A report with its own CSV: `period` is no parameter of it, `format` is.
            ("/v1/reports/tax-summary?from=2026-03-01&to=2026-03-31&format=csv&period=month", ["/period \(unknown)"]),
            // A name is a JSON pointer token: `/` and `~` are escaped (RFC 6901).
            ("/v1/parties?a%2Fb~c=1", ["/a~1b~0c \(unknown)"]),
            // With a bad format, both are named.
            ("/v1/parties?format=xlsx&colour=red", ["/colour \(unknown)", "/format \(badFormat)"]),
            ("/v1/reports/tax-summary?from=2026-03-01&to=2026-03-31&format=xml", ["/format \(badFormat)"]),
            ("/v1/expenses?format=pdf", ["/format \(badFormat)"]),
            // `format` is only a parameter where CSV is offered.
            ("/v1/tenant?format=csv", ["/format \(unknown)"]),
        ]
        for (path, errors) in cases {
            let problem = try call("GET", path, expect: 422)
            let named = (problem["errors"] as? [[String: Any]] ?? []).map { "\($0["pointer"] as? String ?? "?") \($0["detail"] as? String ?? "?")" }
            XCTAssertEqual(named, errors, path)
        }
        // A write: refused before the body is read.
        let write = try call("POST", "/v1/parties?dry_run=true", #"{"kind":"customer","name":"Other"}"#, expect: 422)
        XCTAssertEqual(problemPointers(write), ["/dry_run"])
        XCTAssertEqual((try call("GET", "/v1/parties", expect: 200)["data"] as? [Any])?.count, 1, "nothing was created")
        // Operational operations are documented too, so they are held to the same rule.
        XCTAssertEqual(try client.request("GET", "/healthz?probe=1").status, 422)
        XCTAssertEqual(try client.request("GET", "/healthz").status, 200)
        // The declared parameters still work.
        try call("GET", "/v1/invoices?status=draft&limit=5", expect: 200)
        try call("GET", "/v1/parties/\(party)", expect: 200)
    }

    // MARK: CSV on every list

    /// A value for a required query parameter, from its schema (lists may require one, e.g. a report's date).
    private func sample(_ parameter: OpenAPIOperation.Parameter) throws -> String {
        let schema = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(parameter.schema.utf8)) as? [String: Any], parameter.name)
        if let values = schema["enum"] as? [String], let first = values.first { return first }
        switch (schema["type"] as? String, schema["format"] as? String) {
        case (_, "date"?): return parameter.name.contains("from") ? "2026-01-01" : "2026-03-31"
        case (_, "uuid"?) where parameter.name.hasSuffix("_id"):
            // `account_id`: the first of `/v1/accounts`.
            let noun = String(parameter.name.dropLast(3))
            let list = "/v1/" + (noun.hasSuffix("y") ? noun.dropLast() + "ies" : noun + "s")
            let first = (try call("GET", list, expect: 200)["data"] as? [[String: Any]])?.first
            return try XCTUnwrap(first?["id"] as? String, "no \(noun) for required parameter \(parameter.name)")
        case ("integer"?, _): return String(schema["minimum"] as? Int ?? 1)
        case ("boolean"?, _): return "false"
        default:
            XCTFail("no sample value for required parameter \(parameter.name)")
            return ""
        }
    }

    /// The records of a CSV response (header first), checked as a download of UTF-8 CSV.
    private func records(_ response: HTTPTestClient.Response, _ label: String) throws -> [[String]] {
        XCTAssertEqual(response.status, 200, "\(label): \(response.text)")
        XCTAssertEqual(response.headers["content-type"], "text/csv; charset=utf-8", label)
        XCTAssertTrue(response.headers["content-disposition"]?.hasPrefix("attachment; filename=\"") ?? false, label)
        XCTAssertEqual(Array(response.body.prefix(3)), [0xEF, 0xBB, 0xBF], "\(label): UTF-8 byte-order mark")
        return try CSVParser.parse(String(decoding: response.body.dropFirst(3), as: UTF8.self))
    }

    private func id(_ object: [String: Any]) throws -> String { try XCTUnwrap(object["id"] as? String) }

    /// A few of most kinds of records, so that most lists are not empty.
    private func seed() throws -> [String: String] {
        let endpoint = try id(try call(
            "POST", "/v1/webhook-endpoints", #"{"url":"https://hooks.example.com/recur","event_types":["invoice.issued"]}"#,
            expect: 201))
        let party = try id(try call(
            "POST", "/v1/parties", #"{"kind":"customer","name":"=HYPERLINK(\"x\"), Inc.","email":"a@example.com"}"#, expect: 201))
        let vendor = try id(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"Vendor, \"Quoted\""}"#, expect: 201))
        let item = try id(try call("POST", "/v1/items", #"{"code":"LIC","name":"Licence","unit_price":"50.00"}"#, expect: 201))
        let invoice = try id(try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-03-02","lines":[{"description":"Licence, yearly","quantity":"2","unit_price":"50.00"},{"description":"Setup","quantity":"1","unit_price":"10.00"}]}"#,
            expect: 201))
        try call("POST", "/v1/invoices/\(invoice)/issue", expect: 200)
        try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(party)","amount":"20.00","allocations":[{"invoice_id":"\#(invoice)","amount":"20.00"}]}"#, expect: 201)
        try call("POST", "/v1/tasks", #"{"title":"-1 call back","due_date":"2026-06-01"}"#, expect: 201)
        let category = try id(try call("POST", "/v1/expense-categories", #"{"name":"Travel"}"#, expect: 201))
        let monthly = #""schedule":{"kind":"monthly","start":"2026-09-01"}"#
        let templates = [
            ("recurring-invoices", #"{"party_id":"\#(party)","mode":"amount","amount":"10.00","description":"Support","statement_reference":"{RIMonth}",\#(monthly)}"#),
            ("recurring-sales-orders", #"{"party_id":"\#(party)","lines":[{"item_id":"\#(item)"}],\#(monthly)}"#),
            ("recurring-expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"120",\#(monthly)}"#),
            ("recurring-tasks", #"{"title":"Review",\#(monthly)}"#),
        ]
        var ids = ["/v1/webhook-endpoints/:id/deliveries": endpoint]
        let bank = try id(try call("POST", "/v1/bank-accounts", #"{"name":"Main","iban":"DE89370400440532013000"}"#, expect: 201))
        let statement = try client.request(
            "POST", "/v1/bank-accounts/\(bank)/statements", headers: auth.merging(["Content-Type": "application/xml"]) { _, new in new },
            body: Array(BankStatementFiles.multiStatementCAMT().utf8))
        XCTAssertEqual(statement.status, 201, statement.text)
        ids["/v1/bank-accounts/:id/lines"] = bank
        for (path, body) in templates {
            ids["/v1/\(path)/:id/preview"] = try id(try call("POST", "/v1/\(path)", body, expect: 201))
        }
        return ids
    }

    func testEveryListAnswersCSVWithAHeaderAndOneRecordPerJSONElement() throws {
        let ids = try seed()
        let lists = RecurAPI.operations.filter(\.csvFromList)
        XCTAssertGreaterThanOrEqual(lists.count, 20, "every list of the API")
        var nonEmpty = 0
        for operation in lists {
            var path = operation.path
            if path.contains(":") {
                guard let id = ids[operation.path] else {
                    XCTFail("\(operation.path): give this test an id for the list (seed())")
                    continue
                }
                path = path.replacingOccurrences(of: ":id", with: id)
            }
            let required = try operation.parameters.filter { $0.location == .query && $0.required }
                .map { "\($0.name)=\(try sample($0))" }
            let query = required.joined(separator: "&")
            let json = try call("GET", path + (query.isEmpty ? "" : "?" + query), expect: 200)
            let data = try XCTUnwrap(json["data"] as? [Any], operation.path)
            let byQuery = try client.request("GET", path + "?" + (required + ["format=csv"]).joined(separator: "&"), headers: auth)
            let csv = try records(byQuery, operation.path)
            let header = try XCTUnwrap(csv.first, operation.path)
            XCTAssertFalse(header.isEmpty || header.contains(""), "\(operation.path): \(header)")
            XCTAssertEqual(Set(header).count, header.count, "\(operation.path): distinct columns")
            XCTAssertEqual(csv.count - 1, data.count, "\(operation.path): one record per element of data")
            XCTAssertTrue(csv.allSatisfy { $0.count == header.count }, operation.path)
            let byAccept = try client.request(
                "GET", path + (query.isEmpty ? "" : "?" + query), headers: auth.merging(["Accept": "text/csv"]) { $1 })
            XCTAssertEqual(byAccept.body, byQuery.body, "\(operation.path): Accept: text/csv answers the same CSV")
            if !data.isEmpty { nonEmpty += 1 }
        }
        XCTAssertGreaterThanOrEqual(nonEmpty, 8, "the seeded lists are compared with records")
    }

    func testCellsAreTheJSONValuesEscapedFlattenedAndSafeInASpreadsheet() throws {
        _ = try seed()
        let json = try XCTUnwrap(try call("GET", "/v1/parties", expect: 200)["data"] as? [[String: Any]])
        let response = try client.request("GET", "/v1/parties?format=csv", headers: auth)
        XCTAssertEqual(response.headers["content-disposition"], "attachment; filename=\"parties.csv\"")
        let text = String(decoding: response.body.dropFirst(3), as: UTF8.self)
        // Quoted as RFC 4180 wants, the formula defused by a leading quote.
        XCTAssertTrue(text.contains(#","'=HYPERLINK(""x""), Inc.","#), text)
        XCTAssertTrue(text.contains(#","Vendor, ""Quoted""","#), text)
        let csv = try records(response, "parties")
        let header = csv[0]
        // The columns follow the Party schema: its properties in order, billing_address flattened.
        XCTAssertEqual(Array(header.prefix(3)), ["id", "kind", "name"])
        XCTAssertTrue(header.contains("billing_address.city") && !header.contains("billing_address"), "\(header)")
        let rows = csv.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        XCTAssertEqual(rows.map { $0["id"] }, json.map { $0["id"] as? String })
        for (row, object) in zip(rows, json) {
            let name = try XCTUnwrap(object["name"] as? String)
            XCTAssertEqual(row["name"], name.hasPrefix("=") ? "'" + name : name)
            XCTAssertEqual(row["archived"], (object["archived"] as? Bool).map { $0 ? "true" : "false" })
            XCTAssertEqual(row["payment_terms_days"], (object["payment_terms_days"] as? Int).map(String.init))
            XCTAssertEqual(row["email"], object["email"] as? String ?? "", "null is an empty cell")
            // An array is one cell: its JSON text.
            let cc = try XCTUnwrap(row["billing_cc"])
            XCTAssertEqual(
                try JSONSerialization.jsonObject(with: Data(cc.utf8)) as? [String], object["billing_cc"] as? [String])
        }

        // Invoices: the lines are one JSON cell, amounts stay numbers, a leading minus on a number stays.
        let invoices = try XCTUnwrap(try call("GET", "/v1/invoices", expect: 200)["data"] as? [[String: Any]])
        let invoiceCSV = try records(try client.request("GET", "/v1/invoices?format=csv", headers: auth), "invoices")
        let invoiceRows = invoiceCSV.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(invoiceCSV[0], $0)) }
        XCTAssertEqual(invoiceRows.count, 1)
        XCTAssertEqual(invoiceRows.first?["total"], invoices.first?["total"] as? String)
        let lines = try XCTUnwrap(invoiceRows.first?["lines"])
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(lines.utf8)) as? [Any])?.count, 2)
        // A text starting with "-" that is no number is defused too.
        let tasks = try records(try client.request("GET", "/v1/tasks", headers: auth.merging(["Accept": "text/csv"]) { $1 }), "tasks")
        let title = try XCTUnwrap(tasks[0].firstIndex(of: "title"))
        XCTAssertEqual(tasks[1][title], "'-1 call back")
    }

    func testCSVPagesLikeTheJSONWithTheNextPageInALinkHeader() throws {
        for name in ["First", "Second", "Third"] {
            try call("POST", "/v1/parties", #"{"kind":"customer","name":"\#(name)"}"#, expect: 201)
        }
        let all = try XCTUnwrap(try call("GET", "/v1/parties", expect: 200)["data"] as? [[String: Any]]).map { $0["name"] as? String }
        var path: String? = "/v1/parties?limit=2&format=csv"
        var names: [String?] = []
        var pages = 0
        while let next = path, pages < 5 {
            let response = try client.request("GET", next, headers: auth)
            let csv = try records(response, next)
            let name = try XCTUnwrap(csv[0].firstIndex(of: "name"))
            names += csv.dropFirst().map { $0[name] }
            pages += 1
            path = try response.headers["link"].map { link in
                let match = try XCTUnwrap(link.wholeMatch(of: /<([^>]*)>; rel="next"/), link)
                XCTAssertTrue(match.1.hasPrefix("/v1/parties?limit=2&format=csv&cursor="), String(match.1))
                return String(match.1)
            }
        }
        XCTAssertEqual(pages, 2)
        XCTAssertEqual(names, all, "the pages of CSV are the JSON's, in order")
        // `?format=json` wins over the Accept header.
        let json = try client.request("GET", "/v1/parties?format=json", headers: auth.merging(["Accept": "text/csv"]) { $1 })
        XCTAssertEqual(json.headers["content-type"], "application/json")
        XCTAssertNil(json.headers["link"])
    }

    // MARK: The document

    func testTheDocumentOffersCSVAndFormatOnEveryListAndOnlyWhereCSVIs() throws {
        let document = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try client.request("GET", "/openapi.json").body)) as? [String: Any])
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        let schemas = try XCTUnwrap((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        var lists = 0
        for (path, methods) in paths {
            for (method, value) in methods {
                let operation = try XCTUnwrap(value as? [String: Any])
                let content = ((operation["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any]
                let reference = ((content?["application/json"] as? [String: Any])?["schema"] as? [String: Any])?["$ref"] as? String
                let schema = reference.flatMap { schemas[String($0.dropFirst("#/components/schemas/".count))] }
                let data = (schema?["properties"] as? [String: Any])?["data"] as? [String: Any]
                let offersCSV = content?["text/csv; charset=utf-8"] != nil
                let format = (operation["parameters"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "format" }
                if method == "get" && data?["type"] as? String == "array" {
                    lists += 1
                    XCTAssertTrue(offersCSV, "GET \(path) is a list without CSV")
                }
                XCTAssertEqual(format != nil, offersCSV, "\(method) \(path): format exactly where CSV is offered")
                if let format {
                    XCTAssertEqual((format["schema"] as? [String: Any])?["enum"] as? [String], ["json", "csv"], path)
                }
                let errors = operation["responses"] as? [String: Any]
                XCTAssertNotNil(errors?["422"], "\(method) \(path): an unknown parameter answers 422")
            }
        }
        XCTAssertGreaterThanOrEqual(lists, 20)
    }
}
