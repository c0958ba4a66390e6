import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// The invoicing API over real HTTP: JSON shapes, snake_case field pointers, tenant isolation, the full path.
final class InvoicingAPITests: XCTestCase, TenantAPICalls {
    private var server: InvoicingAPITestServer!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]

    override func setUpWithError() throws {
        server = try InvoicingAPITestServer()
        auth = ["Authorization": "Bearer \(try server.makeTenant().apiKey.key)"]
        client = try server.client()
    }

    override func tearDown() { server?.stop() }



    func testFromPartyToPaidInvoice() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme","payment_terms_days":30}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        XCTAssertEqual(party["currency"] as? String, "EUR")
        let item = try call(
            "POST", "/v1/items", #"{"code":"HOSTING","name":"Hosting","unit_price":"19.99","tax_rate":"20"}"#, expect: 201)
        let itemID = try XCTUnwrap(item["id"] as? String)
        XCTAssertEqual(item["unit_price"] as? String, "19.99")

        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(partyID)","lines":[{"item_id":"\#(itemID)","quantity":"3","discount":{"kind":"percent","value":"10"}}]}"#,
            expect: 201)
        XCTAssertEqual(draft["status"] as? String, "draft")
        XCTAssertEqual(draft["total"] as? String, "64.76")
        let lines = try XCTUnwrap(draft["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.first?["gross"] as? String, "59.97")
        XCTAssertEqual(lines.first?["tax"] as? String, "10.79")
        let invoiceID = try XCTUnwrap(draft["id"] as? String)

        let issued = try call("POST", "/v1/invoices/\(invoiceID)/issue", expect: 200)
        XCTAssertEqual(issued["status"] as? String, "issued")
        XCTAssertTrue((issued["number"] as? String)?.hasSuffix("-000001") ?? false, "\(issued)")
        XCTAssertEqual(issued["overdue"] as? Bool, false)

        let overpaid = try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(partyID)","amount":"70.00","allocations":[{"invoice_id":"\#(invoiceID)","amount":"70.00"}]}"#,
            expect: 422)
        XCTAssertEqual(problemPointersInOrder(overpaid), ["/allocations/0/amount"])

        let payment = try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(partyID)","amount":"64.76","method":"card","allocations":[{"invoice_id":"\#(invoiceID)","amount":"64.76"}]}"#,
            expect: 201)
        XCTAssertEqual(payment["amount"] as? String, "64.76")
        let paid = try call("GET", "/v1/invoices/\(invoiceID)", expect: 200)
        XCTAssertEqual(paid["status"] as? String, "paid")
        XCTAssertEqual(paid["outstanding"] as? String, "0.00")

        let list = try call("GET", "/v1/invoices?status=paid&party_id=\(partyID)", expect: 200)
        XCTAssertEqual((list["data"] as? [Any])?.count, 1)
        XCTAssertTrue(list["next_cursor"] is NSNull)

        let balances = try call("GET", "/v1/ledger/balances", expect: 200)
        let nets = (balances["data"] as? [[String: Any]] ?? []).compactMap { $0["net"] as? String }
        XCTAssertEqual(nets.count, 4)  // bank, receivable (0), income, tax payable
    }

    /// Issue 24, finding 2: a void invoice is owed by nobody.
    func testAVoidInvoiceOwesNothing() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(partyID)","invoice_date":"2026-01-10","lines":[{"description":"Audit","quantity":"1","unit_price":"1440.00"}]}"#,
            expect: 201)
        let invoiceID = try XCTUnwrap(draft["id"] as? String)
        let issued = try call("POST", "/v1/invoices/\(invoiceID)/issue", expect: 200)
        XCTAssertEqual(issued["outstanding"] as? String, "1440.00")
        let voided = try call("POST", "/v1/invoices/\(invoiceID)/void", expect: 200)
        XCTAssertEqual(voided["status"] as? String, "void")
        XCTAssertEqual(voided["outstanding"] as? String, "0.00")
        XCTAssertEqual(voided["overdue"] as? Bool, false)
        XCTAssertEqual(try call("GET", "/v1/invoices/\(invoiceID)", expect: 200)["outstanding"] as? String, "0.00")
    }

    /// Issue 24, finding 3: a recurring invoice by amount carries tax, in its preview and in what the EOD posts.
    func testARecurringInvoiceByAmountCarriesTax() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        let body = { (extra: String) in
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"100.00","description":"Care","statement_reference":"Care {RIMonth}","schedule":{"kind":"monthly","start":"2026-09-01","count":1}\#(extra)}"#
        }
        let setup = try call("POST", "/v1/recurring-invoices", body(#","tax_rate":"20""#), expect: 201)
        XCTAssertEqual(setup["tax_rate"] as? String, "20")
        let id = try XCTUnwrap(setup["id"] as? String)
        let preview = try call("GET", "/v1/recurring-invoices/\(id)/preview?count=1", expect: 200)["data"] as? [[String: Any]]
        XCTAssertEqual(preview?.first?["tax_total"] as? String, "20.00")
        XCTAssertEqual(preview?.first?["total"] as? String, "120.00")
        _ = try client.runEOD(asOf: "2026-09-30", headers: auth)
        let invoices = try call("GET", "/v1/invoices?party_id=\(partyID)", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(invoices.map { $0["tax_total"] as? String }, ["20.00"])
        XCTAssertEqual(invoices.map { $0["total"] as? String }, ["120.00"])
        XCTAssertEqual(problemPointers(try call("POST", "/v1/recurring-invoices", body(#","tax_rate":"150""#), expect: 422)), ["/tax_rate"])
        let products = #"{"party_id":"\#(partyID)","mode":"products","lines":[{"description":"x","item_id":"\#(UUID().uuidString.lowercased())"}],"tax_rate":"20","statement_reference":"x","schedule":{"kind":"monthly","start":"2026-09-01"}}"#
        XCTAssertTrue(problemPointers(try call("POST", "/v1/recurring-invoices", products, expect: 422)).contains("/tax_rate"))
    }

    /// Issue 24, finding 1: auto-trigger fires on a plain invoice too, once per sold line, after the billed period.
    func testAPlainInvoiceOfAnAutoTriggeredItemCreatesItsSetup() throws {
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        let support = try XCTUnwrap(try call(
            "POST", "/v1/items",
            #"{"code":"SUP","name":"Support","unit_price":"30","recurring_template":{"schedule":{"kind":"monthly","start":"2000-01-01"},"statement_reference":"Support {RIMonth}","auto_trigger":true}}"#,
            expect: 201)["id"] as? String)
        let plain = try XCTUnwrap(try call("POST", "/v1/items", #"{"code":"KIT","name":"Kit","unit_price":"5"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-03-10","lines":[{"item_id":"\#(support)","quantity":"1"},{"item_id":"\#(plain)","quantity":"2"}]}"#,
            expect: 201)
        let invoiceID = try XCTUnwrap(draft["id"] as? String)
        try call("POST", "/v1/invoices/\(invoiceID)/issue", expect: 200)
        let setups = try call("GET", "/v1/recurring-invoices?party_id=\(party)", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(setups.count, 1, "one setup: only the auto-triggered line")
        XCTAssertEqual(setups.first?["source_invoice_id"] as? String, invoiceID)
        XCTAssertEqual(setups.first?["item_id"] as? String, support)
        XCTAssertEqual(setups.first?["skip_through"] as? String, "2026-03-10")
        let setupID = try XCTUnwrap(setups.first?["id"] as? String)
        let preview = try call("GET", "/v1/recurring-invoices/\(setupID)/preview?count=1", expect: 200)["data"] as? [[String: Any]]
        XCTAssertEqual(preview?.first?["posting_date"] as? String, "2026-04-10")
        // A draft without such an item makes none.
        let other = try call(
            "POST", "/v1/invoices", #"{"party_id":"\#(party)","lines":[{"item_id":"\#(plain)","quantity":"1"}]}"#, expect: 201)
        try call("POST", "/v1/invoices/\(try XCTUnwrap(other["id"] as? String))/issue", expect: 200)
        XCTAssertEqual((try call("GET", "/v1/recurring-invoices?party_id=\(party)", expect: 200)["data"] as? [Any])?.count, 1)
    }

    func testFieldErrorsUseTheBodysSnakeCasePointers() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        // The reader's own checks (syntax, unknown fields) …
        let syntax = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(partyID)","lines":[{"quantity":"1e3","colour":"red"}],"discount":{"kind":"bogus","value":"1"}}"#,
            expect: 422)
        XCTAssertEqual(Set(problemPointersInOrder(syntax)), ["/lines/0/quantity", "/lines/0/colour", "/discount/kind"])
        // … and the repository's, renamed to the body's field names.
        let rules = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(partyID)","payment_terms_days":-1,"lines":[{"quantity":"0","unit_price":"1.00001"}]}"#,
            expect: 422)
        XCTAssertEqual(problemPointersInOrder(rules), ["/payment_terms_days"])
        let lines = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(partyID)","lines":[{"quantity":"0","unit_price":"1.00001"}]}"#, expect: 422)
        XCTAssertEqual(problemPointersInOrder(lines), ["/lines/0/description", "/lines/0/quantity", "/lines/0/unit_price"])
    }

    func testAnotherTenantsRecordsAreNotFound() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Mine"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        let other = ["Authorization": "Bearer \(try server.makeTenant().apiKey.key)"]
        XCTAssertEqual(try client.request("GET", "/v1/parties/\(partyID)", headers: other).status, 404)
        XCTAssertEqual(try client.request("GET", "/v1/parties/not-a-uuid", headers: other).status, 404)
        XCTAssertEqual(try client.request("GET", "/v1/invoices/\(UUID())", headers: other).status, 404)
    }

    func testRecurringInvoiceScheduleErrorsPreviewAndStop() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme","payment_terms_days":10}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        let bad = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"49.90","description":"Maintenance","statement_reference":"{RIWeek}","schedule":{"kind":"daily","interval":0,"start":"2016-01-01"}}"#,
            expect: 422)
        XCTAssertEqual(problemPointersInOrder(bad), ["/schedule/interval"])
        let badReference = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"49.90","description":"Maintenance","statement_reference":"{RIWeek}","schedule":{"kind":"mixerp_duration","everyDays":45,"start":"2016-01-01","totalDurationDays":365}}"#,
            expect: 422)
        XCTAssertEqual(problemPointersInOrder(badReference), ["/statement_reference"])

        let setup = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"49.90","description":"Maintenance","statement_reference":"Invoice for the month {RIMonth}-{RIYear}.","schedule":{"kind":"mixerp_duration","everyDays":45,"start":"2016-01-01","totalDurationDays":365}}"#,
            expect: 201)
        let setupID = try XCTUnwrap(setup["id"] as? String)
        XCTAssertEqual(setup["amount"] as? String, "49.90")
        let preview = try call("GET", "/v1/recurring-invoices/\(setupID)/preview?count=2", expect: 200)
        let rows = preview["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(rows.compactMap { $0["document_date"] as? String }, ["2016-02-15", "2016-03-31"])
        XCTAssertEqual(rows.compactMap { $0["document_due_date"] as? String }, ["2016-02-25", "2016-04-10"])
        XCTAssertEqual(rows.first?["reference"] as? String, "Invoice for the month FEB-2016.")
        XCTAssertEqual(rows.first?["total"] as? String, "49.90")
        let paused = try call("POST", "/v1/recurring-invoices/\(setupID)/pause", expect: 200)
        XCTAssertEqual(paused["state"] as? String, "paused")
        try call("GET", "/v1/recurring-invoices/\(setupID)/preview?count=0", expect: 422)
    }

    func testConfirmingASalesOrder() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        let item = try call(
            "POST", "/v1/items",
            #"{"code":"SUPPORT","name":"Support","unit_price":"30","recurring_template":{"schedule":{"kind":"monthly","start":"2000-01-01","count":12},"statement_reference":"Support {RIMonth}","auto_trigger":true}}"#,
            expect: 201)
        let itemID = try XCTUnwrap(item["id"] as? String)
        let order = try call(
            "POST", "/v1/sales-orders",
            #"{"party_id":"\#(partyID)","reference":"SO-1","lines":[{"item_id":"\#(itemID)","quantity":"2"}]}"#, expect: 201)
        let orderID = try XCTUnwrap(order["id"] as? String)
        let confirmation = try call(
            "POST", "/v1/sales-orders/\(orderID)/confirm", #"{"date":"2026-04-15","follow_up":{"title":"Call Acme"}}"#,
            expect: 200)
        XCTAssertEqual((confirmation["order"] as? [String: Any])?["status"] as? String, "won")
        XCTAssertEqual((confirmation["invoice"] as? [String: Any])?["total"] as? String, "60.00")
        XCTAssertEqual((confirmation["task"] as? [String: Any])?["title"] as? String, "Call Acme")
        let setups = confirmation["recurring_invoices"] as? [[String: Any]] ?? []
        XCTAssertEqual(setups.count, 1)
        XCTAssertEqual((setups.first?["schedule"] as? [String: Any])?["start"] as? String, "2026-04-15")
        // Issue 24, finding 1: the sale's invoice billed April; the setup bills from May, and the EOD on the sale
        // date issues no second invoice for April.
        let setupID = try XCTUnwrap(setups.first?["id"] as? String)
        XCTAssertEqual(setups.first?["skip_through"] as? String, "2026-04-15")
        let preview = try call("GET", "/v1/recurring-invoices/\(setupID)/preview?count=1", expect: 200)["data"] as? [[String: Any]]
        XCTAssertEqual(preview?.first?["posting_date"] as? String, "2026-05-15")
        _ = try client.runEOD(asOf: "2026-04-15", headers: auth)
        XCTAssertEqual((try call("GET", "/v1/invoices", expect: 200)["data"] as? [Any])?.count, 1, "only the sale's invoice")
        let again = try call("POST", "/v1/sales-orders/\(orderID)/confirm", "{}", expect: 409)
        XCTAssertEqual(again["status"] as? Int, 409)
    }

    func testEveryInvoicingRouteIsDocumentedAndEveryOperationRouted() throws {
        var router = Router()
        InvoicingRoutes.register(on: &router, environment: server.environment)
        let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.pattern)" })
        let documented = Set(InvoicingRoutes.operations.map { "\($0.method) \($0.path)" })
        XCTAssertEqual(routed, documented)
        let schemas = RecurAPI.schemas
        for operation in InvoicingRoutes.operations {
            for name in [operation.requestSchema, operation.responseSchema].compactMap({ $0 }) {
                XCTAssertNotNil(schemas[name], "\(operation.operationID) refers to missing schema \(name)")
            }
        }
        for (name, text) in schemas {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text.utf8)), "schema \(name) is not JSON")
        }
    }
}

