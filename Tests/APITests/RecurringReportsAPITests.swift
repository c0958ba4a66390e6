import API
import Domain
import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 25's recurring reports over real HTTP: MRR/ARR of recurring invoices and committed spend of recurring
/// expenses with their movement, compared with figures this test computes from the setups it makes; upcoming
/// postings compared with each template's own preview; the CSV; refused queries.
final class RecurringReportsAPITests: XCTestCase, TenantAPICalls {
    private var server: APITestServer!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]
    /// The tenant's today (Europe/Paris), read once.
    private var today: CalendarDate!

    override func setUpWithError() throws {
        server = try APITestServer()
        auth = ["Authorization": "Bearer \(try server.makeTenant("mrr").apiKey.key)"]
        client = try server.client()
        today = CalendarDate.today(in: try XCTUnwrap(TimeZone(identifier: "Europe/Paris")))
    }

    override func tearDown() { server?.stop() }

    private func id(_ object: [String: Any]) throws -> String { try XCTUnwrap(object["id"] as? String) }
    private func amount(_ text: String) -> ExactDecimal { ExactDecimal(text)! }
    /// The first day of the month `offset` months from this one.
    private func month(_ offset: Int) -> CalendarDate { today.firstDayOfMonth.adding(months: offset) }

    private func schedule(_ kind: String, _ start: CalendarDate, _ extra: String = "") -> String {
        #"{"kind":"\#(kind)","start":"\#(start)"\#(extra)}"#
    }

    private func setup(_ party: String, _ amount: String, _ schedule: String, tax: String = "20") throws -> String {
        try id(
            try call(
                "POST", "/v1/recurring-invoices",
                #"{"party_id":"\#(party)","mode":"amount","amount":"\#(amount)","description":"Plan","tax_rate":"\#(tax)","statement_reference":"Plan","schedule":\#(schedule)}"#,
                expect: 201))
    }

    private func expense(_ vendor: String, _ category: String, _ amount: String, _ schedule: String) throws -> String {
        try id(
            try call(
                "POST", "/v1/recurring-expenses",
                #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"\#(amount)","reference":"Rent","schedule":\#(schedule)}"#,
                expect: 201))
    }

    /// The report's rows of one currency as "month_end opening new expansion contraction churn reactivation closing annual".
    private func rows(_ path: String, currency: String) throws -> [String] {
        let report = try call("GET", path, expect: 200)
        return (report["data"] as? [[String: Any]] ?? []).filter { $0["currency"] as? String == currency }.map { row in
            ["month_end", "opening_monthly", "new", "expansion", "contraction", "churn", "reactivation", "closing_monthly", "closing_annual"]
                .map { row[$0] as? String ?? "-" }.joined(separator: " ")
        }
    }

    /// One expected month: the opening, the movements, the closing (= opening + movements, checked here) and ARR.
    private func expected(_ monthEnd: CalendarDate, opening: String, new: String = "0", expansion: String = "0",
                          contraction: String = "0", churn: String = "0", reactivation: String = "0") throws -> (String, String) {
        let movements = [new, expansion, contraction, churn, reactivation].map(amount)
        let closing = try amount(opening).adding(try movements.sum())
        let cells = [amount(opening)] + movements + [closing, try closing.multiplied(by: 12)]
        return (
            "\(monthEnd) " + cells.map { $0.rounded(toPlaces: 2).description }.joined(separator: " "), closing.rounded(toPlaces: 2).description)
    }

    func testRecurringRevenueMovesWithEachSetupsLife() throws {
        let customer = try id(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201))
        let american = try id(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Yankee","currency":"USD"}"#, expect: 201))
        // Per month, net of tax: A 100 monthly; B 300 quarterly = 100; C 52 weekly = 52 × 52 / 12 = 225.33;
        // D 1200 yearly = 100; E 100 monthly for two months; F 10 USD monthly.
        let a = try setup(customer, "100", schedule("monthly", month(-3)))
        let b = try setup(customer, "300", schedule("monthly", month(-2), #","interval":3"#))
        try setup(customer, "52", schedule("weekly", month(-2)), tax: "0")
        let d = try setup(customer, "1200", schedule("yearly", month(-1)))
        try setup(customer, "100", schedule("monthly", month(-3), #","count":2"#))
        try setup(american, "10", schedule("monthly", month(-1)))
        // Today: A grows to 150, B is paused, D ended.
        try call(
            "PUT", "/v1/recurring-invoices/\(a)",
            #"{"party_id":"\#(customer)","mode":"amount","amount":"150","description":"Plan","tax_rate":"20","statement_reference":"Plan","schedule":\#(schedule("monthly", month(-3)))}"#,
            expect: 200)
        try call("POST", "/v1/recurring-invoices/\(b)/pause", expect: 200)
        try call("POST", "/v1/recurring-invoices/\(d)/end", expect: 200)

        let weekly = try XCTUnwrap(BudgetMath.divide(amount("2704"), by: amount("12"), places: 2))  // 52 × 52 / 12
        var months = [(String, String)]()
        months.append(try expected(month(-3).lastDayOfMonth, opening: "0", new: "200"))  // A, E
        months.append(try expected(month(-2).lastDayOfMonth, opening: months[0].1, new: try amount("100").adding(weekly).description))  // B, C
        months.append(try expected(month(-1).lastDayOfMonth, opening: months[1].1, new: "100", churn: "-100"))  // D; E's two months are over
        months.append(try expected(month(0).lastDayOfMonth, opening: months[2].1, expansion: "50", churn: "-200"))  // A; B paused, D ended
        let path = "/v1/reports/recurring-revenue?from=\(month(-3))&to=\(today!)"
        XCTAssertEqual(try rows(path, currency: "EUR"), months.map(\.0))
        XCTAssertEqual(
            try rows(path, currency: "USD"),
            [try expected(month(-3).lastDayOfMonth, opening: "0").0, try expected(month(-2).lastDayOfMonth, opening: "0").0,
             try expected(month(-1).lastDayOfMonth, opening: "0", new: "10").0, try expected(month(0).lastDayOfMonth, opening: "10").0])

        // The CSV: the header and the same cells.
        let csv = try client.request("GET", path + "&format=csv", headers: auth)
        XCTAssertEqual(csv.status, 200)
        XCTAssertEqual(csv.headers["content-type"], "text/csv; charset=utf-8")
        let lines = csv.text.split(separator: "\r\n").map(String.init)
        XCTAssertEqual(
            lines.first,
            "\u{FEFF}currency,month_end,opening_monthly,new,expansion,contraction,churn,reactivation,closing_monthly,closing_annual,contributors")
        XCTAssertEqual(
            lines.dropFirst().filter { $0.hasPrefix("EUR,") }.map { $0.split(separator: ",").dropFirst().dropLast().joined(separator: " ") },
            months.map(\.0))
        let viaAccept = try client.request("GET", path, headers: auth.merging(["Accept": "text/csv"]) { $1 })
        XCTAssertEqual(viaAccept.text, csv.text)
    }

    func testRecurringCommitmentsFollowRecurringExpenses() throws {
        let vendor = try id(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"Landlord"}"#, expect: 201))
        let category = try id(try call("POST", "/v1/expense-categories", #"{"name":"Rent"}"#, expect: 201))
        // X 29 monthly; Y 70 every 7 days = 70 × 365 / 84 per month; X paused today.
        let x = try expense(vendor, category, "29", schedule("monthly", month(-2)))
        try expense(vendor, category, "70", schedule("daily", month(-1), #","interval":7"#))
        try call("POST", "/v1/recurring-expenses/\(x)/pause", expect: 200)
        let y = try XCTUnwrap(BudgetMath.divide(amount("25550"), by: amount("84"), places: 2))
        var months = [(String, String)]()
        months.append(try expected(month(-2).lastDayOfMonth, opening: "0", new: "29"))
        months.append(try expected(month(-1).lastDayOfMonth, opening: months[0].1, new: y.description))
        months.append(try expected(month(0).lastDayOfMonth, opening: months[1].1, churn: "-29"))
        XCTAssertEqual(
            try rows("/v1/reports/recurring-commitments?from=\(month(-2))&to=\(month(0).lastDayOfMonth)", currency: "EUR"),
            months.map(\.0))
        // Resumed today: back within the same month, so the month shows no movement for it.
        try call("POST", "/v1/recurring-expenses/\(x)/resume", expect: 200)
        let march = try rows("/v1/reports/recurring-commitments?from=\(month(0))&to=\(month(0))", currency: "EUR")
        XCTAssertEqual(march, [try expected(month(0).lastDayOfMonth, opening: months[1].1).0])
    }

    func testUpcomingPostingsAreWhatEachTemplatePreviews() throws {
        let customer = try id(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201))
        let vendor = try id(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"CloudCo"}"#, expect: 201))
        let category = try id(try call("POST", "/v1/expense-categories", #"{"name":"Software"}"#, expect: 201))
        let item = try id(try call("POST", "/v1/items", #"{"code":"SUP","name":"Support","unit_price":"50.00"}"#, expect: 201))
        var templates = [(path: String, id: String)]()
        templates.append(("/v1/recurring-invoices", try setup(customer, "100", schedule("monthly", month(-1)))))
        templates.append(("/v1/recurring-invoices", try setup(customer, "52", schedule("weekly", today))))
        // Priced like the first (the report prices setups that preview alike once), on other dates, and one that differs
        // only by its tax.
        templates.append(("/v1/recurring-invoices", try setup(customer, "100", schedule("weekly", today.adding(days: 2)))))
        templates.append(("/v1/recurring-invoices", try setup(customer, "100", schedule("monthly", month(-1)), tax: "5.5")))
        templates.append(("/v1/recurring-expenses", try expense(vendor, category, "29", schedule("monthly", today))))
        let paused = try expense(vendor, category, "30", schedule("daily", today))
        try call("POST", "/v1/recurring-expenses/\(paused)/pause", expect: 200)
        templates.append((
            "/v1/recurring-tasks",
            try id(try call("POST", "/v1/recurring-tasks", #"{"title":"Review","lead_days":3,"schedule":\#(schedule("weekly", today))}"#, expect: 201))))
        templates.append((
            "/v1/recurring-sales-orders",
            try id(
                try call(
                    "POST", "/v1/recurring-sales-orders",
                    #"{"party_id":"\#(customer)","reference":"SO-1","lines":[{"item_id":"\#(item)","quantity":"2"}],"schedule":\#(schedule("monthly", today))}"#,
                    expect: 201))))
        let days = 40
        let through = today.adding(days: days - 1)
        var expected = [String]()
        for (path, template) in templates {
            let previews = try call("GET", "\(path)/\(template)/preview?count=100", expect: 200)["data"] as? [[String: Any]] ?? []
            for preview in previews {
                let createdOn = try XCTUnwrap(CalendarDate(preview["created_on"] as? String ?? ""))
                guard createdOn <= through else { continue }
                expected.append("\(template) \(preview["posting_date"] as? String ?? "") \(preview["total"] as? String ?? "null")")
            }
        }
        let report = try call("GET", "/v1/reports/upcoming-postings?days=\(days)", expect: 200)
        XCTAssertEqual(report["from"] as? String, today.description)
        XCTAssertEqual(report["through"] as? String, through.description)
        XCTAssertEqual(report["truncated"] as? Bool, false)
        let data = report["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(
            data.map { "\($0["template_id"] as? String ?? "") \($0["posting_date"] as? String ?? "") \($0["total"] as? String ?? "null")" }.sorted(),
            expected.sorted())
        XCTAssertFalse(data.contains { $0["template_id"] as? String == paused }, "a paused template posts nothing")
        XCTAssertTrue(data.allSatisfy { (($0["date"] as? String).flatMap(CalendarDate.init) ?? .min) >= today })
        XCTAssertEqual(Set(data.compactMap { $0["source"] as? String }), ["recurring_invoice", "recurring_expense", "recurring_task", "recurring_sales_order"])
        // The totals add up to the postings, per source and currency.
        let totals = report["totals"] as? [[String: Any]] ?? []
        XCTAssertEqual(totals.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }, data.count)
        for source in ["recurring_invoice", "recurring_expense", "recurring_sales_order"] {
            let postings = try data.filter { $0["source"] as? String == source }.map { amount(try XCTUnwrap($0["total"] as? String)) }.sum()
            let summed = try totals.filter { $0["source"] as? String == source }.map { amount(try XCTUnwrap($0["total"] as? String)) }.sum()
            XCTAssertEqual(postings, summed, source)
        }
        // `limit`: the soonest postings of the same list, in the same order, `truncated` when some were left out.
        XCTAssertEqual(report["limit"] as? Int, 5000, "the default")
        XCTAssertGreaterThan(data.count, 3)
        for limit in [1, 3, data.count] {
            let capped = try call("GET", "/v1/reports/upcoming-postings?days=\(days)&limit=\(limit)", expect: 200)
            XCTAssertEqual(capped["limit"] as? Int, limit)
            XCTAssertEqual(capped["truncated"] as? Bool, limit < data.count, "limit \(limit)")
            let rows = capped["data"] as? [[String: Any]] ?? []
            XCTAssertEqual(rows.map { $0 as NSDictionary }, data.prefix(limit).map { $0 as NSDictionary }, "limit \(limit)")
        }
        // The CSV: the header and one line per posting.
        let csv = try client.request("GET", "/v1/reports/upcoming-postings?days=\(days)&format=csv", headers: auth)
        let lines = csv.text.split(separator: "\r\n")
        XCTAssertEqual(
            lines.first.map(String.init),
            "\u{FEFF}date,source,template_id,name,party_id,party_name,occurrence_index,posting_date,document_date,currency,net,tax,total")
        XCTAssertEqual(lines.count, data.count + 1)
    }

    func testBadQueriesAreRefusedAtTheirField() throws {
        let cases: [(String, [String])] = [
            ("recurring-revenue?to=2026-03-31", ["/from"]),
            ("recurring-revenue?from=2026-03-01&to=2026-02-28", ["/to"]),
            ("recurring-revenue?from=2016-03-01&to=2026-03-01", ["/to"]),
            ("recurring-commitments?from=2026-02-30&to=2026-03-01", ["/from"]),
            ("recurring-commitments?from=2026-03-01&to=2026-03-31&format=xml", ["/format"]),
            ("recurring-commitments?from=2026-03-01&to=2026-03-31&as_of=2026-03-01", ["/as_of"]),
            ("upcoming-postings?days=0", ["/days"]),
            ("upcoming-postings?days=93", ["/days"]),
            ("upcoming-postings?days=366", ["/days"]),
            ("upcoming-postings?days=ten", ["/days"]),
            ("upcoming-postings?limit=0", ["/limit"]),
            ("upcoming-postings?limit=5001", ["/limit"]),
            ("upcoming-postings?days=0&limit=x", ["/days", "/limit"]),
            ("upcoming-postings?cursor=5", ["/cursor"]),
        ]
        for (query, pointers) in cases {
            XCTAssertEqual(problemPointers(try call("GET", "/v1/reports/\(query)", expect: 422)), pointers, query)
        }
        try call("GET", "/v1/reports/upcoming-postings?days=92", expect: 200)
        try call("GET", "/v1/reports/recurring-revenue?from=2016-03-01&to=2026-02-28", expect: 200)
    }
}
