import Foundation
import TestSupport
import XCTest

/// Issue 23, webhooks over HTTP: endpoints registered (https only, known event types), their secret shown once,
/// changed, rotated and deleted; every refusal names its field; an issued invoice fans out to subscribed endpoints.
final class WebhookAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "hooks" }

    private func register(_ url: String = "https://hooks.example.com/recur", types: String = #"["invoice.issued"]"#) throws -> [String: Any] {
        try call("POST", "/v1/webhook-endpoints", #"{"url":"\#(url)","event_types":\#(types),"description":"ERP"}"#, expect: 201)
    }

    func testAnEndpointIsRegisteredWithItsSecretShownOnceAndChangedAndDeleted() throws {
        let created = try register()
        let id = try XCTUnwrap(created["id"] as? String)
        let secret = try XCTUnwrap(created["secret"] as? String)
        XCTAssertNotNil(secret.wholeMatch(of: /whsec_[A-Za-z0-9_-]{43}/), secret)
        XCTAssertEqual(created["event_types"] as? [String], ["invoice.issued"])
        XCTAssertEqual(created["enabled"] as? Bool, true)

        let read = try call("GET", "/v1/webhook-endpoints/\(id)", expect: 200)
        XCTAssertNil(read["secret"], "the secret is shown once")
        XCTAssertEqual(read["url"] as? String, "https://hooks.example.com/recur")
        let listed = try call("GET", "/v1/webhook-endpoints", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(listed.map { $0["id"] as? String }, [id])
        XCTAssertNil(listed.first?["secret"])

        let changed = try call(
            "PATCH", "/v1/webhook-endpoints/\(id)",
            #"{"event_types":["invoice.issued","invoice.overdue"],"enabled":false,"description":null}"#, expect: 200)
        XCTAssertEqual(changed["event_types"] as? [String], ["invoice.issued", "invoice.overdue"])
        XCTAssertEqual(changed["enabled"] as? Bool, false)
        XCTAssertTrue(changed["description"] is NSNull)
        XCTAssertEqual(changed["url"] as? String, "https://hooks.example.com/recur", "fields absent are kept")

        _ = try call("DELETE", "/v1/webhook-endpoints/\(id)", expect: 204)
        _ = try call("GET", "/v1/webhook-endpoints/\(id)", expect: 404)
        _ = try call("DELETE", "/v1/webhook-endpoints/\(id)", expect: 404)
    }

    func testRefusalsNameTheirField() throws {
        let plain = try call(
            "POST", "/v1/webhook-endpoints", #"{"url":"http://hooks.example.com/recur","event_types":["invoice.issued"]}"#, expect: 422)
        XCTAssertEqual(problemPointers(plain), ["/url"])
        let unknown = try call(
            "POST", "/v1/webhook-endpoints", #"{"url":"https://h.example.com","event_types":["invoice.issued","invoice.paid"]}"#, expect: 422)
        XCTAssertEqual(problemPointers(unknown), ["/event_types/1"])
        let empty = try call("POST", "/v1/webhook-endpoints", #"{"url":"https://h.example.com","event_types":[]}"#, expect: 422)
        XCTAssertEqual(problemPointers(empty), ["/event_types"])
        let repeated = try call(
            "POST", "/v1/webhook-endpoints", #"{"url":"https://h.example.com","event_types":["task.due","task.due"]}"#, expect: 422)
        XCTAssertEqual(problemPointers(repeated), ["/event_types"])
        let missing = try call("POST", "/v1/webhook-endpoints", #"{"colour":"red"}"#, expect: 422)
        XCTAssertEqual(problemPointers(missing), ["/colour", "/event_types", "/url"])
        let long = try call(
            "POST", "/v1/webhook-endpoints",
            #"{"url":"https://h.example.com/\#(String(repeating: "a", count: 2000))","event_types":["task.due"]}"#, expect: 422)
        XCTAssertEqual(problemPointers(long), ["/url"])

        let id = try XCTUnwrap(try register()["id"] as? String)
        let patch = try call("PATCH", "/v1/webhook-endpoints/\(id)", #"{"url":"ftp://x","enabled":"yes"}"#, expect: 422)
        XCTAssertEqual(problemPointers(patch), ["/enabled", "/url"])
        let rotation = try call("POST", "/v1/webhook-endpoints/\(id)/rotate-secret", #"{"overlap_hours":169}"#, expect: 422)
        XCTAssertEqual(problemPointers(rotation), ["/overlap_hours"])
        XCTAssertEqual(problemPointers(try call("GET", "/v1/webhook-endpoints/\(id)/deliveries?status=lost", expect: 422)), ["/status"])
        _ = try call("GET", "/v1/webhook-endpoints/\(UUID().uuidString.lowercased())/deliveries", expect: 404)
    }

    func testRotationReturnsANewSecretOnceAndKeepsTheOldOneForTheOverlap() throws {
        let created = try register()
        let id = try XCTUnwrap(created["id"] as? String)
        let rotated = try call("POST", "/v1/webhook-endpoints/\(id)/rotate-secret", #"{"overlap_hours":2}"#, expect: 200)
        let secret = try XCTUnwrap(rotated["secret"] as? String)
        XCTAssertNotEqual(secret, created["secret"] as? String)
        let expires = try XCTUnwrap(rotated["previous_secret_expires_at"] as? String)
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let date = try XCTUnwrap((try? Date(expires, strategy: fractional)) ?? (try? Date(expires, strategy: .iso8601)))
        XCTAssertEqual(date.timeIntervalSinceNow, 7200, accuracy: 120)
        XCTAssertNil(try call("GET", "/v1/webhook-endpoints/\(id)", expect: 200)["secret"])

        // No overlap: the old secret stops signing at once; an empty body means the default (24 h).
        let abrupt = try call("POST", "/v1/webhook-endpoints/\(id)/rotate-secret", #"{"overlap_hours":0}"#, expect: 200)
        XCTAssertTrue(abrupt["previous_secret_expires_at"] is NSNull)
        let standard = try call("POST", "/v1/webhook-endpoints/\(id)/rotate-secret", expect: 200)
        XCTAssertFalse(standard["previous_secret_expires_at"] is NSNull)
    }

    func testAnIssuedInvoiceFansOutToSubscribedEndpointsWithTheNotificationIdAsEventId() throws {
        let subscribed = try XCTUnwrap(try register()["id"] as? String)
        let other = try XCTUnwrap(try register("https://tasks.example.com", types: #"["task.due"]"#)["id"] as? String)
        let party = try XCTUnwrap(
            try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme","email":"billing@acme.test"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-12-06","lines":[{"description":"Support","quantity":"1","unit_price":"100"}]}"#,
            expect: 201)
        let invoice = try XCTUnwrap(draft["id"] as? String)
        _ = try call("POST", "/v1/invoices/\(invoice)/issue", expect: 200)
        let notification = try XCTUnwrap(
            (try call("GET", "/v1/notifications?invoice_id=\(invoice)", expect: 200)["data"] as? [[String: Any]])?.first)

        let deliveries = try call("GET", "/v1/webhook-endpoints/\(subscribed)/deliveries?status=pending", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(deliveries.count, 1)
        let delivery = try XCTUnwrap(deliveries.first)
        XCTAssertEqual(delivery["event_id"] as? String, notification["id"] as? String)
        XCTAssertEqual(delivery["event_type"] as? String, "invoice.issued")
        let payload = try XCTUnwrap(delivery["payload"] as? [String: Any])
        XCTAssertEqual(payload["id"] as? String, notification["id"] as? String)
        XCTAssertEqual(payload["type"] as? String, "invoice.issued")
        XCTAssertEqual((payload["data"] as? [String: Any])?["invoice_id"] as? String, invoice)
        XCTAssertEqual((try call("GET", "/v1/webhook-endpoints/\(other)/deliveries", expect: 200)["data"] as? [Any])?.count, 0)

        let again = try call(
            "POST", "/v1/webhook-endpoints/\(subscribed)/deliveries/\(try XCTUnwrap(delivery["id"] as? String))/redeliver", expect: 200)
        XCTAssertEqual(again["status"] as? String, "pending")
        _ = try call("POST", "/v1/webhook-endpoints/\(other)/deliveries/\(try XCTUnwrap(delivery["id"] as? String))/redeliver", expect: 404)
    }
}
