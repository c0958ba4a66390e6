import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 25: cashflow, income and expense, AR and AP ageing over HTTP, each compared with figures this test computes
/// on its own — from the raw journal lines (`GET /v1/journal-entries`) and from the invoices, payments, credit notes
/// and expenses it made — in JSON and CSV.
final class CashflowAndAgeingAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "reports" }

    // MARK: The ledger

    /// An invoice as the test knows it: what reduces it (payments, credit notes) and when it was voided.
    private struct KnownInvoice {
        let party: String
        let currency: String
        let total: Decimal
        let date: String
        let due: String
        var reductions: [(date: String, amount: Decimal)] = []
        var voided: String?

        /// What was open at the end of `day` (nil: not issued yet).
        func open(on day: String) -> Decimal? {
            guard date <= day else { return nil }
            if let voided, voided <= day { return 0 }
            return reductions.filter { $0.date <= day }.reduce(total) { $0 - $1.amount }
        }
    }

    private struct KnownExpense {
        let vendor: String
        let amount: Decimal
        let date: String
        var paidOn: String?
    }

    private var invoices: [String: KnownInvoice] = [:]
    private var expenses: [String: KnownExpense] = [:]
    private var names: [String: String] = [:]
    private var category = ""

    private func party(_ kind: String, _ name: String, terms: Int, currency: String = "EUR") throws -> String {
        let id = try XCTUnwrap(
            try call(
                "POST", "/v1/parties",
                #"{"kind":"\#(kind)","name":"\#(name)","payment_terms_days":\#(terms),"currency":"\#(currency)"}"#, expect: 201)["id"]
                as? String)
        names[id] = name
        return id
    }

    @discardableResult
    private func invoice(_ party: String, _ date: String, _ price: String, tax: String? = nil) throws -> String {
        let rate = tax.map { #","tax_rate":"\#($0)""# } ?? ""
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"\#(date)","lines":[{"description":"Work","quantity":"1","unit_price":"\#(price)"\#(rate)}]}"#,
            expect: 201)
        let id = try XCTUnwrap(draft["id"] as? String)
        try remember(try call("POST", "/v1/invoices/\(id)/issue", expect: 200))
        return id
    }

    private func remember(_ issued: [String: Any]) throws {
        let id = try XCTUnwrap(issued["id"] as? String)
        invoices[id] = KnownInvoice(
            party: try XCTUnwrap(issued["party_id"] as? String), currency: try XCTUnwrap(issued["currency"] as? String),
            total: try XCTUnwrap(Decimal(string: try XCTUnwrap(issued["total"] as? String))),
            date: try XCTUnwrap(issued["invoice_date"] as? String), due: try XCTUnwrap(issued["due_date"] as? String))
    }

    private func pay(_ invoice: String, _ amount: String, on date: String) throws {
        let party = try XCTUnwrap(invoices[invoice]?.party)
        try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(party)","date":"\#(date)","amount":"\#(amount)","allocations":[{"invoice_id":"\#(invoice)","amount":"\#(amount)"}]}"#,
            expect: 201)
        invoices[invoice]?.reductions.append((date, try XCTUnwrap(Decimal(string: amount))))
    }

    @discardableResult
    private func expense(_ vendor: String, _ amount: String, on date: String, paid: Bool = false, dimension: String = "")
        throws -> String
    {
        let body = #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"\#(amount)","date":"\#(date)","paid":\#(paid)\#(dimension)}"#
        let id = try XCTUnwrap(try call("POST", "/v1/expenses", body, expect: 201)["id"] as? String)
        expenses[id] = KnownExpense(vendor: vendor, amount: try XCTUnwrap(Decimal(string: amount)), date: date, paidOn: paid ? date : nil)
        return id
    }

    /// January to March 2026, in date order (invoice numbers are chronological): an invoice posted by the EOD,
    /// invoices issued by hand, full and partial payments, a void, a credit note, expenses paid at once, later and
    /// not at all, a tax payment by manual entry, and a customer in USD.
    private func buildLedger() throws -> (a: String, b: String, vendor: String) {
        let a = try party("customer", "Alpha", terms: 30), b = try party("customer", "Beta", terms: 14)
        let usd = try party("customer", "Gamma", terms: 10, currency: "USD")
        let vendor = try party("vendor", "Vendo", terms: 0)
        category = try XCTUnwrap(try call("POST", "/v1/expense-categories", #"{"name":"Software"}"#, expect: 201)["id"] as? String)

        try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(b)","mode":"amount","amount":"100.00","tax_rate":"20","description":"Care","statement_reference":"Care","schedule":{"kind":"monthly","start":"2026-01-01","count":1}}"#,
            expect: 201)
        _ = try client.runEOD(asOf: "2026-01-05", headers: auth)
        let generated = try XCTUnwrap(try call("GET", "/v1/invoices?party_id=\(b)", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(generated.count, 1, "the EOD issued the occurrence")
        try remember(try XCTUnwrap(generated.first))

        try invoice(a, "2026-01-10", "100.00", tax: "20")
        let settled = try invoice(b, "2026-01-15", "300.00")
        let first = try expense(vendor, "60.00", on: "2026-01-20", dimension: #","project":"Web""#)
        try pay(settled, "300.00", on: "2026-02-01")
        let dollars = try invoice(usd, "2026-02-01", "500.00")
        try expense(vendor, "40.00", on: "2026-02-03", paid: true, dimension: #","project":"Web""#)
        let partial = try invoice(a, "2026-02-05", "200.00")
        let voided = try invoice(b, "2026-02-10", "80.00")
        try call("POST", "/v1/invoices/\(voided)/void", #"{"date":"2026-02-12"}"#, expect: 200)
        invoices[voided]?.voided = "2026-02-12"
        try call("POST", "/v1/expenses/\(first)/pay", #"{"paid_on":"2026-02-15"}"#, expect: 200)
        expenses[first]?.paidOn = "2026-02-15"
        try pay(partial, "50.00", on: "2026-02-20")
        try pay(dollars, "100.00", on: "2026-02-25")
        let credited = try invoice(a, "2026-03-01", "150.00")
        try call("POST", "/v1/invoices/\(credited)/credit-notes", #"{"amount":"50.00","credit_date":"2026-03-05"}"#, expect: 201)
        invoices[credited]?.reductions.append(("2026-03-05", 50))
        try expense(vendor, "70.00", on: "2026-03-10", dimension: #","department":"Ops""#)
        let tax = try account(role: "tax_payable"), bank = try account(role: "bank")
        try call(
            "POST", "/v1/journal-entries",
            #"{"date":"2026-03-20","memo":"VAT","lines":[{"account_id":"\#(tax)","debit":"10.00"},{"account_id":"\#(bank)","credit":"10.00"}]}"#,
            expect: 201)
        return (a, b, vendor)
    }

    /// Every journal line with its entry's date, currency and source.
    private struct RawLine {
        let date: String, currency: String, source: String, entry: String
        let account: String, debit: Decimal, credit: Decimal, party: String?
        /// The expense the line is filed under, if any.
        var expense: String? = nil
    }

    private func rawLines() throws -> [RawLine] {
        var lines = [RawLine](), cursor: String?
        repeat {
            let page = try call("GET", "/v1/journal-entries?limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""), expect: 200)
            for entry in page["data"] as? [[String: Any]] ?? [] {
                for line in entry["lines"] as? [[String: Any]] ?? [] {
                    lines.append(
                        RawLine(
                            date: entry["date"] as? String ?? "", currency: entry["currency"] as? String ?? "",
                            source: entry["source_type"] as? String ?? "", entry: entry["id"] as? String ?? "",
                            account: line["account_id"] as? String ?? "",
                            debit: Decimal(string: line["debit"] as? String ?? "") ?? 0,
                            credit: Decimal(string: line["credit"] as? String ?? "") ?? 0, party: line["party_id"] as? String,
                            expense: line["document_type"] as? String == "expense" ? line["document_id"] as? String : nil))
                }
            }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        return lines
    }

    private func decimal(_ value: Any?) -> Decimal { Decimal(string: value as? String ?? "x") ?? .nan }

    private func csv(_ path: String, accept: Bool = false) throws -> [[String]] {
        let response = try client.request(
            "GET", accept ? path : path + "&format=csv", headers: accept ? auth.merging(["Accept": "text/csv"]) { $1 } : auth)
        XCTAssertEqual(response.status, 200, response.text)
        XCTAssertEqual(response.headers["content-type"], "text/csv; charset=utf-8")
        XCTAssertEqual(Array(response.body.prefix(3)), [0xEF, 0xBB, 0xBF])
        return try CSVParser.parse(String(decoding: response.body.dropFirst(3), as: UTF8.self))
    }

    // MARK: Cashflow

    func testCashflowTiesOutToTheBankLinesMonthByMonth() throws {
        _ = try buildLedger()
        let bank = try account(role: "bank"), tax = try account(role: "tax_payable")
        let lines = try rawLines().filter { $0.currency == "EUR" }
        let report = try call("GET", "/v1/reports/cashflow?from=2026-01-01&to=2026-03-31", expect: 200)
        XCTAssertEqual(report["currency"] as? String, "EUR")
        let accounts = try XCTUnwrap(report["accounts"] as? [[String: Any]])
        XCTAssertEqual(accounts.map { $0["id"] as? String }, [bank], "the one bank account used")
        XCTAssertEqual(accounts.first?["code"] as? String, "1000")

        // Independently: the bank lines by month, and each classified by the entry's source.
        let taxEntries = Set(lines.filter { $0.account == tax }.map(\.entry))
        func category(_ line: RawLine) -> String {
            switch line.source {
            case "payment": return "customer_receipts"
            case "expense", "expense_payment": return "expenses"
            default: return taxEntries.contains(line.entry) ? "tax" : "other"
            }
        }
        let months = try XCTUnwrap(report["months"] as? [[String: Any]])
        XCTAssertEqual(months.map { $0["month"] as? String }, ["2026-01", "2026-02", "2026-03"])
        var balance = Decimal(0)
        for month in months {
            let label = try XCTUnwrap(month["month"] as? String)
            let bankLines = lines.filter { $0.account == bank && $0.date.hasPrefix(label) }
            let moneyIn = bankLines.reduce(Decimal(0)) { $0 + $1.debit }, moneyOut = bankLines.reduce(Decimal(0)) { $0 + $1.credit }
            XCTAssertEqual(decimal(month["opening"]), balance, label)
            XCTAssertEqual(decimal(month["money_in"]), moneyIn, label)
            XCTAssertEqual(decimal(month["money_out"]), moneyOut, label)
            balance += moneyIn - moneyOut
            XCTAssertEqual(decimal(month["closing"]), balance, label)
            XCTAssertEqual(decimal(month["opening"]) + decimal(month["money_in"]) - decimal(month["money_out"]), decimal(month["closing"]))
            var expected = [String: (Decimal, Decimal)]()
            for line in bankLines { expected[category(line), default: (0, 0)].0 += line.debit; expected[category(line), default: (0, 0)].1 += line.credit }
            var reported = [String: (Decimal, Decimal)]()
            for line in month["lines"] as? [[String: Any]] ?? [] {
                let name = line["category"] as? String ?? ""
                reported[name, default: (0, 0)].0 += decimal(line["money_in"])
                reported[name, default: (0, 0)].1 += decimal(line["money_out"])
                if name == "expenses" { XCTAssertEqual(line["expense_category_id"] as? String, self.category) }
            }
            XCTAssertEqual(reported.mapValues { "\($0.0)/\($0.1)" }, expected.mapValues { "\($0.0)/\($0.1)" }, label)
        }
        // The figures this scenario makes: receipts 300 + 50 in February, expenses 40 + 60, tax 10 in March.
        XCTAssertEqual(balance, 300 + 50 - 40 - 60 - 10)
        let total = try XCTUnwrap(report["total"] as? [String: Any])
        XCTAssertEqual(decimal(total["closing"]), balance)
        XCTAssertEqual(decimal(accounts.first?["closing"]), balance)
        XCTAssertEqual(decimal(total["money_in"]), 350)

        // A later period opens with what the earlier one closed; USD has its own bank movements.
        let april = try call("GET", "/v1/reports/cashflow?from=2026-03-15&to=2026-04-10", expect: 200)
        let aprilMonths = try XCTUnwrap(april["months"] as? [[String: Any]])
        XCTAssertEqual(aprilMonths.map { $0["from"] as? String }, ["2026-03-15", "2026-04-01"])
        XCTAssertEqual(decimal(aprilMonths.first?["opening"]), balance + 10)
        XCTAssertEqual(decimal(aprilMonths.last?["closing"]), balance)
        let dollars = try call("GET", "/v1/reports/cashflow?from=2026-01-01&to=2026-03-31&currency=USD", expect: 200)
        XCTAssertEqual(decimal((dollars["total"] as? [String: Any])?["money_in"]), 100)

        // The CSV: the header, then per month opening, categories, closing — the same figures.
        let records = try csv("/v1/reports/cashflow?from=2026-01-01&to=2026-03-31")
        XCTAssertEqual(
            records.first,
            ["month", "from", "to", "line", "expense_category_id", "expense_category_name", "money_in", "money_out", "balance"])
        let closings = records.filter { $0[3] == "closing" }
        XCTAssertEqual(closings.map { $0[0] }, ["2026-01", "2026-02", "2026-03", "total"])
        XCTAssertEqual(
            closings.map { Decimal(string: $0[8]) }, (months + [total]).map { Decimal(string: $0["closing"] as? String ?? "") })
        XCTAssertEqual(try csv("/v1/reports/cashflow?from=2026-01-01&to=2026-03-31", accept: true), records)
    }

    // MARK: Income and expense

    func testIncomeAndExpenseByAccountPartyCategoryAndProjectMatchTheLedger() throws {
        let (a, _, _) = try buildLedger()
        let chart = try XCTUnwrap(try call("GET", "/v1/accounts", expect: 200)["data"] as? [[String: Any]])
        let types = Dictionary(uniqueKeysWithValues: chart.map { ($0["id"] as? String ?? "", $0["type"] as? String ?? "") })
        let lines = try rawLines().filter { $0.currency == "EUR" && ["income", "expense"].contains(types[$0.account]) }
        func signed(_ line: RawLine) -> Decimal { types[line.account] == "income" ? line.credit - line.debit : line.debit - line.credit }
        let labels = ["2026-01", "2026-02", "2026-03"]

        func check(_ by: String, key: (RawLine) -> String?) throws {
            let report = try call("GET", "/v1/reports/income-expense?from=2026-01-01&to=2026-03-31&by=\(by)", expect: 200)
            XCTAssertEqual(report["months"] as? [String], labels)
            var expected = [String: [Decimal]]()
            for line in lines {
                let name = "\(types[line.account] ?? "")|\(key(line) ?? "-")"
                var amounts = expected[name] ?? [0, 0, 0]
                amounts[labels.firstIndex { line.date.hasPrefix($0) } ?? 0] += signed(line)
                expected[name] = amounts
            }
            var reported = [String: [Decimal]]()
            for group in report["groups"] as? [[String: Any]] ?? [] {
                let amounts = (group["amounts"] as? [String] ?? []).map { Decimal(string: $0) ?? .nan }
                reported["\(group["section"] as? String ?? "")|\(group["key"] as? String ?? "-")"] = amounts
                XCTAssertEqual(amounts.reduce(0, +), decimal(group["total"]))
            }
            XCTAssertEqual(reported, expected, by)
            let income = lines.filter { types[$0.account] == "income" }.reduce(Decimal(0)) { $0 + signed($1) }
            let expense = lines.filter { types[$0.account] == "expense" }.reduce(Decimal(0)) { $0 + signed($1) }
            XCTAssertEqual(decimal((report["income"] as? [String: Any])?["total"]), income, by)
            XCTAssertEqual(decimal((report["expense"] as? [String: Any])?["total"]), expense, by)
            XCTAssertEqual(decimal((report["net"] as? [String: Any])?["total"]), income - expense, by)
        }
        try check("account", key: { line -> String? in line.account })
        try check("party", key: { line -> String? in line.party })
        // By category (0048's summary): an expense account's line filed under one of the test's expenses (all in the
        // category `Software`) by that category, every other line by its account.
        XCTAssertTrue(lines.contains { $0.expense != nil }, "some lines are filed under an expense")
        try check("category", key: { line -> String? in
            types[line.account] == "expense" && line.expense.map { self.expenses[$0] != nil } == true ? self.category : line.account
        })

        // A period cut mid-month (by account it reads the summaries: whole months less the days outside the period).
        let cut = try call("GET", "/v1/reports/income-expense?from=2026-01-15&to=2026-03-10&by=account", expect: 200)
        var cutExpected = [String: Decimal]()
        for line in lines where line.date >= "2026-01-15" && line.date <= "2026-03-10" {
            cutExpected["\(types[line.account] ?? "")|\(line.account)", default: 0] += signed(line)
        }
        XCTAssertFalse(cutExpected.isEmpty)
        XCTAssertTrue(lines.contains { $0.date < "2026-01-15" || $0.date > "2026-03-10" }, "some lines fall outside the period")
        var cutReported = [String: Decimal]()
        for group in cut["groups"] as? [[String: Any]] ?? [] {
            cutReported["\(group["section"] as? String ?? "")|\(group["key"] as? String ?? "-")"] = decimal(group["total"])
        }
        XCTAssertEqual(cutReported, cutExpected)
        // The same cut by category: the category summary is per day, so the cut days move with their lines.
        let cutCategory = try call("GET", "/v1/reports/income-expense?from=2026-01-15&to=2026-03-10&by=category", expect: 200)
        var cutCategoryExpected = [String: Decimal]()
        for line in lines where line.date >= "2026-01-15" && line.date <= "2026-03-10" {
            let key = types[line.account] == "expense" && line.expense.map { expenses[$0] != nil } == true ? category : line.account
            cutCategoryExpected["\(types[line.account] ?? "")|\(key)", default: 0] += signed(line)
        }
        var cutCategoryReported = [String: Decimal]()
        for group in cutCategory["groups"] as? [[String: Any]] ?? [] {
            cutCategoryReported["\(group["section"] as? String ?? "")|\(group["key"] as? String ?? "-")"] = decimal(group["total"])
        }
        XCTAssertEqual(cutCategoryReported, cutCategoryExpected)

        // By project and category: the expenses this test recorded (the lines carry no project in the journal API).
        let byProject = try call("GET", "/v1/reports/income-expense?from=2026-01-01&to=2026-03-31&by=project", expect: 200)
        let web = (byProject["groups"] as? [[String: Any]] ?? []).first { $0["key"] as? String == "Web" }
        XCTAssertEqual(web?["section"] as? String, "expense")
        XCTAssertEqual(web?["amounts"] as? [String], ["60.00", "40.00", "0.00"])
        let byCategory = try call("GET", "/v1/reports/income-expense?from=2026-01-01&to=2026-03-31&by=category", expect: 200)
        let software = (byCategory["groups"] as? [[String: Any]] ?? []).first { $0["key"] as? String == category }
        XCTAssertEqual(software?["group_kind"] as? String, "category")
        XCTAssertEqual(software?["name"] as? String, "Software")
        XCTAssertEqual(decimal(software?["total"]), expenses.values.reduce(0) { $0 + $1.amount })
        let alpha = (try call("GET", "/v1/reports/income-expense?from=2026-01-01&to=2026-03-31&by=party", expect: 200)["groups"]
            as? [[String: Any]] ?? []).first { $0["key"] as? String == a }
        XCTAssertEqual(alpha?["name"] as? String, "Alpha")
        // Alpha: 100 net in January, 200 in February, 150 less the 50 credited in March.
        XCTAssertEqual(alpha?["amounts"] as? [String], ["100.00", "200.00", "100.00"])

        // The CSV: one column per month, the same groups, then the three totals rows.
        let records = try csv("/v1/reports/income-expense?from=2026-01-01&to=2026-03-31&by=account")
        XCTAssertEqual(records.first, ["section", "group_kind", "key", "code", "name", "2026-01", "2026-02", "2026-03", "total"])
        let report = try call("GET", "/v1/reports/income-expense?from=2026-01-01&to=2026-03-31", expect: 200)
        let groups = report["groups"] as? [[String: Any]] ?? []
        XCTAssertEqual(records.count, 1 + groups.count + 3)
        for (record, group) in zip(records.dropFirst(), groups) {
            XCTAssertEqual(record[2], group["key"] as? String)
            XCTAssertEqual(record[3], group["code"] as? String)
            XCTAssertEqual(Array(record[5...]), (group["amounts"] as? [String] ?? []) + [group["total"] as? String ?? ""])
        }
        XCTAssertEqual(records.last?[0], "net")
        XCTAssertEqual(records.last?.last, (report["net"] as? [String: Any])?["total"] as? String)
    }

    // MARK: Ageing

    /// The buckets the test expects for `party`'s invoices open at the end of `day`.
    private func expectedBuckets(_ open: [(due: String, amount: Decimal)], on day: String) -> [String: Decimal] {
        var buckets = ["current": Decimal(0), "days_1_30": 0, "days_31_60": 0, "days_61_90": 0, "days_over_90": 0]
        for item in open where item.amount != 0 {
            let overdue = days(from: item.due, to: day)
            let bucket = overdue <= 0 ? "current" : overdue <= 30 ? "days_1_30" : overdue <= 60 ? "days_31_60"
                : overdue <= 90 ? "days_61_90" : "days_over_90"
            buckets[bucket, default: 0] += item.amount
        }
        return buckets
    }

    private func days(from: String, to: String) -> Int {
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd"
        format.timeZone = TimeZone(identifier: "UTC")
        guard let start = format.date(from: from), let end = format.date(from: to) else { return .min }
        return Int((end.timeIntervalSince(start) / 86_400).rounded())
    }

    private func balance(_ lines: [RawLine], account: String, on day: String, credit: Bool = false) -> Decimal {
        lines.filter { $0.account == account && $0.date <= day && $0.currency == "EUR" }
            .reduce(Decimal(0)) { $0 + (credit ? $1.credit - $1.debit : $1.debit - $1.credit) }
    }

    func testARAgeingShowsWhatWasOpenOnTheDateAndTiesToTheReceivableAccount() throws {
        let (a, b, _) = try buildLedger()
        let lines = try rawLines()
        let receivable = try account(role: "accounts_receivable")
        for day in ["2026-01-31", "2026-02-11", "2026-02-12", "2026-03-04", "2026-03-31", "2026-07-15"] {
            let report = try call("GET", "/v1/reports/ar-ageing?as_of=\(day)", expect: 200)
            XCTAssertEqual(report["report"] as? String, "ar_ageing")
            let total = try XCTUnwrap(report["total"] as? [String: Any])
            XCTAssertEqual(decimal(total["total"]), balance(lines, account: receivable, on: day), "tied to the receivable account on \(day)")
            let accounts = try XCTUnwrap(report["accounts"] as? [[String: Any]])
            XCTAssertEqual(decimal(accounts.first { $0["id"] as? String == receivable }?["balance"]), decimal(total["total"]))
            let rows = Dictionary(
                uniqueKeysWithValues: (report["data"] as? [[String: Any]] ?? []).map { ($0["party_id"] as? String ?? "-", $0) })
            for party in [a, b] {
                let open = invoices.values.filter { $0.party == party && $0.currency == "EUR" }
                    .compactMap { invoice in invoice.open(on: day).map { (invoice.due, $0) } }
                let expected = expectedBuckets(open, on: day)
                let row = rows[party]
                if expected.values.contains(where: { $0 != 0 }) { XCTAssertEqual(row?["party_name"] as? String, names[party], day) }
                for (bucket, amount) in expected {
                    XCTAssertEqual(row.map { decimal($0[bucket]) } ?? 0, amount, "\(names[party] ?? "") \(bucket) on \(day)")
                }
                XCTAssertEqual(row.map { decimal($0["unallocated"]) } ?? 0, 0)
            }
        }
        // The void is dated 12 February: open on the 11th, gone on the 12th.
        let beta = { (day: String) in
            try self.call("GET", "/v1/reports/ar-ageing?as_of=\(day)", expect: 200)["data"] as? [[String: Any]] ?? []
        }
        XCTAssertEqual(decimal(try beta("2026-02-11").first { $0["party_id"] as? String == b }?["total"]), 120 + 80)
        XCTAssertEqual(decimal(try beta("2026-02-12").first { $0["party_id"] as? String == b }?["total"]), 120)

        // USD apart: 500 invoiced, 100 paid.
        let dollars = try call("GET", "/v1/reports/ar-ageing?as_of=2026-03-31&currency=USD", expect: 200)
        XCTAssertEqual(decimal((dollars["total"] as? [String: Any])?["total"]), 400)

        // The CSV: the accounts, the parties and the total, the same figures.
        let records = try csv("/v1/reports/ar-ageing?as_of=2026-03-31")
        XCTAssertEqual(
            records.first,
            ["kind", "id", "code", "name", "open_items", "current", "days_1_30", "days_31_60", "days_61_90", "days_over_90",
             "unallocated", "total"])
        let json = try call("GET", "/v1/reports/ar-ageing?as_of=2026-03-31", expect: 200)
        let totalRow = try XCTUnwrap(records.last)
        XCTAssertEqual(totalRow[0], "total")
        let total = try XCTUnwrap(json["total"] as? [String: Any])
        XCTAssertEqual(
            Array(totalRow[5...]),
            ["current", "days_1_30", "days_31_60", "days_61_90", "days_over_90", "unallocated", "total"].map { total[$0] as? String ?? "" })
        XCTAssertEqual(records.filter { $0[0] == "party" }.map { $0[3] }, ["Alpha", "Beta"])
    }

    /// `?detail=totals` (the dashboard's chart; read from `ledger_due_balances`, 0048, when nothing is dated after
    /// `as_of`): the same `total` and `accounts` as the full report, tied to the control accounts' raw lines, and no
    /// party rows — as of dates with lines after them (the full statement) and after the last posting, both sides,
    /// both currencies.
    func testAgeingTotalsAreTheFullReportsTotals() throws {
        _ = try buildLedger()
        let lines = try rawLines()
        let receivable = try account(role: "accounts_receivable"), payable = try account(role: "accounts_payable")
        for (report, control, credit) in [("ar-ageing", receivable, false), ("ap-ageing", payable, true)] {
            for day in ["2026-01-20", "2026-02-12", "2026-03-04", "2026-03-31", "2026-07-15"] {
                for currency in ["EUR", "USD"] {
                    let query = "/v1/reports/\(report)?as_of=\(day)&currency=\(currency)"
                    let full = try call("GET", query, expect: 200)
                    let totals = try call("GET", query + "&detail=totals", expect: 200)
                    XCTAssertEqual(full["detail"] as? String, "parties")
                    XCTAssertEqual(totals["detail"] as? String, "totals")
                    XCTAssertEqual((totals["data"] as? [Any])?.count, 0, "no party rows")
                    let fullTotal = try XCTUnwrap(full["total"] as? [String: Any])
                    let total = try XCTUnwrap(totals["total"] as? [String: Any])
                    XCTAssertEqual(total as NSDictionary, fullTotal as NSDictionary, "\(query): the same buckets")
                    XCTAssertEqual(
                        (totals["accounts"] as? [[String: Any]])?.map { $0 as NSDictionary },
                        (full["accounts"] as? [[String: Any]])?.map { $0 as NSDictionary }, query)
                    if currency == "EUR" {
                        XCTAssertEqual(decimal(total["total"]), balance(lines, account: control, on: day, credit: credit), query)
                    }
                }
            }
        }
        // The test's ledger has something in more than one bucket and open items on the last day.
        let now = try XCTUnwrap(try call("GET", "/v1/reports/ar-ageing?as_of=2026-07-15&detail=totals", expect: 200)["total"] as? [String: Any])
        XCTAssertGreaterThan(now["open_items"] as? Int ?? 0, 0)
        XCTAssertNotEqual(decimal(now["days_over_90"]), 0)
        let csv = try csv("/v1/reports/ar-ageing?as_of=2026-07-15&detail=totals")
        XCTAssertEqual(csv.filter { $0[0] == "party" }.count, 0)
        XCTAssertEqual(csv.last?[0], "total")
    }

    func testAPAgeingShowsUnpaidExpensesAndTiesToThePayableAccount() throws {
        let (_, _, vendor) = try buildLedger()
        let lines = try rawLines()
        let payable = try account(role: "accounts_payable")
        for day in ["2026-01-19", "2026-01-20", "2026-02-14", "2026-02-15", "2026-03-31"] {
            let report = try call("GET", "/v1/reports/ap-ageing?as_of=\(day)", expect: 200)
            let total = try XCTUnwrap(report["total"] as? [String: Any])
            XCTAssertEqual(decimal(total["total"]), balance(lines, account: payable, on: day, credit: true), day)
            let open = expenses.values.filter { $0.vendor == vendor && $0.date <= day && ($0.paidOn.map { $0 > day } ?? true) }
                .map { (due: $0.date, amount: $0.amount) }
            let expected = expectedBuckets(open, on: day)
            let row = (report["data"] as? [[String: Any]] ?? []).first { $0["party_id"] as? String == vendor }
            for (bucket, amount) in expected {
                XCTAssertEqual(row.map { decimal($0[bucket]) } ?? 0, amount, "\(bucket) on \(day)")
            }
            XCTAssertEqual(row.map { $0["open_items"] as? Int ?? -1 } ?? 0, open.count, day)
        }
    }

    // MARK: Problems

    func testBadParametersAreRefusedNamingTheField() throws {
        let cases: [(String, [String])] = [
            ("/v1/reports/cashflow", ["/from", "/to"]),
            ("/v1/reports/cashflow?from=2026-03-01&to=2026-02-28", ["/to"]),
            ("/v1/reports/cashflow?from=2016-01-01&to=2026-01-01", ["/to"]),
            ("/v1/reports/cashflow?from=2026-01-01&to=2026-01-31&as_of=2026-01-01", ["/as_of"]),
            ("/v1/reports/cashflow?from=2026-01-01&to=2026-01-31&currency=ZZZ&format=xml", ["/currency", "/format"]),
            ("/v1/reports/income-expense?from=2026-01-01&to=2026-01-31&by=colour", ["/by"]),
            ("/v1/reports/income-expense?from=2026-01-01&to=2036-01-01", ["/to"]),
            ("/v1/reports/ar-ageing?as_of=2026-02-30", ["/as_of"]),
            ("/v1/reports/ar-ageing?detail=all", ["/detail"]),
            ("/v1/reports/ap-ageing?as_of=2026-02-01&from=2026-01-01", ["/from"]),
        ]
        for (path, pointers) in cases {
            XCTAssertEqual(problemPointers(try call("GET", path, expect: 422)), pointers, path)
        }
        let tenYears = try call("GET", "/v1/reports/income-expense?from=2016-01-01&to=2025-12-31", expect: 200)
        XCTAssertEqual((tenYears["months"] as? [Any])?.count, 120, "ten years less a day: 120 months")
        let document = try XCTUnwrap(try client.request("GET", "/openapi.json").json?["paths"] as? [String: Any])
        for path in ["/v1/reports/cashflow", "/v1/reports/income-expense", "/v1/reports/ar-ageing", "/v1/reports/ap-ageing"] {
            XCTAssertNotNil(document[path], path)
        }
    }
}
