import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 24, finding 4: tax codes over HTTP — the codes themselves, lines that name one (rate copied, tax to the
/// code's account, also when credited), tax-inclusive prices, and every refusal at its field.
final class TaxCodeAPITests: TenantAPITestCase {

    private func id(_ object: [String: Any]) throws -> String { try XCTUnwrap(object["id"] as? String) }


    /// A liability account "4457 VAT collected" and the code FR-20 (standard, 20 %) that credits it.
    private func collectedAndFR20() throws -> (account: String, code: String) {
        let account = try id(
            try call("POST", "/v1/accounts", #"{"code":"4457","name":"VAT collected","type":"liability"}"#, expect: 201))
        let code = try id(
            try call(
                "POST", "/v1/tax-codes",
                #"{"code":"FR-20","name":"TVA 20 %","rate":"20","category":"standard","payable_account_id":"\#(account)"}"#,
                expect: 201))
        return (account, code)
    }

    private func customer() throws -> String {
        try id(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201))
    }


    func testATaxCodeIsCreatedReadListedChangedAndArchived() throws {
        let exempt = try call(
            "POST", "/v1/tax-codes",
            #"{"code":"EXEMPT","name":"Exonéré","rate":"0","category":"exempt","exemption_reason":"Article 261 CGI"}"#,
            expect: 201)
        XCTAssertEqual(exempt["vat_category_code"] as? String, "E")
        XCTAssertEqual(exempt["payable_account_id"] as? String, try account(role: "tax_payable"))
        XCTAssertEqual(exempt["receivable_account_id"] as? String, exempt["payable_account_id"] as? String)
        XCTAssertEqual(exempt["used"] as? Bool, false)
        let code = try id(exempt)
        XCTAssertEqual(try call("GET", "/v1/tax-codes/\(code)", expect: 200)["exemption_reason"] as? String, "Article 261 CGI")
        let changed = try call("PATCH", "/v1/tax-codes/\(code)", #"{"name":"Exempt","category":"out_of_scope"}"#, expect: 200)
        XCTAssertEqual(changed["category"] as? String, "out_of_scope")
        XCTAssertEqual(changed["vat_category_code"] as? String, "O")
        XCTAssertEqual(try call("POST", "/v1/tax-codes/\(code)/archive", expect: 200)["archived"] as? Bool, true)
        XCTAssertEqual((try call("GET", "/v1/tax-codes", expect: 200)["data"] as? [Any])?.count, 0)
        XCTAssertEqual((try call("GET", "/v1/tax-codes?include_archived=true", expect: 200)["data"] as? [Any])?.count, 1)
    }

    func testBadTaxCodesAreRefusedAtTheirField() throws {
        _ = try collectedAndFR20()
        let cases: [(String, [String])] = [
            (#"{"code":"fr-20","name":"Again","rate":"20","category":"standard"}"#, ["/code"]),
            (#"{"code":"ZERO","name":"Zero","rate":"0","category":"standard"}"#, ["/rate"]),
            (#"{"code":"RC","name":"Autoliquidation","rate":"0","category":"reverse_charge"}"#, ["/exemption_reason"]),
            (#"{"code":"Z","name":"Zero","rate":"5","category":"zero"}"#, ["/rate"]),
            (#"{"code":"A B","name":"Space","rate":"5","category":"reduced"}"#, ["/code"]),
        ]
        for (body, pointers) in cases {
            XCTAssertEqual(problemPointers(try call("POST", "/v1/tax-codes", body, expect: 422)), pointers, body)
        }
        let income = try account(role: "sales_income")
        XCTAssertEqual(
            problemPointers(
                try call(
                    "POST", "/v1/tax-codes",
                    #"{"code":"X","name":"X","rate":"1","category":"reduced","payable_account_id":"\#(income)"}"#, expect: 422)),
            ["/payable_account_id"])
    }

    func testALineWithATaxCodeCopiesItsRateAndCreditsItsAccountAndACreditNoteReversesThere() throws {
        let (collected, code) = try collectedAndFR20()
        let party = try customer()
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-03-02","lines":[{"description":"Licence","quantity":"2","unit_price":"50.00","tax_code_id":"\#(code)"},{"description":"Setup","quantity":"1","unit_price":"40.00","tax_rate":"10"}]}"#,
            expect: 201)
        let lines = try XCTUnwrap(draft["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["tax_rate"] as? String }, ["20", "10"])
        XCTAssertEqual(lines.first?["tax_code_id"] as? String, code)
        let issued = try call("POST", "/v1/invoices/\(try id(draft))/issue", expect: 200)
        XCTAssertEqual(issued["total"] as? String, "164.00")
        let receivable = try account(role: "accounts_receivable"), income = try account(role: "sales_income")
        let payable = try account(role: "tax_payable")
        XCTAssertEqual(
            try entryLines(try XCTUnwrap(issued["issue_entry_id"] as? String)),
            ["\(receivable) Dr 164.00", "\(income) Cr 140.00", "\(collected) Cr 20.00", "\(payable) Cr 4.00"].sorted())
        XCTAssertEqual(try call("GET", "/v1/tax-codes/\(code)", expect: 200)["used"] as? Bool, true)

        let note = try call("POST", "/v1/invoices/\(try id(draft))/credit-notes", #"{"amount":"82.00"}"#, expect: 201)
        XCTAssertEqual(
            try entryLines(try XCTUnwrap(note["entry_id"] as? String)),
            ["\(receivable) Cr 82.00", "\(income) Dr 70.00", "\(collected) Dr 10.00", "\(payable) Dr 2.00"].sorted())
    }

    func testAUsedCodeKeepsItsRateAndCategoryButMayBeRenamed() throws {
        let (_, code) = try collectedAndFR20()
        let party = try customer()
        try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","lines":[{"description":"Licence","quantity":"1","unit_price":"10.00","tax_code_id":"\#(code)"}]}"#,
            expect: 201)
        XCTAssertEqual(
            problemPointers(try call("PATCH", "/v1/tax-codes/\(code)", #"{"rate":"19.6"}"#, expect: 422)), ["/rate"])
        XCTAssertEqual(
            problemPointers(try call("PATCH", "/v1/tax-codes/\(code)", #"{"category":"reduced"}"#, expect: 422)), ["/category"])
        XCTAssertEqual(try call("PATCH", "/v1/tax-codes/\(code)", #"{"name":"TVA normale"}"#, expect: 200)["name"] as? String, "TVA normale")
    }

    func testLinesNamingACodeAndARateOrAMissingOrArchivedCodeAreRefusedAtTheLine() throws {
        let (_, code) = try collectedAndFR20()
        let archived = try id(
            try call(
                "POST", "/v1/tax-codes", #"{"code":"OLD","name":"Old","rate":"19.6","category":"standard"}"#, expect: 201))
        try call("POST", "/v1/tax-codes/\(archived)/archive", expect: 200)
        let party = try customer()
        let refused = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","lines":[{"description":"A","quantity":"1","unit_price":"10.00","tax_code_id":"\#(code)","tax_rate":"20"},{"description":"B","quantity":"1","unit_price":"10.00","tax_code_id":"\#(UUID().uuidString.lowercased())"},{"description":"C","quantity":"1","unit_price":"10.00","tax_code_id":"\#(archived)"}]}"#,
            expect: 422)
        XCTAssertEqual(
            problemPointers(refused), ["/lines/0/tax_code_id", "/lines/1/tax_code_id", "/lines/2/tax_code_id"])
    }

    func testTaxInclusivePricesDeriveTheNetAndTheTotalIsWhatThePricesSay() throws {
        let (collected, code) = try collectedAndFR20()
        let party = try customer()
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-03-02","prices_include_tax":true,"discount":{"kind":"percent","value":"10"},"lines":[{"description":"Licence","quantity":"3","unit_price":"33.33","tax_code_id":"\#(code)"},{"description":"Book","quantity":"1","unit_price":"10.55","tax_rate":"5.5"}]}"#,
            expect: 201)
        // 99.99 + 10.55 = 110.54 with tax; 10 % off = 11.05, split 10.00 / 1.05 (largest remainder) → 89.99 and 9.50;
        // tax = round(89.99 × 20 / 120) = 15.00 and round(9.50 × 5.5 / 105.5) = 0.50; nets 74.99 and 9.00.
        XCTAssertEqual(draft["prices_include_tax"] as? Bool, true)
        XCTAssertEqual(draft["total"] as? String, "99.49")
        let lines = try XCTUnwrap(draft["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["tax"] as? String }, ["15.00", "0.50"])
        XCTAssertEqual(lines.map { $0["net"] as? String }, ["74.99", "9.00"])
        XCTAssertEqual(draft["tax_total"] as? String, "15.50")
        let issued = try call("POST", "/v1/invoices/\(try id(draft))/issue", expect: 200)
        let entry = try entryLines(try XCTUnwrap(issued["issue_entry_id"] as? String))
        XCTAssertTrue(entry.contains("\(collected) Cr 15.00"), "\(entry)")
        XCTAssertTrue(entry.contains("\(try account(role: "accounts_receivable")) Dr 99.49"), "\(entry)")
    }

    // MARK: Sales orders and recurring sales orders (stop 12, issue 24)

    private func item() throws -> String {
        try id(try call("POST", "/v1/items", #"{"code":"LIC","name":"Licence","unit_price":"50.00"}"#, expect: 201))
    }

    func testASalesOrderLineNamesACodeAndItsInvoicePostsTheTaxToTheCodesAccount() throws {
        let (collected, code) = try collectedAndFR20()
        let party = try customer(), item = try item()
        let order = try call(
            "POST", "/v1/sales-orders",
            #"{"party_id":"\#(party)","order_date":"2026-04-01","lines":[{"item_id":"\#(item)","quantity":"2","tax_code_id":"\#(code)"},{"item_id":"\#(item)","tax_rate":"10"}]}"#,
            expect: 201)
        let lines = try XCTUnwrap(order["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["tax_rate"] as? String }, ["20", "10"])
        XCTAssertEqual(lines.map { $0["tax_code_id"] as? String }, [code, nil])
        XCTAssertEqual(try call("GET", "/v1/tax-codes/\(code)", expect: 200)["used"] as? Bool, true)

        let confirmation = try call(
            "POST", "/v1/sales-orders/\(try id(order))/confirm", #"{"date":"2026-04-15"}"#, expect: 200)
        let invoice = try XCTUnwrap(confirmation["invoice"] as? [String: Any])
        XCTAssertEqual(invoice["total"] as? String, "175.00")
        XCTAssertEqual((invoice["lines"] as? [[String: Any]])?.map { $0["tax_code_id"] as? String }, [code, nil])
        XCTAssertEqual(
            try entryLines(try XCTUnwrap(invoice["issue_entry_id"] as? String)),
            [
                "\(try account(role: "accounts_receivable")) Dr 175.00", "\(try account(role: "sales_income")) Cr 150.00",
                "\(collected) Cr 20.00", "\(try account(role: "tax_payable")) Cr 5.00",
            ].sorted())
        let summary = try call("GET", "/v1/reports/tax-summary?from=2026-04-01&to=2026-04-30", expect: 200)
        XCTAssertEqual(
            (summary["data"] as? [[String: Any]])?.map { "\($0["code"] as? String ?? "-") \($0["sales_tax"] as? String ?? "")" },
            ["FR-20 20.00", "- 5.00", "- 25.00"])
    }

    func testOrderLinesNamingACodeAndARateOrAMissingOrArchivedCodeAreRefusedAtTheLine() throws {
        let (_, code) = try collectedAndFR20()
        let archived = try id(
            try call("POST", "/v1/tax-codes", #"{"code":"OLD","name":"Old","rate":"19.6","category":"standard"}"#, expect: 201))
        try call("POST", "/v1/tax-codes/\(archived)/archive", expect: 200)
        let party = try customer(), item = try item()
        let lines =
            #"[{"item_id":"\#(item)","tax_code_id":"\#(code)","tax_rate":"20"},{"item_id":"\#(item)","tax_code_id":"\#(UUID().uuidString.lowercased())"},{"item_id":"\#(item)","tax_code_id":"\#(archived)"}]"#
        for path in ["/v1/sales-orders", "/v1/recurring-sales-orders"] {
            let schedule = path == "/v1/sales-orders" ? "" : #","schedule":{"kind":"monthly","start":"2026-09-01"}"#
            let refused = try call("POST", path, #"{"party_id":"\#(party)","lines":\#(lines)\#(schedule)}"#, expect: 422)
            XCTAssertEqual(
                problemPointers(refused), ["/lines/0/tax_code_id", "/lines/1/tax_code_id", "/lines/2/tax_code_id"], path)
        }
    }

    func testARecurringSalesOrderLineKeepsItsCodeOnEveryPostedInvoice() throws {
        let (collected, code) = try collectedAndFR20()
        let party = try customer(), item = try item()
        let template = try call(
            "POST", "/v1/recurring-sales-orders",
            #"{"party_id":"\#(party)","lines":[{"item_id":"\#(item)","tax_code_id":"\#(code)"}],"schedule":{"kind":"monthly","start":"2026-09-01"}}"#,
            expect: 201)
        XCTAssertEqual((template["lines"] as? [[String: Any]])?.first?["tax_code_id"] as? String, code)
        let preview = try call("GET", "/v1/recurring-sales-orders/\(try id(template))/preview?count=1", expect: 200)
        XCTAssertEqual((preview["data"] as? [[String: Any]])?.first?["tax_total"] as? String, "10.00")
        // Archived since: the EOD keeps billing the template with its code.
        try call("POST", "/v1/tax-codes/\(code)/archive", expect: 200)
        _ = try client.runEOD(asOf: "2026-09-01", headers: auth)
        let invoices = try XCTUnwrap(try call("GET", "/v1/invoices", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(invoices.count, 1)
        let invoice = try call("GET", "/v1/invoices/\(try id(try XCTUnwrap(invoices.first)))", expect: 200)
        XCTAssertEqual((invoice["lines"] as? [[String: Any]])?.first?["tax_code_id"] as? String, code)
        XCTAssertTrue(
            try entryLines(try XCTUnwrap(invoice["issue_entry_id"] as? String)).contains("\(collected) Cr 10.00"))
    }

    // MARK: "By amount" recurring invoices (stop 12, issue 24)

    private func byAmount(_ party: String, _ tax: String) -> String {
        #"{"party_id":"\#(party)","mode":"amount","amount":"100.00","description":"Care",\#(tax)"statement_reference":"Care {RIMonth}","schedule":{"kind":"monthly","start":"2026-09-01"}}"#
    }

    func testAByAmountRecurringInvoiceNamesACodeAndItsInvoicesPostTheTaxThere() throws {
        let (collected, code) = try collectedAndFR20()
        let party = try customer()
        let setup = try call("POST", "/v1/recurring-invoices", byAmount(party, #""tax_code_id":"\#(code)","#), expect: 201)
        XCTAssertEqual(setup["tax_rate"] as? String, "20")
        XCTAssertEqual(setup["tax_code_id"] as? String, code)
        XCTAssertEqual(try call("GET", "/v1/tax-codes/\(code)", expect: 200)["used"] as? Bool, true)
        let preview = try call("GET", "/v1/recurring-invoices/\(try id(setup))/preview?count=1", expect: 200)
        XCTAssertEqual((preview["data"] as? [[String: Any]])?.first?["tax_total"] as? String, "20.00")
        _ = try client.runEOD(asOf: "2026-09-01", headers: auth)
        let invoices = try XCTUnwrap(try call("GET", "/v1/invoices", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(invoices.count, 1)
        let invoice = try call("GET", "/v1/invoices/\(try id(try XCTUnwrap(invoices.first)))", expect: 200)
        XCTAssertEqual((invoice["lines"] as? [[String: Any]])?.first?["tax_code_id"] as? String, code)
        XCTAssertEqual(invoice["total"] as? String, "120.00")
        XCTAssertTrue(
            try entryLines(try XCTUnwrap(invoice["issue_entry_id"] as? String)).contains("\(collected) Cr 20.00"))
        // A PUT that keeps the code (the stored rate is the code's) is accepted.
        let replaced = try call(
            "PUT", "/v1/recurring-invoices/\(try id(setup))", byAmount(party, #""tax_code_id":"\#(code)","#), expect: 200)
        XCTAssertEqual(replaced["tax_code_id"] as? String, code)
    }

    func testAByAmountRecurringInvoiceRefusesACodeWithARateOrAMissingOrArchivedCode() throws {
        let (_, code) = try collectedAndFR20()
        let archived = try id(
            try call("POST", "/v1/tax-codes", #"{"code":"OLD","name":"Old","rate":"19.6","category":"standard"}"#, expect: 201))
        try call("POST", "/v1/tax-codes/\(archived)/archive", expect: 200)
        let party = try customer()
        for tax in [
            #""tax_code_id":"\#(code)","tax_rate":"20","#, #""tax_code_id":"\#(UUID().uuidString.lowercased())","#,
            #""tax_code_id":"\#(archived)","#,
        ] {
            let refused = try call("POST", "/v1/recurring-invoices", byAmount(party, tax), expect: 422)
            XCTAssertEqual(problemPointers(refused), ["/tax_code_id"], tax)
        }
        // A products setup takes codes on its lines, not beside them.
        let item = try item()
        let products = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(party)","mode":"products","lines":[{"item_id":"\#(item)"}],"tax_code_id":"\#(code)","statement_reference":"Care","schedule":{"kind":"monthly","start":"2026-09-01"}}"#,
            expect: 422)
        XCTAssertEqual(problemPointers(products), ["/tax_code_id"])
    }
}
