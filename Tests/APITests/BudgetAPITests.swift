import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Budgets over real HTTP: planning validation, actuals from expenses and invoices, variance, controls (warn,
/// stop, a concurrent race on a stop limit), threshold notifications, CSV reports.
final class BudgetAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "bud" }



    /// The id of the account with `code`.
    private func account(_ code: String) throws -> String {
        let rows = try XCTUnwrap(try call("GET", "/v1/accounts", expect: 200)["data"] as? [[String: Any]])
        return try XCTUnwrap(rows.first { $0["code"] as? String == code }?["id"] as? String, "account \(code)")
    }

    /// A vendor and a category on a new expense account 6100; returns (vendor, category, account).
    private func masters() throws -> (vendor: String, category: String, account: String) {
        let vendor = try call("POST", "/v1/parties", #"{"kind":"vendor","name":"TravelCo"}"#, expect: 201)
        let account = try call("POST", "/v1/accounts", #"{"code":"6100","name":"Travel","type":"expense"}"#, expect: 201)
        let accountID = try XCTUnwrap(account["id"] as? String)
        let category = try call(
            "POST", "/v1/expense-categories", #"{"name":"Travel","expense_account_id":"\#(accountID)"}"#, expect: 201)
        return (try XCTUnwrap(vendor["id"] as? String), try XCTUnwrap(category["id"] as? String), accountID)
    }

    private func expenseBody(_ m: (vendor: String, category: String, account: String), _ amount: String, date: String = "2026-03-05",
                             department: String? = nil) -> String {
        let dept = department.map { #","department":"\#($0)""# } ?? ""
        return #"{"vendor_id":"\#(m.vendor)","category_id":"\#(m.category)","amount":"\#(amount)","date":"\#(date)"\#(dept)}"#
    }

    private func outboxCount() throws -> Int {
        try server.pool.withConnection {
            try $0.query("SELECT count(*)::int AS n FROM \(schema).notification_outbox WHERE kind = 'budget_threshold'")[0]
                .decode(Int.self, "n")
        }
    }

    func testPlanningValidatesMonthsAndAllocationsAndSplitsEvenly() throws {
        let m = try masters()
        let (income, general) = (try account("4000"), try account("6000"))
        let months = Array(repeating: #""10""#, count: 12).joined(separator: ",")
        let bad = try call("POST", "/v1/budgets", #"""
            {"name":"FY26","fiscal_year":2026,"lines":[
             {"account_id":"\#(income)","amount":"1000.00"},
             {"account_id":"\#(general)","amount":"100","allocations":[{"name":"Ops","amount":"60"},{"name":"HR","amount":"30"}]},
             {"account_id":"\#(m.account)","amount":"121","months":[\#(months)]}]}
            """#, expect: 422)
        XCTAssertEqual(problemPointers(bad), ["/lines/1/allocations", "/lines/2/months"])

        let created = try call("POST", "/v1/budgets", #"""
            {"name":"FY26","fiscal_year":2026,"lines":[
             {"account_id":"\#(income)","amount":"1000.00"},
             {"account_id":"\#(general)","amount":"100","allocations":[{"name":"Ops","amount":"60"},{"name":"HR","amount":"40"}]},
             {"account_id":"\#(m.account)","amount":"120","months":[\#(months)]}]}
            """#, expect: 201)
        XCTAssertEqual(created["period_start"] as? String, "2026-01-01")
        XCTAssertEqual(created["thresholds"] as? [String], ["80.00", "100.00"])
        let lines = try XCTUnwrap(created["lines"] as? [[String: Any]])
        XCTAssertEqual(lines[0]["months"] as? [String], Array(repeating: "83.34", count: 4) + Array(repeating: "83.33", count: 8))
        XCTAssertEqual(lines[0]["account_type"] as? String, "income")
        XCTAssertEqual((lines[1]["allocations"] as? [[String: Any]])?.count, 2)
        let id = try XCTUnwrap(created["id"] as? String)

        let replaced = try call("PUT", "/v1/budgets/\(id)", #"""
            {"name":"FY26 v2","fiscal_year":2026,"scope":"project","scope_value":"Web","annual_action":"stop",
             "thresholds":["50"],"lines":[{"account_id":"\#(m.account)","amount":"12"}]}
            """#, expect: 200)
        XCTAssertEqual((replaced["lines"] as? [Any])?.count, 1)
        XCTAssertEqual(replaced["scope_value"] as? String, "Web")
        XCTAssertEqual(try call("GET", "/v1/budgets/\(id)", expect: 200)["name"] as? String, "FY26 v2")
        XCTAssertEqual((try call("GET", "/v1/budgets", expect: 200)["data"] as? [Any])?.count, 1)
        let scope = try call("POST", "/v1/budgets", #"{"name":"X","fiscal_year":2026,"scope":"department","lines":[{"account_id":"\#(try account("1000"))","amount":"1"}]}"#, expect: 422)
        XCTAssertEqual(problemPointers(scope), ["/lines/0/account_id", "/scope_value"])
        try call("GET", "/v1/budgets/\(UUID())", expect: 404)
    }

    func testActualsVarianceForecastAndCSVReports() throws {
        let m = try masters()
        let income = try account("4000")
        let budget = try call("POST", "/v1/budgets", #"""
            {"name":"Company","fiscal_year":2026,"annual_action":"ignore","lines":[
             {"account_id":"\#(income)","amount":"1200"},{"account_id":"\#(m.account)","amount":"1200"}]}
            """#, expect: 201)
        let id = try XCTUnwrap(budget["id"] as? String)
        try call("POST", "/v1/expenses", expenseBody(m, "150"), expect: 201)
        try call("POST", "/v1/expenses", expenseBody(m, "200", date: "2026-02-10"), expect: 201)
        try call("POST", "/v1/expenses", expenseBody(m, "999", date: "2025-12-31"), expect: 201)  // before the year
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        let invoice = try XCTUnwrap(try call("POST", "/v1/invoices", #"""
            {"party_id":"\#(party)","invoice_date":"2026-03-10","lines":[{"description":"Work","quantity":"1","unit_price":"500","tax_rate":"0"}]}
            """#, expect: 201)["id"] as? String)
        try call("POST", "/v1/invoices/\(invoice)/issue", expect: 200)

        let monitor = try call("GET", "/v1/budgets/\(id)/monitor?as_of=2026-03-31", expect: 200)
        XCTAssertEqual(monitor["elapsed_months"] as? Int, 3)
        let lines = try XCTUnwrap(monitor["lines"] as? [[String: Any]])
        let incomeYTD = try XCTUnwrap(lines[0]["year_to_date"] as? [String: Any])
        XCTAssertEqual(incomeYTD["budget"] as? String, "300.00")
        XCTAssertEqual(incomeYTD["actual"] as? String, "500.00")
        XCTAssertEqual(incomeYTD["variance"] as? String, "200.00")
        XCTAssertEqual(incomeYTD["favourable"] as? Bool, true, "more income is favourable")
        let expenseYTD = try XCTUnwrap(lines[1]["year_to_date"] as? [String: Any])
        XCTAssertEqual(expenseYTD["actual"] as? String, "350.00")
        XCTAssertEqual(expenseYTD["variance"] as? String, "50.00")
        XCTAssertEqual(expenseYTD["variance_percent"] as? String, "16.67")
        XCTAssertEqual(expenseYTD["favourable"] as? Bool, false, "more expense is unfavourable")
        XCTAssertEqual((lines[1]["annual"] as? [String: Any])?["utilisation_percent"] as? String, "29.17")
        XCTAssertEqual((lines[1]["forecast"] as? [String: Any])?["actual"] as? String, "1400.00")
        let months = try XCTUnwrap(lines[1]["months"] as? [[String: Any]])
        XCTAssertEqual(months.map { $0["actual"] as? String }.prefix(4), ["0.00", "200.00", "150.00", "0.00"])
        // As of February only the February expense counts.
        let february = try call("GET", "/v1/budgets/\(id)/monitor?as_of=2026-02-28", expect: 200)
        XCTAssertEqual(((february["lines"] as? [[String: Any]])?[1]["year_to_date"] as? [String: Any])?["actual"] as? String, "200.00")

        // CSV equals JSON, cell for cell.
        for report in ["budget-to-actual", "budget-variance", "budget-trend", "budget-forecast"] {
            let json = try call("GET", "/v1/reports/\(report)?budget_id=\(id)&as_of=2026-03-31", expect: 200)
            XCTAssertEqual(json["report"] as? String, report.replacingOccurrences(of: "-", with: "_"))
            let rows = try XCTUnwrap(json["data"] as? [[String: Any]])
            let csv = try client.request("GET", "/v1/reports/\(report)?budget_id=\(id)&as_of=2026-03-31&format=csv", headers: auth)
            XCTAssertEqual(csv.status, 200)
            XCTAssertEqual(csv.headers["content-type"], "text/csv; charset=utf-8")
            var text = csv.text
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let records = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
            let header = try XCTUnwrap(records.first)
            XCTAssertEqual(records.count - 1, rows.count, report)
            XCTAssertEqual(rows.count, report == "budget-trend" ? 24 : 2, report)
            for (record, row) in zip(records.dropFirst(), rows) {
                for (column, cell) in zip(header, record) {
                    let expected: String
                    switch row[column] {
                    case let text as String: expected = text
                    case let flag as Bool where column == "favourable": expected = flag ? "true" : "false"
                    case let number as Int: expected = String(number)
                    default: expected = ""
                    }
                    XCTAssertEqual(cell, expected, "\(report) \(column)")
                }
            }
        }
        let variance = try call("GET", "/v1/reports/budget-variance?budget_id=\(id)&as_of=2026-03-31", expect: 200)
        XCTAssertEqual((variance["data"] as? [[String: Any]])?.map { $0["favourable"] as? Bool }, [true, false])
        try call("GET", "/v1/reports/budget-forecast", expect: 422)
        try call("GET", "/v1/reports/budget-forecast?budget_id=\(UUID())", expect: 404)
    }

    func testWarnReportsInTheResponseAndThresholdsNotifyOnce() throws {
        let m = try masters()
        try call("POST", "/v1/budgets", #"""
            {"name":"Travel cap","fiscal_year":2026,"annual_action":"warn","lines":[{"account_id":"\#(m.account)","amount":"100"}]}
            """#, expect: 201)
        let first = try call("POST", "/v1/expenses", expenseBody(m, "50"), expect: 201)
        XCTAssertEqual((first["warnings"] as? [Any])?.count, 0)
        XCTAssertEqual(try outboxCount(), 0)
        try call("POST", "/v1/expenses", expenseBody(m, "35"), expect: 201)
        XCTAssertEqual(try outboxCount(), 1, "80% reached")
        let body = try server.pool.withConnection {
            try $0.query("SELECT body FROM \(schema).notification_outbox WHERE kind = 'budget_threshold'")[0].decode(String.self, "body")
        }
        XCTAssertTrue(body.contains("actual 85.00 EUR of 100.00 EUR"), "amounts in minor units: \(body)")
        try call("POST", "/v1/expenses", expenseBody(m, "5"), expect: 201)
        XCTAssertEqual(try outboxCount(), 1, "80% notifies once")
        let over = try call("POST", "/v1/expenses", expenseBody(m, "20"), expect: 201)
        let warnings = try XCTUnwrap(over["warnings"] as? [[String: Any]])
        XCTAssertEqual(warnings.first?["budget_name"] as? String, "Travel cap")
        XCTAssertEqual(warnings.first?["overrun"] as? String, "10.00")
        XCTAssertEqual(try outboxCount(), 2, "100% reached")
        try call("POST", "/v1/expenses", expenseBody(m, "1"), expect: 201)
        XCTAssertEqual(try outboxCount(), 2)
    }

    func testStopRefusesAndConcurrentExpensesNeverExceedTheLimit() throws {
        let m = try masters()
        let budget = try call("POST", "/v1/budgets", #"""
            {"name":"Ops travel","fiscal_year":2026,"scope":"department","scope_value":"Ops","annual_action":"stop",
             "lines":[{"account_id":"\#(m.account)","amount":"100"}]}
            """#, expect: 201)
        let id = try XCTUnwrap(budget["id"] as? String)
        try call("POST", "/v1/expenses", expenseBody(m, "60", department: "Ops"), expect: 201)
        let refused = try call("POST", "/v1/expenses", expenseBody(m, "50", department: "Ops"), expect: 422)
        let detail = ((refused["errors"] as? [[String: Any]])?.first?["detail"] as? String) ?? ""
        XCTAssertTrue(detail.contains("Ops travel") && detail.contains("by 10.00"), detail)
        XCTAssertEqual(problemPointers(refused), ["/amount"])
        try call("POST", "/v1/expenses", expenseBody(m, "50", department: "Sales"), expect: 201)  // out of scope

        // Eight clients race for the remaining 40.00 in steps of 10.00: exactly four get through.
        let port = server.port, headers = auth
        let statuses = SharedList<Int>()
        let bodies = (0..<8).map { _ in expenseBody(m, "10", department: "Ops") }
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                let own = try HTTPTestClient(port: port)
                statuses.append(try own.json("POST", "/v1/expenses", bodies[index], headers: headers).status)
            } catch {
                statuses.append(-1)
            }
        }
        XCTAssertEqual(statuses.all.sorted(), [201, 201, 201, 201, 422, 422, 422, 422])
        let monitor = try call("GET", "/v1/budgets/\(id)/monitor?as_of=2026-12-31", expect: 200)
        let annual = try XCTUnwrap((monitor["lines"] as? [[String: Any]])?.first?["annual"] as? [String: Any])
        XCTAssertEqual(annual["actual"] as? String, "100.00", "never above the stop limit")
    }

    /// The campaign budget `Spring26` of 1200 on sales income (4000) for 2026: its id.
    private func springIncomeBudget() throws -> String {
        let income = try account("4000")
        let budget = try call("POST", "/v1/budgets", #"""
            {"name":"Spring launch","fiscal_year":2026,"scope":"campaign","scope_value":"Spring26","annual_action":"ignore","lines":[
             {"account_id":"\#(income)","amount":"1200"}]}
            """#, expect: 201)
        return try XCTUnwrap(budget["id"] as? String)
    }

    /// The year-to-date actual of the budget's first line on 2026-03-31.
    private func firstLineActual(_ budget: String) throws -> String? {
        let lines = try XCTUnwrap(try call("GET", "/v1/budgets/\(budget)/monitor?as_of=2026-03-31", expect: 200)["lines"] as? [[String: Any]])
        return (lines.first?["year_to_date"] as? [String: Any])?["actual"] as? String
    }

    /// A credit note debits income back with the credited line's campaign, as the issue entry credited it: the
    /// campaign budget's actual drops by the credited net, and to nothing once the campaign line is fully credited.
    func testACreditNoteLowersTheCampaignActualOfTheLineItCredits() throws {
        let id = try springIncomeBudget()
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        let invoice = try XCTUnwrap(try call("POST", "/v1/invoices", #"""
            {"party_id":"\#(party)","invoice_date":"2026-03-10","lines":[
             {"description":"Launch kit","quantity":"2","unit_price":"250","tax_rate":"20","campaign":"Spring26"},
             {"description":"Support","quantity":"1","unit_price":"300","tax_rate":"0"}]}
            """#, expect: 201)["id"] as? String)
        try call("POST", "/v1/invoices/\(invoice)/issue", expect: 200)
        XCTAssertEqual(try firstLineActual(id), "500.00")

        // One of the two kits: 250.00 net (300.00 with tax) of the campaign line.
        try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"lines":[{"line_no":1,"quantity":"1"}],"credit_date":"2026-03-15"}"#, expect: 201)
        XCTAssertEqual(try firstLineActual(id), "250.00")
        // Crediting the line without a campaign leaves the campaign's actual alone.
        try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"lines":[{"line_no":2,"amount":"100.00"}],"credit_date":"2026-03-16"}"#, expect: 201)
        XCTAssertEqual(try firstLineActual(id), "250.00")
        // Everything left: the campaign line is fully credited.
        try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"credit_date":"2026-03-17"}"#, expect: 201)
        XCTAssertEqual(try firstLineActual(id), "0.00")
    }

    /// A recurring invoice line's campaign is kept on the setup (create, PUT, GET) and, as on an invoice made by
    /// hand, the EOD writes it onto the invoice line and its income credit: the campaign budget has the actual.
    func testCampaignOnARecurringInvoiceLineCountsForTheCampaignBudget() throws {
        let id = try springIncomeBudget()
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        let item = try XCTUnwrap(try call("POST", "/v1/items", #"{"code":"KIT","name":"Launch kit","unit_price":"500.00"}"#, expect: 201)["id"] as? String)
        func setup(_ campaign: String) -> String {
            #"""
            {"party_id":"\#(party)","mode":"products","statement_reference":"Launch","lines":[
             {"item_id":"\#(item)","campaign":"\#(campaign)"},{"item_id":"\#(item)","unit_price":"300.00"}],
             "schedule":{"kind":"monthly","start":"2026-03-10","count":1}}
            """#
        }
        XCTAssertEqual(problemPointers(try call("POST", "/v1/recurring-invoices", setup(" "), expect: 422)), ["/lines/0/campaign"])
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/recurring-invoices", setup(String(repeating: "c", count: 101)), expect: 422)),
            ["/lines/0/campaign"])
        let created = try call("POST", "/v1/recurring-invoices", setup("Autumn26"), expect: 201)
        let setupID = try XCTUnwrap(created["id"] as? String)
        XCTAssertEqual((created["lines"] as? [[String: Any]])?.map { $0["campaign"] as? String }, ["Autumn26", nil])
        try call("PUT", "/v1/recurring-invoices/\(setupID)", setup("Spring26"), expect: 200)
        let read = try call("GET", "/v1/recurring-invoices/\(setupID)", expect: 200)
        XCTAssertEqual((read["lines"] as? [[String: Any]])?.map { $0["campaign"] as? String }, ["Spring26", nil])

        let run = try client.runEOD(asOf: "2026-03-10", headers: auth)
        XCTAssertEqual((run["counts"] as? [String: Any])?["invoice_setups"] as? Int, 1, "\(run)")
        let invoice = try XCTUnwrap((try call("GET", "/v1/invoices", expect: 200)["data"] as? [[String: Any]])?.first)
        XCTAssertEqual((invoice["lines"] as? [[String: Any]])?.map { $0["campaign"] as? String }, ["Spring26", nil])
        XCTAssertEqual(try firstLineActual(id), "500.00", "the tagged line only")
    }

    func testCampaignBudgetShowsActualsFromAnExpenseAndAnInvoiceLineTaggedWithTheCampaign() throws {
        let m = try masters()
        let income = try account("4000")
        let budget = try call("POST", "/v1/budgets", #"""
            {"name":"Spring launch","fiscal_year":2026,"scope":"campaign","scope_value":"Spring26","annual_action":"ignore","lines":[
             {"account_id":"\#(income)","amount":"1200"},{"account_id":"\#(m.account)","amount":"600"}]}
            """#, expect: 201)
        let id = try XCTUnwrap(budget["id"] as? String)
        let expense = #"{"vendor_id":"\#(m.vendor)","category_id":"\#(m.category)","amount":"150","date":"2026-03-05","campaign":"Spring26"}"#
        let recorded = try call("POST", "/v1/expenses", expense, expect: 201)
        XCTAssertEqual(recorded["campaign"] as? String, "Spring26")
        try call("POST", "/v1/expenses", expenseBody(m, "70"), expect: 201)  // no campaign: out of scope
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        let invoice = try call("POST", "/v1/invoices", #"""
            {"party_id":"\#(party)","invoice_date":"2026-03-10","lines":[
             {"description":"Launch kit","quantity":"1","unit_price":"500","tax_rate":"0","campaign":"Spring26"},
             {"description":"Support","quantity":"1","unit_price":"300","tax_rate":"0"}]}
            """#, expect: 201)
        let invoiceID = try XCTUnwrap(invoice["id"] as? String)
        XCTAssertEqual((invoice["lines"] as? [[String: Any]])?.map { $0["campaign"] as? String }, ["Spring26", nil])
        try call("POST", "/v1/invoices/\(invoiceID)/issue", expect: 200)

        let lines = try XCTUnwrap(try call("GET", "/v1/budgets/\(id)/monitor?as_of=2026-03-31", expect: 200)["lines"] as? [[String: Any]])
        XCTAssertEqual((lines[0]["year_to_date"] as? [String: Any])?["actual"] as? String, "500.00", "the tagged invoice line only")
        XCTAssertEqual((lines[1]["year_to_date"] as? [String: Any])?["actual"] as? String, "150.00", "the tagged expense only")
        let filtered = try XCTUnwrap(try call("GET", "/v1/expenses?campaign=Spring26", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(filtered.count, 1)

        // Voiding the invoice reverses its campaign line too.
        try call("POST", "/v1/invoices/\(invoiceID)/void", #"{"date":"2026-03-20"}"#, expect: 200)
        let after = try XCTUnwrap(try call("GET", "/v1/budgets/\(id)/monitor?as_of=2026-03-31", expect: 200)["lines"] as? [[String: Any]])
        XCTAssertEqual((after[0]["year_to_date"] as? [String: Any])?["actual"] as? String, "0.00")

        let long = String(repeating: "c", count: 101)
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/expenses", #"{"vendor_id":"\#(m.vendor)","category_id":"\#(m.category)","amount":"1","campaign":"\#(long)"}"#, expect: 422)),
            ["/campaign"])
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/invoices", #"{"party_id":"\#(party)","lines":[{"description":"x","quantity":"1","unit_price":"1","campaign":" "}]}"#, expect: 422)),
            ["/lines/0/campaign"])
    }
}