/// The invoicing tests use the standard test server: `RecurAPI` registers the invoicing routes.
typealias InvoicingAPITestServer = APITestServer

final class IdempotencyTests: XCTestCase {
    private var server: APITestServer!

    override func setUpWithError() throws { server = try APITestServer() }
    override func tearDown() { server?.stop() }

    func testSameKeyAndBodyReplaysTheStoredResponseAndCreatesOnce() throws {
        let tenant = try server.makeTenant()
        let client = try server.client()
        let headers = ["Authorization": "Bearer \(tenant.apiKey.key)", "Idempotency-Key": "create-acme-1"]
        let body = #"{"kind":"customer","name":"Acme","email":"billing@acme.test","currency":"EUR"}"#
        let first = try client.json("POST", "/v1/parties", body, headers: headers)
        XCTAssertEqual(first.status, 201, first.text)
        let retry = try client.json("POST", "/v1/parties", body, headers: headers)
        XCTAssertEqual(retry.status, 201)
        XCTAssertEqual(retry.body, first.body)
        XCTAssertEqual(retry.headers["idempotent-replayed"], "true")
        let list = try client.request("GET", "/v1/parties", headers: ["Authorization": "Bearer \(tenant.apiKey.key)"])
        XCTAssertEqual((list.json?["data"] as? [Any])?.count, 1, list.text)
    }

