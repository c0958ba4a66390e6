import Foundation
import HTTPServer
import Postgres
import TestSupport
import XCTest

/// Issue 25: the ledger reports (trial balance, general ledger, profit and loss, balance sheet, balances as of a
/// date) tie out to the journal. The test posts a known ledger through the API — manual entries, EOD-issued
/// invoices, a payment, a void, a credit note, a second currency — then recomputes every figure from the raw lines
/// of `GET /v1/journal-entries` and compares.
final class LedgerReportsAPITests: TenantAPITestCase {

    // MARK: - The ledger

    private struct Accounts {
        var bank = "", receivable = "", income = "", tax = "", capital = "", rent = ""
    }

    /// Posts the ledger; returns the accounts it uses.
    private func postLedger() throws -> Accounts {
        var a = Accounts()
        a.bank = try account(role: "bank")
        a.receivable = try account(role: "accounts_receivable")
        a.income = try account(role: "sales_income")
        a.tax = try account(role: "tax_payable")
        a.capital = try XCTUnwrap(
            try call("POST", "/v1/accounts", #"{"code":"3000","name":"Share capital","type":"equity"}"#, expect: 201)["id"] as? String)
        a.rent = try XCTUnwrap(
            try call("POST", "/v1/accounts", #"{"code":"6100","name":"Rent","type":"expense"}"#, expect: 201)["id"] as? String)
        func entry(_ date: String, _ currency: String, debit: String, credit: String, _ amount: String) throws {
            try call(
                "POST", "/v1/journal-entries",
                #"{"date":"\#(date)","currency":"\#(currency)","memo":"Manual","lines":[{"account_id":"\#(debit)","debit":"\#(amount)"},{"account_id":"\#(credit)","credit":"\#(amount)"}]}"#,
                expect: 201)
        }
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        func invoice(_ date: String, _ lines: String) throws -> String {
            let id = try XCTUnwrap(
                try call("POST", "/v1/invoices", #"{"party_id":"\#(party)","invoice_date":"\#(date)","lines":[\#(lines)]}"#, expect: 201)["id"]
                    as? String)
            try call("POST", "/v1/invoices/\(id)/issue", expect: 200)
            return id
        }
        // Prior fiscal year: capital paid in, an invoice, rent.
        try entry("2025-06-15", "EUR", debit: a.bank, credit: a.capital, "10000.00")
        let december = try invoice("2025-12-10", #"{"description":"Project","quantity":"1","unit_price":"1000.00","tax_rate":"20"}"#)
        try entry("2025-11-20", "EUR", debit: a.rent, credit: a.bank, "500.00")
        // This year: the December invoice paid, rent, a second currency.
        try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(party)","date":"2026-01-15","amount":"1200.00","allocations":[{"invoice_id":"\#(december)","amount":"1200.00"}]}"#,
            expect: 201)
        try entry("2026-02-28", "EUR", debit: a.rent, credit: a.bank, "250.00")
        try entry("2026-01-20", "USD", debit: a.bank, credit: a.income, "300.00")
        // Three monthly invoices (the 5th) issued by the EOD, between invoices made by hand: invoices are numbered in
        // date order, so each is issued in turn. One has a campaign line and is voided the next month; one is
        // credited in part.
        try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(party)","mode":"amount","amount":"100.00","tax_rate":"20","description":"Care","statement_reference":"Care {RIMonth}","schedule":{"kind":"monthly","start":"2026-01-05","count":3}}"#,
            expect: 201)
        _ = try client.runEOD(asOf: "2026-02-09", headers: auth)
        let campaign = try invoice(
            "2026-02-10",
            #"{"description":"Launch kit","quantity":"1","unit_price":"500.00","tax_rate":"0","campaign":"Spring26"},{"description":"Support","quantity":"1","unit_price":"300.00","tax_rate":"0"}"#)
        let credited = try invoice("2026-03-02", #"{"description":"Training","quantity":"1","unit_price":"400.00","tax_rate":"0"}"#)
        _ = try client.runEOD(asOf: "2026-03-31", headers: auth)
        try call("POST", "/v1/invoices/\(campaign)/void", #"{"date":"2026-03-05"}"#, expect: 200)
        try call("POST", "/v1/invoices/\(credited)/credit-notes", #"{"amount":"100.00","credit_date":"2026-03-15"}"#, expect: 201)
        // An unpaid expense on the rent account, tagged with a department and a project.
        let vendor = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"Landlord"}"#, expect: 201)["id"] as? String)
        let category = try XCTUnwrap(
            try call("POST", "/v1/expense-categories", #"{"name":"Rent","expense_account_id":"\#(a.rent)"}"#, expect: 201)["id"] as? String)
        try call(
            "POST", "/v1/expenses",
            #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"70.00","date":"2026-02-12","department":"Ops","project":"Alpha"}"#,
            expect: 201)
        let invoices = try XCTUnwrap(try call("GET", "/v1/invoices?party_id=\(party)", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(invoices.compactMap { $0["invoice_date"] as? String }.sorted(), [
            "2025-12-10", "2026-01-05", "2026-02-05", "2026-02-10", "2026-03-02", "2026-03-05",
        ])
        return a
    }

    // MARK: - The raw journal, independently

    private struct Line {
        let date: String, currency: String, entryNumber: Int, lineNo: Int, account: String, debit: Decimal, credit: Decimal
    }

    /// Every journal line, from `GET /v1/journal-entries`, page by page.
    private func journal() throws -> [Line] {
        var lines = [Line](), cursor: String?
        repeat {
            let page = try call("GET", "/v1/journal-entries?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), expect: 200)
            for entry in page["data"] as? [[String: Any]] ?? [] {
                for line in entry["lines"] as? [[String: Any]] ?? [] {
                    lines.append(
                        Line(
                            date: entry["date"] as? String ?? "", currency: entry["currency"] as? String ?? "",
                            entryNumber: entry["entry_number"] as? Int ?? 0, lineNo: line["line_no"] as? Int ?? 0,
                            account: line["account_id"] as? String ?? "", debit: dec(line["debit"]), credit: dec(line["credit"])))
                }
            }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        return lines
    }

    private func dec(_ value: Any?) -> Decimal { Decimal(string: value as? String ?? "x") ?? Decimal.nan }

    /// Σ debit, Σ credit per account of the lines in `currency` dated `from`…`to`.
    private func sums(_ lines: [Line], _ currency: String, from: String = "0000", to: String) -> [String: (debit: Decimal, credit: Decimal)] {
        var sums = [String: (debit: Decimal, credit: Decimal)]()
        for line in lines where line.currency == currency && line.date >= from && line.date <= to {
            let old = sums[line.account] ?? (0, 0)
            sums[line.account] = (old.debit + line.debit, old.credit + line.credit)
        }
        return sums
    }

    private func accountTypes() throws -> [String: String] {
        let accounts = try XCTUnwrap(try call("GET", "/v1/accounts?include_archived=true", expect: 200)["data"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: accounts.map { ($0["id"] as? String ?? "", $0["type"] as? String ?? "") })
    }

    // MARK: - Tests

    func testEveryReportTiesOutToTheRawJournalLines() throws {
        let a = try postLedger()
        let lines = try journal()
        let types = try accountTypes()
        XCTAssertEqual(Set(lines.map(\.currency)), ["EUR", "USD"])

        // The summary tables equal the raw lines, both ways, per month and per day.
        for (table, period, unit) in [("ledger_month_balances", "month", "month"), ("ledger_day_balances", "day", "day")] {
            let mismatches = try server.pool.withConnection { db in
                try db.query(
                    """
                    WITH raw AS (
                        SELECT l.account_id, e.currency, date_trunc('\(unit)', e.entry_date)::date AS period, l.department,
                               l.project, l.campaign, sum(l.debit) AS debit, sum(l.credit) AS credit, count(*) AS line_count
                        FROM \(schema).journal_lines l JOIN \(schema).journal_entries e ON e.id = l.entry_id
                        GROUP BY 1, 2, 3, 4, 5, 6
                    ), summary AS (
                        SELECT account_id, currency, \(period), department, project, campaign, debit, credit, line_count
                        FROM \(schema).\(table)
                    )
                    SELECT count(*)::int AS n, (SELECT count(*)::int FROM summary) AS rows
                    FROM ((TABLE raw EXCEPT TABLE summary) UNION ALL (TABLE summary EXCEPT TABLE raw)) d
                    """)[0]
            }
            XCTAssertEqual(try mismatches.decode(Int.self, "n"), 0, "\(table) = the raw lines, per account, currency, \(unit) and dimension")
            XCTAssertGreaterThan(try mismatches.decode(Int.self, "rows"), 10)
        }

        // The summaries of 0040 equal the raw lines, both ways: per asset or liability account, currency, party and
        // invoice or expense (other documents as none), with the invoice's due date or the expense's date (0041) (the
        // ageing) — the lines of no party and no invoice or expense on control accounts only (0058); per asset account,
        // currency, day, expense and the accounts of the line's entry (the cashflow).
        let documents = """
                SELECT l.account_id, e.currency, l.party_id,
                       CASE WHEN l.document_type IN ('invoice', 'expense') THEN l.document_type END AS document_type,
                       CASE WHEN l.document_type IN ('invoice', 'expense') THEN l.document_id END AS document_id,
                       sum(l.debit) AS debit, sum(l.credit) AS credit, count(*) AS line_count,
                       max(CASE l.document_type
                               WHEN 'invoice' THEN (SELECT v.due_date FROM \(schema).invoices v WHERE v.id = l.document_id)
                               WHEN 'expense' THEN (SELECT x.expense_date FROM \(schema).expenses x WHERE x.id = l.document_id)
                           END) AS due_date
                FROM \(schema).journal_lines l JOIN \(schema).journal_entries e ON e.id = l.entry_id
                JOIN \(schema).accounts a ON a.id = l.account_id
                WHERE a.type IN ('asset', 'liability')
                  AND (l.party_id IS NOT NULL OR l.document_type IN ('invoice', 'expense')
                       OR a.role IN ('accountsReceivable', 'accountsPayable')
                       OR a.id IN (SELECT control_account_id FROM \(schema).parties))
                GROUP BY 1, 2, 3, 4, 5
                """
        let summaries = [
            (
                "ledger_document_balances", documents,
                "account_id, currency, party_id, document_type, document_id, debit, credit, line_count, due_date",
                "count(DISTINCT document_type)", 2
            ),
            (
                "ledger_flow_balances",
                """
                SELECT l.account_id, e.currency, e.entry_date AS day,
                       CASE WHEN l.document_type = 'expense' THEN l.document_id END AS expense_id,
                       (SELECT array_agg(DISTINCT o.account_id ORDER BY o.account_id)
                        FROM \(schema).journal_lines o WHERE o.entry_id = l.entry_id) AS entry_accounts,
                       sum(l.debit) AS debit, sum(l.credit) AS credit, count(*) AS line_count
                FROM \(schema).journal_lines l JOIN \(schema).journal_entries e ON e.id = l.entry_id
                JOIN \(schema).accounts a ON a.id = l.account_id
                WHERE a.type = 'asset'
                GROUP BY 1, 2, 3, 4, 5
                """,
                "account_id, currency, day, expense_id, entry_accounts, debit, credit, line_count",
                "count(DISTINCT entry_accounts)", 4
            ),
            (
                // 0048: per account, currency and due date (the ageing's totals), with the open documents counted. A
                // key whose rows all moved to another date (a draft invoice's rows get its due date when it is
                // issued) stays as a row of zeros: compared without those.
                "ledger_due_balances WHERE (debit, credit, open_items) <> (0, 0, 0)",
                """
                SELECT account_id, currency, due_date, sum(debit) AS debit, sum(credit) AS credit,
                       count(*) FILTER (WHERE debit <> credit) AS open_items
                FROM (\(documents)) d
                GROUP BY 1, 2, 3
                """,
                "account_id, currency, due_date, debit, credit, open_items",
                "count(DISTINCT due_date)", 3
            ),
            (
                // 0048: the lines filed under an expense per account, currency, day and the expense's category, and
                // whether the line is on the expense's own expense account (income and expense by category, cashflow).
                "ledger_expense_category_days",
                """
                SELECT l.account_id, e.currency, e.entry_date AS day, x.category_id,
                       coalesce(x.expense_account_id = l.account_id, false) AS expense_account,
                       sum(l.debit) AS debit, sum(l.credit) AS credit, count(*) AS line_count
                FROM \(schema).journal_lines l JOIN \(schema).journal_entries e ON e.id = l.entry_id
                LEFT JOIN \(schema).expenses x ON x.id = l.document_id
                WHERE l.document_type = 'expense'
                GROUP BY 1, 2, 3, 4, 5
                """,
                "account_id, currency, day, category_id, expense_account, debit, credit, line_count",
                "count(DISTINCT expense_account)", 2
            ),
        ]
        for (table, raw, columns, kinds, minimum) in summaries {
            let check = try server.pool.withConnection { db in
                try db.query(
                    """
                    WITH raw AS (\(raw)), summary AS (SELECT \(columns) FROM \(schema).\(table))
                    SELECT count(*)::int AS n, (SELECT count(*)::int FROM summary) AS rows,
                           (SELECT \(kinds)::int FROM raw) AS kinds
                    FROM ((TABLE raw EXCEPT TABLE summary) UNION ALL (TABLE summary EXCEPT TABLE raw)) d
                    """)[0]
            }
            XCTAssertEqual(try check.decode(Int.self, "n"), 0, "\(table) = the raw lines")
            if try check.decode(Int.self, "n") != 0 {
                let diff = try server.pool.withConnection { db in
                    try db.query(
                        """
                        WITH raw AS (\(raw)), summary AS (SELECT \(columns) FROM \(schema).\(table))
                        SELECT 'raw' AS side, row_to_json(d)::text AS r FROM (TABLE raw EXCEPT TABLE summary) d
                        UNION ALL SELECT 'summary', row_to_json(d)::text FROM (TABLE summary EXCEPT TABLE raw) d
                        """).map { "\(try $0.decode(String.self, "side")) \(try $0.decode(String.self, "r"))" }
                }
                print("\(table) differs from the raw lines:", diff)
            }
            XCTAssertGreaterThan(try check.decode(Int.self, "rows"), table.hasPrefix("ledger_expense_category_days") ? 1 : 5, table)
            XCTAssertGreaterThanOrEqual(try check.decode(Int.self, "kinds"), minimum, "\(table): \(kinds)")
        }

        // Trial balance, at a month end and mid-month, in both currencies.
        for (asOf, currency) in [("2026-03-31", "EUR"), ("2026-02-15", "EUR"), ("2025-12-31", "EUR"), ("2026-03-31", "USD")] {
            let report = try call("GET", "/v1/reports/trial-balance?as_of=\(asOf)&currency=\(currency)", expect: 200)
            let rows = try XCTUnwrap(report["data"] as? [[String: Any]])
            let expected = sums(lines, currency, to: asOf)
            let accountRows = rows.filter { $0["kind"] as? String == "account" }
            XCTAssertEqual(Set(accountRows.compactMap { $0["account_id"] as? String }), Set(expected.keys), asOf)
            for row in accountRows {
                let want = try XCTUnwrap(expected[row["account_id"] as? String ?? ""])
                XCTAssertEqual(dec(row["debit"]), want.debit, "\(asOf) \(row)")
                XCTAssertEqual(dec(row["credit"]), want.credit, "\(asOf) \(row)")
                XCTAssertEqual(dec(row["balance"]), want.debit - want.credit, "\(asOf) \(row)")
                XCTAssertNotNil(row["code"] as? String)
                XCTAssertNotNil(row["name"] as? String)
            }
            let total = try XCTUnwrap(rows.last)
            XCTAssertEqual(total["kind"] as? String, "total")
            XCTAssertEqual(dec(total["debit"]), expected.values.reduce(0) { $0 + $1.debit })
            XCTAssertEqual(dec(total["debit"]), dec(total["credit"]), "debits = credits")
            XCTAssertEqual(report["balanced"] as? Bool, true)
        }

        // Balances as of a date, every currency, with account code and name.
        let balances = try XCTUnwrap(try call("GET", "/v1/ledger/balances?as_of=2026-02-15", expect: 200)["data"] as? [[String: Any]])
        for currency in ["EUR", "USD"] {
            let expected = sums(lines, currency, to: "2026-02-15")
            let rows = balances.filter { $0["currency"] as? String == currency }
            XCTAssertEqual(Set(rows.compactMap { $0["account_id"] as? String }), Set(expected.keys))
            for row in rows {
                let want = try XCTUnwrap(expected[row["account_id"] as? String ?? ""])
                XCTAssertEqual(dec(row["net"]), want.debit - want.credit)
                XCTAssertNotNil(row["account_code"] as? String)
            }
        }
        XCTAssertEqual(
            (try call("GET", "/v1/ledger/balances", expect: 200)["data"] as? [Any])?.count,
            Set(lines.map { "\($0.account) \($0.currency)" }).count, "without as_of: every line")

        // General ledger of the bank and of receivables, walked two lines a page.
        for account in [a.bank, a.receivable] {
            let (from, to) = ("2026-01-01", "2026-03-31")
            let opening = sums(lines, "EUR", to: "2025-12-31")[account].map { $0.debit - $0.credit } ?? 0
            var running = opening
            let expected = lines.filter { $0.account == account && $0.currency == "EUR" && $0.date >= from && $0.date <= to }
                .sorted { ($0.date, $0.entryNumber, $0.lineNo) < ($1.date, $1.entryNumber, $1.lineNo) }
            var seen = [[String: Any]](), cursor: String?, pages = 0
            repeat {
                let page = try call(
                    "GET", "/v1/reports/general-ledger?account_id=\(account)&from=\(from)&to=\(to)&limit=2"
                        + (cursor.map { "&cursor=\($0)" } ?? ""), expect: 200)
                XCTAssertEqual(dec(page["opening_balance"]), opening)
                seen += page["data"] as? [[String: Any]] ?? []
                cursor = page["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 50
            XCTAssertEqual(seen.first?["kind"] as? String, "opening")
            XCTAssertEqual(dec(seen.first?["balance"]), opening)
            XCTAssertEqual(seen.last?["kind"] as? String, "closing")
            let body = seen.filter { $0["kind"] as? String == "line" }
            XCTAssertEqual(body.count, expected.count)
            for (row, line) in zip(body, expected) {
                running += line.debit - line.credit
                XCTAssertEqual(row["entry_number"] as? Int, line.entryNumber)
                XCTAssertEqual(row["date"] as? String, line.date)
                XCTAssertEqual(dec(row["debit"]), line.debit)
                XCTAssertEqual(dec(row["credit"]), line.credit)
                XCTAssertEqual(dec(row["balance"]), running, "running balance on every page: \(row)")
            }
            XCTAssertEqual(dec(seen.last?["balance"]), running, "closing = opening + the lines")
        }

        // Profit and loss by month, compared with the previous year.
        let pnl = try call(
            "GET", "/v1/reports/profit-and-loss?from=2026-01-01&to=2026-03-31&interval=month&compare=previous_year", expect: 200)
        let columns = try XCTUnwrap(pnl["columns"] as? [[String: Any]])
        XCTAssertEqual(columns.map { $0["key"] as? String }, ["2026-01", "2026-02", "2026-03", "2025-01 (compared)", "2025-02 (compared)", "2025-03 (compared)"])
        let pnlRows = try XCTUnwrap(pnl["data"] as? [[String: Any]])
        var netExpected = [Decimal](repeating: 0, count: columns.count)
        for (index, column) in columns.enumerated() {
            let period = sums(lines, "EUR", from: column["from"] as? String ?? "", to: column["to"] as? String ?? "")
            for (account, sum) in period {
                switch types[account] {
                case "income": netExpected[index] += sum.credit - sum.debit
                case "expense": netExpected[index] -= sum.debit - sum.credit
                default: continue
                }
                let row = pnlRows.first { $0["account_id"] as? String == account }
                let amounts = (row?["amounts"] as? [String] ?? []).map { dec($0) }
                let want = types[account] == "income" ? sum.credit - sum.debit : sum.debit - sum.credit
                XCTAssertEqual(amounts.count > index ? amounts[index] : nil, want, "\(column) \(account)")
            }
        }
        let net = try XCTUnwrap(pnlRows.last)
        XCTAssertEqual(net["kind"] as? String, "net_result")
        XCTAssertEqual((net["amounts"] as? [String] ?? []).map { dec($0) }, netExpected)
        XCTAssertEqual(netExpected[1], 100 + 800 - 250 - 70, "February: an EOD invoice, the campaign invoice, rent, the expense")

        // The campaign filter: the tagged line only, issued in February, voided in March.
        let tagged = try call("GET", "/v1/reports/profit-and-loss?from=2026-01-01&to=2026-03-31&interval=month&campaign=Spring26", expect: 200)
        let taggedIncome = (tagged["data"] as? [[String: Any]] ?? []).first { $0["account_id"] as? String == a.income }
        XCTAssertEqual((taggedIncome?["amounts"] as? [String] ?? []).map { dec($0) }, [0, 500, -500])

        // Department and project filters: the tagged expense only.
        for filter in ["department=Ops", "project=Alpha", "department=Ops&project=Alpha"] {
            let rows = try XCTUnwrap(
                try call("GET", "/v1/reports/profit-and-loss?from=2026-01-01&to=2026-03-31&interval=month&\(filter)", expect: 200)["data"]
                    as? [[String: Any]])
            XCTAssertEqual(rows.filter { $0["kind"] as? String == "account" }.compactMap { $0["account_id"] as? String }, [a.rent], filter)
            XCTAssertEqual((rows.last?["amounts"] as? [String] ?? []).map { dec($0) }, [0, -70, 0], filter)
        }
        let none = try call("GET", "/v1/reports/profit-and-loss?from=2026-01-01&to=2026-03-31&department=Sales", expect: 200)
        XCTAssertEqual((none["data"] as? [[String: Any]])?.map { $0["kind"] as? String }, ["total", "total", "net_result"])

        // Balance sheet at the year end and now: it balances, and the year's result is the change in equity.
        func sheet(_ asOf: String) throws -> [String: Any] {
            let report = try call("GET", "/v1/reports/balance-sheet?as_of=\(asOf)", expect: 200)
            XCTAssertEqual(report["balanced"] as? Bool, true)
            XCTAssertEqual(dec(report["total_assets"]), dec(report["total_liabilities_and_equity"]))
            let rows = report["data"] as? [[String: Any]] ?? []
            let balances = sums(lines, "EUR", to: asOf)
            for row in rows where row["kind"] as? String == "account" {
                let sum = try XCTUnwrap(balances[row["account_id"] as? String ?? ""])
                let want = row["section"] as? String == "asset" ? sum.debit - sum.credit : sum.credit - sum.debit
                XCTAssertEqual(dec(row["amount"]), want, "\(asOf) \(row)")
            }
            let assets = balances.filter { types[$0.key] == "asset" }.values.reduce(Decimal(0)) { $0 + $1.debit - $1.credit }
            XCTAssertEqual(dec(report["total_assets"]), assets)
            return report
        }
        func equity(_ report: [String: Any]) -> Decimal {
            dec((report["data"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "total" && $0["section"] as? String == "equity" }?["amount"])
        }
        func line(_ report: [String: Any], _ kind: String) -> Decimal {
            dec((report["data"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == kind }?["amount"])
        }
        let yearEnd = try sheet("2025-12-31"), now = try sheet("2026-03-31")
        XCTAssertEqual(line(yearEnd, "retained_result"), 0)
        XCTAssertEqual(line(yearEnd, "current_year_result"), 1000 - 500)
        XCTAssertEqual(line(now, "retained_result"), 1000 - 500, "last year's result, retained")
        let yearResult = try call("GET", "/v1/reports/profit-and-loss?from=2026-01-01&to=2026-03-31", expect: 200)
        let yearNet = dec(((yearResult["data"] as? [[String: Any]])?.last?["amounts"] as? [String])?.first)
        XCTAssertEqual(line(now, "current_year_result"), yearNet)
        XCTAssertEqual(yearNet, netExpected[0] + netExpected[1] + netExpected[2])
        XCTAssertEqual(equity(now) - equity(yearEnd), yearNet, "the P&L result = the change in equity (no capital moved)")

        // CSV: a header row, the same figures.
        let csv = try client.request("GET", "/v1/reports/trial-balance?as_of=2026-03-31&format=csv", headers: auth)
        XCTAssertEqual(csv.status, 200)
        XCTAssertEqual(csv.headers["content-type"], "text/csv; charset=utf-8")
        let records = String(decoding: csv.body.dropFirst(3), as: UTF8.self).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(records.first, ["kind", "account_id", "code", "name", "type", "debit", "credit", "balance"])
        let json = try XCTUnwrap(try call("GET", "/v1/reports/trial-balance?as_of=2026-03-31", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(records.count, json.count + 1)
        XCTAssertEqual(records.dropFirst().map { $0[5] }, json.map { $0["debit"] as? String ?? "" })
        let pnlCSV = try client.request(
            "GET", "/v1/reports/profit-and-loss?from=2026-01-01&to=2026-03-31&interval=quarter", headers: auth.merging(["Accept": "text/csv"]) { $1 })
        let pnlHeader = String(decoding: pnlCSV.body.dropFirst(3), as: UTF8.self).split(separator: "\r\n").first
        XCTAssertEqual(pnlHeader, "kind,section,account_id,code,name,2026-Q1")
    }

    /// The cashflow summary (0040) keys a bank line by the accounts of its whole entry, known only when the entry's
    /// lines go in together: a second statement adding lines to an entry is refused, whatever writes it.
    func testAnEntrysLinesGoInByOneStatement() throws {
        let bank = try account(role: "bank"), income = try account(role: "sales_income")
        XCTAssertThrowsError(
            try server.pool.withConnection { db in
                try db.transaction { db in
                    // In the tenant's search path, as every writer of a tenant is: the shared trigger functions
                    // refuse a write from another one (docs/tenancy.md, "Shared functions").
                    _ = try db.query("SELECT set_config('search_path', $1, true)", [schema])
                    let id = try db.query(
                        """
                        WITH e AS (INSERT INTO \(schema).journal_entries (entry_date, currency, source_type)
                                   VALUES ('2026-01-10', 'EUR', 'manual') RETURNING id)
                        INSERT INTO \(schema).journal_lines (entry_id, line_no, account_id, debit, credit)
                        SELECT e.id, n, a, d, c FROM e, (VALUES (1, $1::uuid, 1, 0), (2, $2::uuid, 0, 1)) AS l(n, a, d, c)
                        RETURNING entry_id::text AS id
                        """, [bank, income])[0].decode(String.self, "id")
                    // Balanced on its own, so only the summary's rule refuses it.
                    _ = try db.execute(
                        """
                        INSERT INTO \(schema).journal_lines (entry_id, line_no, account_id, debit, credit)
                        VALUES ($1::uuid, 3, $2::uuid, 2, 0), ($1::uuid, 4, $3::uuid, 0, 2)
                        """, [id, bank, income])
                }
            }
        ) { error in
            XCTAssertEqual((error as? PostgresError)?.serverError?.constraint, "ledger_entry_lines_at_once", "\(error)")
        }
        let entries = try XCTUnwrap(try call("GET", "/v1/journal-entries", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 0, "nothing was written")
    }

    func testReportsRefuseBadOrUnboundedQueriesNamingTheField() throws {
        let bank = try account(role: "bank")
        func pointers(_ path: String) throws -> [String] { problemPointers(try call("GET", path, expect: 422)) }
        XCTAssertEqual(try pointers("/v1/reports/trial-balance?as_of=2026-02-30"), ["/as_of"])
        XCTAssertEqual(try pointers("/v1/reports/trial-balance?currency=eur&format=xml"), ["/currency", "/format"])
        XCTAssertEqual(try pointers("/v1/reports/balance-sheet?as_of=2026-01-01&since=2025-01-01"), ["/since"])
        XCTAssertEqual(try pointers("/v1/ledger/balances?as_of=yesterday"), ["/as_of"])
        XCTAssertEqual(try pointers("/v1/reports/profit-and-loss?from=2026-02-01&to=2026-01-01"), ["/to"])
        XCTAssertEqual(try pointers("/v1/reports/profit-and-loss?from=2016-01-01&to=2026-01-01"), ["/to"], "10 years at most")
        XCTAssertEqual(
            try pointers("/v1/reports/profit-and-loss?from=2016-01-15&to=2026-01-14&interval=month"), ["/interval"],
            "121 monthly columns")
        try call("GET", "/v1/reports/profit-and-loss?from=2016-01-01&to=2025-12-31&interval=month", expect: 200)
        XCTAssertEqual(try pointers("/v1/reports/profit-and-loss?from=2026-01-01&to=2026-01-31&interval=week&compare=last"), ["/compare", "/interval"])
        XCTAssertEqual(try pointers("/v1/reports/profit-and-loss?from=0001-01-01&to=0001-12-31&compare=previous_year"), ["/compare"])
        XCTAssertEqual(try pointers("/v1/reports/general-ledger?from=2026-01-01"), ["/account_id", "/to"])
        XCTAssertEqual(
            try pointers("/v1/reports/general-ledger?account_id=\(bank)&from=2026-01-01&to=2026-01-31&cursor=abc&limit=0"),
            ["/cursor", "/limit"])
        try call("GET", "/v1/reports/general-ledger?account_id=\(UUID().uuidString)&from=2026-01-01&to=2026-01-31", expect: 404)
        let empty = try call("GET", "/v1/reports/general-ledger?account_id=\(bank)&from=2026-01-01&to=2026-01-31", expect: 200)
        XCTAssertEqual((empty["data"] as? [[String: Any]])?.map { $0["kind"] as? String }, ["opening", "closing"])
    }
}
