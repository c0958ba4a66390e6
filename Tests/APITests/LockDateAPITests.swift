import API
import Foundation
import HTTPServer
import Postgres
import TestSupport
import XCTest

/// Issue 24, findings 6 and 7: invoice numbers and dates increase together, and nothing is posted on or before the
/// tenant's lock date, whatever the path: API requests are refused at their date field, the EOD dates what it
/// issues late the EOD's business date (moved forward past the lock date and the last number's date), and the
/// database refuses an entry in a closed period even from raw SQL.
final class LockDateAPITests: XCTestCase, TenantAPICalls {
    private var server: APITestServer!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]
    private var schema = ""
    private var party = ""

    override func setUpWithError() throws {
        server = try APITestServer()
        let created = try server.makeTenant("lock")
        schema = created.tenant.context.quotedSchemaName
        auth = ["Authorization": "Bearer \(created.apiKey.key)"]
        client = try server.client()
        party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
    }

    override func tearDown() { server?.stop() }

    private func draft(_ date: String) throws -> String {
        let body = #"{"party_id":"\#(party)","invoice_date":"\#(date)","lines":[{"description":"Audit","quantity":"1","unit_price":"100.00"}]}"#
        return try XCTUnwrap(try call("POST", "/v1/invoices", body, expect: 201)["id"] as? String)
    }

    @discardableResult
    private func issue(_ date: String, expect status: Int = 200) throws -> [String: Any] {
        try call("POST", "/v1/invoices/\(try draft(date))/issue", expect: status)
    }

    private func detail(_ problem: [String: Any]) -> String {
        ((problem["errors"] as? [[String: Any]])?.first?["detail"] as? String) ?? ""
    }

    /// (number, invoice date, occurrence date) of every issued invoice, in number order.
    private func issued() throws -> [(Int, String, String?)] {
        try server.pool.withConnection {
            try $0.query(
                "SELECT sequence_number, invoice_date::text AS d, occurrence_date::text AS o FROM \(schema).invoices WHERE sequence_number IS NOT NULL ORDER BY sequence_number"
            ).map { (try $0.decode(Int.self, "sequence_number"), try $0.decode(String.self, "d"), try $0.decode(String?.self, "o")) }
        }
    }

    func testAnInvoiceDatedBeforeTheLastNumbersDateIsRefusedWithTheEarliestAllowedDate() throws {
        XCTAssertEqual(try issue("2026-03-10")["sequence_number"] as? Int, 1)
        let refused = try issue("2026-03-01", expect: 422)
        XCTAssertEqual(problemPointers(refused), ["/invoice_date"])
        XCTAssertEqual(
            detail(refused), "is before 2026-03-10, the date of the last invoice number: the earliest allowed date is 2026-03-10")
        XCTAssertEqual(try call("GET", "/v1/invoice-numbering", expect: 200)["next_sequence_number"] as? Int, 2, "no number used")
        XCTAssertEqual(try issue("2026-03-10")["sequence_number"] as? Int, 2, "the same day is allowed")
        XCTAssertEqual(try issue("2026-03-11")["sequence_number"] as? Int, 3)
        XCTAssertEqual(try issued().map(\.1), ["2026-03-10", "2026-03-10", "2026-03-11"])
    }

    func testABackDatedSalesOrderConfirmationIsRefusedAtItsDate() throws {
        let item = try XCTUnwrap(try call(
            "POST", "/v1/items", #"{"code":"LIC","name":"Licence","unit_price":"50.00"}"#, expect: 201)["id"] as? String)
        try issue("2026-04-20")
        let order = try XCTUnwrap(try call(
            "POST", "/v1/sales-orders", #"{"party_id":"\#(party)","order_date":"2026-04-01","lines":[{"item_id":"\#(item)","quantity":"1"}]}"#,
            expect: 201)["id"] as? String)
        let refused = try call("POST", "/v1/sales-orders/\(order)/confirm", #"{"date":"2026-04-01"}"#, expect: 422)
        XCTAssertEqual(problemPointers(refused), ["/date"])
        XCTAssertTrue(detail(refused).hasSuffix("the earliest allowed date is 2026-04-20"), detail(refused))
        try call("POST", "/v1/sales-orders/\(order)/confirm", #"{"date":"2026-04-20"}"#, expect: 200)
        XCTAssertEqual(try issued().map(\.0), [1, 2])
    }

    func testTheLockDateMovesForwardOnlyAndNeverPastToday() throws {
        XCTAssertTrue(try call("GET", "/v1/tenant", expect: 200)["lock_date"] is NSNull)
        XCTAssertEqual(try call("PATCH", "/v1/tenant", #"{"lock_date":"2026-01-31"}"#, expect: 200)["lock_date"] as? String, "2026-01-31")
        let back = try call("PATCH", "/v1/tenant", #"{"lock_date":"2025-12-31","name":"Renamed"}"#, expect: 422)
        XCTAssertEqual(problemPointers(back), ["/lock_date"])
        XCTAssertTrue(detail(back).hasPrefix("cannot move back from 2026-01-31"), detail(back))
        XCTAssertEqual(problemPointers(try call("PATCH", "/v1/tenant", #"{"lock_date":"2999-01-01"}"#, expect: 422)), ["/lock_date"])
        let after = try call("GET", "/v1/tenant", expect: 200)
        XCTAssertEqual(after["lock_date"] as? String, "2026-01-31")
        XCTAssertNotEqual(after["name"] as? String, "Renamed", "nothing stored")
        XCTAssertEqual(try call("PATCH", "/v1/tenant", #"{"lock_date":"2026-02-28"}"#, expect: 200)["lock_date"] as? String, "2026-02-28")
    }

    func testNothingIsPostedOnOrBeforeTheLockDate() throws {
        let issuedInvoice = try issue("2026-01-20")
        let invoiceID = try XCTUnwrap(issuedInvoice["id"] as? String)
        try call("PATCH", "/v1/tenant", #"{"lock_date":"2026-01-31"}"#, expect: 200)
        let accounts = try XCTUnwrap(try call("GET", "/v1/accounts", expect: 200)["data"] as? [[String: Any]])
        let bank = try XCTUnwrap(accounts.first { $0["role"] as? String == "bank" }?["id"] as? String)
        let income = try XCTUnwrap(accounts.first { $0["role"] as? String == "sales_income" }?["id"] as? String)

        let invoice = try issue("2026-01-31", expect: 422)
        XCTAssertEqual(problemPointers(invoice), ["/invoice_date"])
        XCTAssertEqual(detail(invoice), "is on or before the lock date 2026-01-31: the earliest allowed date is 2026-02-01")
        let journal = #"{"date":"2026-01-15","lines":[{"account_id":"\#(bank)","debit":"10.00"},{"account_id":"\#(income)","credit":"10.00"}]}"#
        XCTAssertEqual(problemPointers(try call("POST", "/v1/journal-entries", journal, expect: 422)), ["/date"])
        let payment = #"{"party_id":"\#(party)","date":"2026-01-25","amount":"100.00","allocations":[{"invoice_id":"\#(invoiceID)","amount":"100.00"}]}"#
        XCTAssertEqual(problemPointers(try call("POST", "/v1/payments", payment, expect: 422)), ["/date"])
        XCTAssertEqual(problemPointers(try call("POST", "/v1/invoices/\(invoiceID)/void", #"{"date":"2026-01-31"}"#, expect: 422)), ["/date"])
        let entry = try XCTUnwrap(try call("GET", "/v1/journal-entries?limit=1", expect: 200)["data"] as? [[String: Any]]).first?["id"] as? String
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/journal-entries/\(try XCTUnwrap(entry))/reverse", #"{"date":"2026-01-10"}"#, expect: 422)), ["/date"])

        // The day after is open.
        try issue("2026-02-01")
        try call("POST", "/v1/invoices/\(invoiceID)/void", #"{"date":"2026-02-01"}"#, expect: 200)
        // And the database refuses an entry in the closed period whatever writes it.
        // (In the tenant's search path, as every writer of a tenant is: the shared trigger functions refuse a write
        // from another one; docs/tenancy.md, "Shared functions".)
        XCTAssertThrowsError(try server.pool.transaction { db in
            _ = try db.query("SELECT set_config('search_path', $1, true)", [schema])
            return try db.query(
                """
                WITH e AS (INSERT INTO \(schema).journal_entries (entry_date, currency, source_type) VALUES ('2026-01-31', 'EUR', 'manual') RETURNING id)
                INSERT INTO \(schema).journal_lines (entry_id, line_no, account_id, debit, credit)
                SELECT e.id, n, a, d, c FROM e, (VALUES (1, '\(bank)'::uuid, 1, 0), (2, '\(income)'::uuid, 0, 1)) AS l(n, a, d, c)
                """)
        }) { error in
            XCTAssertEqual((error as? PostgresError)?.serverError?.constraint, "journal_entries_after_lock_date", "\(error)")
        }
    }

    /// A setup back-dated to 2000 (three monthly occurrences) behind the lock date 2025-12-31, posted by the EOD of
    /// 2026-01-09: the run, succeeded.
    @discardableResult
    private func runBackDatedSetupBehindTheLockDate() throws -> [String: Any] {
        try call("PATCH", "/v1/tenant", #"{"lock_date":"2025-12-31"}"#, expect: 200)
        let setup = #"{"party_id":"\#(party)","mode":"amount","amount":"10.00","description":"Hosting","statement_reference":"Hosting","schedule":{"kind":"monthly","start":"2000-01-01","count":3}}"#
        try call("POST", "/v1/recurring-invoices", setup, expect: 201)
        let run = try client.runEOD(asOf: "2026-01-09", headers: auth)
        XCTAssertEqual(run["status"] as? String, "succeeded", "\(run)")
        return run
    }

    /// A setup back-dated to 2000 used to post invoices dated in the year 2000. What falls in the locked period is
    /// now dated the first open day, in number order; each invoice keeps its occurrence's date and period.
    func testABackDatedSetupIsIssuedOnTheFirstOpenDayAfterTheLockDate() throws {
        try runBackDatedSetupBehindTheLockDate()
        let invoices = try issued()
        XCTAssertEqual(invoices.map(\.0), [1, 2, 3])
        XCTAssertEqual(invoices.map(\.1), ["2026-01-01", "2026-01-01", "2026-01-01"])
        XCTAssertEqual(invoices.map(\.2), ["2000-01-01", "2000-02-01", "2000-03-01"])
        let entries = try server.pool.withConnection {
            try $0.query("SELECT min(entry_date)::text AS d FROM \(schema).journal_entries").first?.decode(String.self, "d")
        }
        XCTAssertEqual(entries, "2026-01-01")
    }

    /// Issue 24: the EOD posts such occurrences by its rule, never silently. The run counts the invoices it dated
    /// later than their occurrence, and each invoice shows its occurrence's date beside its own.
    func testARunCountsTheInvoicesItRedatedAndEachShowsItsOccurrenceDate() throws {
        let run = try runBackDatedSetupBehindTheLockDate()
        XCTAssertEqual((run["counts"] as? [String: Any])?["redated_invoices"] as? Int, 3, "\(run)")
        let invoices = try XCTUnwrap(try call("GET", "/v1/invoices", expect: 200)["data"] as? [[String: Any]])
            .sorted { ($0["sequence_number"] as? Int ?? 0) < ($1["sequence_number"] as? Int ?? 0) }
        XCTAssertEqual(invoices.map { $0["invoice_date"] as? String }, ["2026-01-01", "2026-01-01", "2026-01-01"])
        XCTAssertEqual(invoices.map { $0["occurrence_date"] as? String }, ["2000-01-01", "2000-02-01", "2000-03-01"])
        XCTAssertEqual(invoices.map { $0["period_start"] as? String }, ["2000-01-01", "2000-02-01", "2000-03-01"])
        XCTAssertEqual(invoices.map { $0["period_end"] as? String }, ["2000-01-31", "2000-02-29", "2000-03-31"])
    }

    /// A run that dates every invoice on its occurrence's posting date has nothing to report: no `redated_invoices`
    /// key (as `deferred_sources`). Its invoice's `occurrence_date` equals its `invoice_date`; an invoice issued by
    /// hand has none.
    func testARunOnTimeReportsNoRedatedInvoices() throws {
        let manual = try issue("2026-01-01")
        XCTAssertTrue(manual["occurrence_date"] is NSNull, "\(manual)")
        XCTAssertTrue(manual["period_start"] is NSNull, "\(manual)")
        let setup = #"{"party_id":"\#(party)","mode":"amount","amount":"10.00","description":"Hosting","statement_reference":"Hosting","schedule":{"kind":"monthly","start":"2026-01-05","count":1}}"#
        try call("POST", "/v1/recurring-invoices", setup, expect: 201)
        let run = try client.runEOD(asOf: "2026-01-09", headers: auth)
        XCTAssertEqual(run["status"] as? String, "succeeded", "\(run)")
        let counts = try XCTUnwrap(run["counts"] as? [String: Any])
        XCTAssertEqual(counts["invoice_setups"] as? Int, 1, "\(run)")
        XCTAssertNil(counts["redated_invoices"], "\(run)")
        let invoices = try XCTUnwrap(try call("GET", "/v1/invoices", expect: 200)["data"] as? [[String: Any]])
        let recurring = try XCTUnwrap(invoices.first { !($0["recurring_setup_id"] is NSNull) })
        XCTAssertEqual(recurring["invoice_date"] as? String, "2026-01-05")
        XCTAssertEqual(recurring["occurrence_date"] as? String, "2026-01-05")
    }

    /// With `invoice_dating: eod_date` a catch-up is dated the EOD's business date, the day it is issued.
    func testWithEODDatingACatchUpIsDatedTheEODsBusinessDate() throws {
        XCTAssertEqual(try call("GET", "/v1/tenant", expect: 200)["invoice_dating"] as? String, "occurrence_date")
        XCTAssertEqual(problemPointers(try call("PATCH", "/v1/tenant", #"{"invoice_dating":"today"}"#, expect: 422)), ["/invoice_dating"])
        XCTAssertEqual(try call("PATCH", "/v1/tenant", #"{"invoice_dating":"eod_date"}"#, expect: 200)["invoice_dating"] as? String, "eod_date")
        let setup = #"{"party_id":"\#(party)","mode":"amount","amount":"10.00","description":"Hosting","statement_reference":"Hosting","schedule":{"kind":"monthly","start":"2026-01-01","count":3}}"#
        try call("POST", "/v1/recurring-invoices", setup, expect: 201)
        let run = try client.runEOD(asOf: "2026-03-05", headers: auth)
        XCTAssertEqual(run["status"] as? String, "succeeded", "\(run)")
        let invoices = try issued()
        XCTAssertEqual(invoices.map(\.1), ["2026-03-05", "2026-03-05", "2026-03-05"])
        XCTAssertEqual(invoices.map(\.2), ["2026-01-01", "2026-02-01", "2026-03-01"])
        XCTAssertEqual((run["counts"] as? [String: Any])?["redated_invoices"] as? Int, 3, "catch-up dating is reported: \(run)")
    }

    /// An EOD whose business date is before the last number's date (or the lock date) dates its invoices on that
    /// date instead: numbers and dates still increase together.
    func testAnEODBehindTheLastNumberDatesItsInvoicesOnTheLastNumbersDate() throws {
        try issue("2026-02-20")
        try call("PATCH", "/v1/tenant", #"{"lock_date":"2026-01-31"}"#, expect: 200)
        let setup = #"{"party_id":"\#(party)","mode":"amount","amount":"10.00","description":"Hosting","statement_reference":"Hosting","schedule":{"kind":"monthly","start":"2026-01-15"}}"#
        try call("POST", "/v1/recurring-invoices", setup, expect: 201)
        let run = try client.runEOD(asOf: "2026-02-15", headers: auth)
        XCTAssertEqual(run["status"] as? String, "succeeded", "\(run)")
        let invoices = try issued()
        XCTAssertEqual(invoices.map(\.1), ["2026-02-20", "2026-02-20", "2026-02-20"])
        XCTAssertEqual(invoices.map(\.2), [nil, "2026-01-15", "2026-02-15"])
        let due = try server.pool.withConnection {
            try $0.query("SELECT min(due_date)::text AS d FROM \(schema).invoices WHERE occurrence_date IS NOT NULL").first?.decode(String.self, "d")
        }
        XCTAssertEqual(due, "2026-02-20", "terms run from the invoice date, never before it")
    }
}
