import Foundation
import TestSupport
import XCTest

/// Issue 23 over HTTP: every issued invoice queues its e-mail (manual and sales order, not only the EOD's); the
/// outbox is listed, filtered and read with its attempts; delivery settings and a customer's reminder opt-out are
/// kept and refused when invalid.
final class NotificationAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "notify" }

    private func customer(_ email: String = "billing@acme.test") throws -> String {
        try XCTUnwrap(
            try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme","email":"\#(email)"}"#, expect: 201)["id"] as? String)
    }

    private func issuedInvoice(party: String) throws -> String {
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-12-06","lines":[{"description":"Support","quantity":"1","unit_price":"100"}]}"#,
            expect: 201)
        let id = try XCTUnwrap(draft["id"] as? String)
        _ = try call("POST", "/v1/invoices/\(id)/issue", expect: 200)
        return id
    }

    func testAManuallyIssuedInvoiceQueuesItsEmailOnceAndTheOutboxShowsIt() throws {
        let party = try customer()
        let invoice = try issuedInvoice(party: party)
        let listed = try call("GET", "/v1/notifications?invoice_id=\(invoice)", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(listed.count, 1)
        let notification = try XCTUnwrap(listed.first)
        XCTAssertEqual(notification["kind"] as? String, "invoice_issued")
        XCTAssertEqual(notification["status"] as? String, "pending")
        XCTAssertEqual(notification["recipient"] as? String, "billing@acme.test")
        XCTAssertEqual(notification["attempts"] as? Int, 0)
        let id = try XCTUnwrap(notification["id"] as? String)
        XCTAssertEqual(notification["message_id"] as? String, "<\(id)@notifications.recur>")

        let detail = try call("GET", "/v1/notifications/\(id)", expect: 200)
        XCTAssertEqual((detail["payload"] as? [String: Any])?["invoice_id"] as? String, invoice)
        XCTAssertEqual((detail["attempt_log"] as? [Any])?.count, 0)
        XCTAssertTrue((detail["body"] as? String)?.contains("Acme") == true, "\(detail)")

        // Filters: by kind, status and recipient (any case); a notification still queued cannot be re-sent.
        XCTAssertEqual((try call("GET", "/v1/notifications?kind=invoice_issued&status=pending&recipient=BILLING@ACME.TEST", expect: 200)["data"] as? [Any])?.count, 1)
        XCTAssertEqual((try call("GET", "/v1/notifications?status=sent", expect: 200)["data"] as? [Any])?.count, 0)
        XCTAssertEqual((try call("GET", "/v1/notifications?kind=task_due", expect: 200)["data"] as? [Any])?.count, 0)
        _ = try call("POST", "/v1/notifications/\(id)/resend", expect: 409)
        _ = try call("GET", "/v1/notifications?status=lost", expect: 422)
        _ = try call("GET", "/v1/notifications/\(UUID().uuidString.lowercased())", expect: 404)
    }

    func testAConfirmedSalesOrdersInvoiceQueuesItsEmail() throws {
        let party = try customer("orders@acme.test")
        let item = try XCTUnwrap(
            try call("POST", "/v1/items", #"{"code":"AUDIT","name":"Audit","unit_price":"500"}"#, expect: 201)["id"] as? String)
        let order = try call(
            "POST", "/v1/sales-orders",
            #"{"party_id":"\#(party)","reference":"SO-9","lines":[{"item_id":"\#(item)","quantity":"1"}]}"#,
            expect: 201)
        let confirmation = try call(
            "POST", "/v1/sales-orders/\(try XCTUnwrap(order["id"] as? String))/confirm", #"{"date":"2026-12-06"}"#, expect: 200)
        let invoice = try XCTUnwrap((confirmation["invoice"] as? [String: Any])?["id"] as? String)
        let listed = try call("GET", "/v1/notifications?invoice_id=\(invoice)", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(listed.map { $0["recipient"] as? String }, ["orders@acme.test"])
    }

    func testDeliverySettingsAndReminderOptOutAreKeptAndCheckedByField() throws {
        let updated = try call(
            "PATCH", "/v1/tenant",
            #"{"delivery":{"from_address":"billing@initiative.test","from_name":"Initiative Conseil","reply_to":"compta@initiative.test","alert_recipients":["cfo@initiative.test"]}}"#,
            expect: 200)
        let delivery = try XCTUnwrap(updated["delivery"] as? [String: Any])
        XCTAssertEqual(delivery["from_address"] as? String, "billing@initiative.test")
        XCTAssertEqual(delivery["from_name"] as? String, "Initiative Conseil")
        XCTAssertEqual(delivery["reply_to"] as? String, "compta@initiative.test")
        XCTAssertEqual(delivery["alert_recipients"] as? [String], ["cfo@initiative.test"])

        let refused = try call(
            "PATCH", "/v1/tenant", #"{"delivery":{"from_address":"not an address","alert_recipients":["ok@x.test","<evil>@x.test"]}}"#,
            expect: 422)
        let pointers = Set((refused["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String })
        XCTAssertEqual(pointers, ["/delivery/from_address", "/delivery/alert_recipients/1"])
        let kept = try call("GET", "/v1/tenant", expect: 200)["delivery"] as? [String: Any]
        XCTAssertEqual(kept?["from_address"] as? String, "billing@initiative.test", "nothing stored from a refused change")

        let party = try call(
            "POST", "/v1/parties", #"{"kind":"customer","name":"Quiet Ltd","email":"a@quiet.test","reminders_opt_out":true}"#,
            expect: 201)
        XCTAssertEqual(party["reminders_opt_out"] as? Bool, true)
        let id = try XCTUnwrap(party["id"] as? String)
        XCTAssertEqual(try call("GET", "/v1/parties/\(id)", expect: 200)["reminders_opt_out"] as? Bool, true)
    }
}