    func testSameKeyWithAnotherBodyIs422() throws {
        let tenant = try server.makeTenant()
        let client = try server.client()
        let headers = ["Authorization": "Bearer \(tenant.apiKey.key)", "Idempotency-Key": "create-2"]
        XCTAssertEqual(
            try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"A","currency":"EUR"}"#, headers: headers).status, 201)
        let reused = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"B","currency":"EUR"}"#, headers: headers)
        XCTAssertEqual(reused.status, 422)
        XCTAssertEqual(reused.json?["type"] as? String, "https://recur.dev/problems/idempotency-key-reused")
    }

    func testKeysAreScopedToTheTenant() throws {
        let first = try server.makeTenant()
        let second = try server.makeTenant()
        let client = try server.client()
        let body = #"{"kind":"customer","name":"Same","currency":"EUR"}"#
        for tenant in [first, second] {
            let response = try client.json(
                "POST", "/v1/parties", body,
                headers: ["Authorization": "Bearer \(tenant.apiKey.key)", "Idempotency-Key": "shared-key"])
            XCTAssertEqual(response.status, 201)
            XCTAssertNil(response.headers["idempotent-replayed"])
        }
    }

    func testFailedRequestIsNotStoredAndCanBeRetried() throws {
        let tenant = try server.makeTenant()
        let client = try server.client()
        let headers = ["Authorization": "Bearer \(tenant.apiKey.key)", "Idempotency-Key": "retry-after-fix"]
        let bad = try client.json("POST", "/v1/parties", #"{"kind":"customer","currency":"EUR"}"#, headers: headers)
        XCTAssertEqual(bad.status, 422)
        let replayedError = try client.json("POST", "/v1/parties", #"{"kind":"customer","currency":"EUR"}"#, headers: headers)
        XCTAssertNil(replayedError.headers["idempotent-replayed"])
    }
}
