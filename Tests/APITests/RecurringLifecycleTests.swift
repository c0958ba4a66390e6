import API
import Foundation
import HTTPServer
import TestSupport
import XCTest

/// The four recurring resources — invoices, expenses, tasks, sales orders — driven through one table of cases over
/// real HTTP: the same routes, the same lifecycle (active → paused → active, → ended, ended by the schedule's end),
/// the same PUT semantics and the same preview shape.
final class RecurringLifecycleTests: TenantAPITestCase {
    override class var tenantPrefix: String { "life" }

    /// One recurring resource: its path, a create body's payload (without the schedule), a changed payload for
    /// PUT and a field that shows the change, and the table holding what its occurrences post.
    private struct Kind {
        let path: String
        let payload: String
        let changed: String
        let changedField: (key: String, value: String)
        let documents: String
    }

    private func kinds() throws -> [Kind] {
        let customer = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        let vendor = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"CloudCo"}"#, expect: 201)["id"] as? String)
        let category = try XCTUnwrap(try call("POST", "/v1/expense-categories", #"{"name":"Software"}"#, expect: 201)["id"] as? String)
        let item = try XCTUnwrap(
            try call("POST", "/v1/items", #"{"code":"SUP","name":"Support","unit_price":"50.00"}"#, expect: 201)["id"] as? String)
        return [
            Kind(
                path: "/v1/recurring-invoices",
                payload: #""party_id":"\#(customer)","mode":"amount","amount":"49.90","description":"Care","statement_reference":"Care {RIMonth}""#,
                changed: #""party_id":"\#(customer)","mode":"amount","amount":"59.90","description":"Care+","statement_reference":"Care {RIMonth}""#,
                changedField: ("amount", "59.90"), documents: "invoices"),
            Kind(
                path: "/v1/recurring-expenses",
                payload: #""vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"29.00""#,
                changed: #""vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"39.00""#,
                changedField: ("amount", "39.00"), documents: "expenses"),
            Kind(
                path: "/v1/recurring-tasks",
                payload: #""title":"Review the books","party_id":"\#(customer)""#,
                changed: #""title":"Review the books twice","party_id":"\#(customer)""#,
                changedField: ("title", "Review the books twice"), documents: "tasks"),
            Kind(
                path: "/v1/recurring-sales-orders",
                payload: #""party_id":"\#(customer)","reference":"SO-1","lines":[{"item_id":"\#(item)","quantity":"2"}]"#,
                changed: #""party_id":"\#(customer)","reference":"SO-2","lines":[{"item_id":"\#(item)","quantity":"3"}]"#,
                changedField: ("reference", "SO-2"), documents: "sales-orders"),
        ]
    }

    private func body(_ payload: String, _ schedule: String, _ extra: String = "") -> String {
        #"{\#(payload),"schedule":\#(schedule)\#(extra)}"#
    }

    private let monthly = #"{"kind":"monthly","start":"2026-09-01"}"#

    func testEveryKindAnswersTheSameLifecycle() throws {
        let previewKeys: Set<String> = [
            "index", "posting_date", "created_on", "due_date", "period_start", "period_end", "document_date", "document_due_date",
            "reference", "currency", "subtotal", "discount_total", "tax_total", "total",
        ]
        for kind in try kinds() {
            let created = try call("POST", kind.path, body(kind.payload, monthly), expect: 201)
            let id = try XCTUnwrap(created["id"] as? String, kind.path)
            XCTAssertEqual(created["state"] as? String, "active", kind.path)
            XCTAssertEqual(try call("GET", "\(kind.path)/\(id)", expect: 200)["id"] as? String, id, kind.path)
            let listed = try call("GET", "\(kind.path)?state=active", expect: 200)["data"] as? [[String: Any]] ?? []
            XCTAssertEqual(listed.compactMap { $0["id"] as? String }, [id], kind.path)
            XCTAssertEqual((try call("GET", "\(kind.path)?state=ended", expect: 200)["data"] as? [Any])?.count, 0, kind.path)
            try call("GET", "\(kind.path)?state=stopped", expect: 422)

            // One preview shape for every kind.
            let preview = try call("GET", "\(kind.path)/\(id)/preview?count=3", expect: 200)["data"] as? [[String: Any]] ?? []
            XCTAssertEqual(preview.compactMap { $0["posting_date"] as? String }, ["2026-09-01", "2026-10-01", "2026-11-01"], kind.path)
            for row in preview { XCTAssertEqual(Set(row.keys), previewKeys, kind.path) }

            // Paused: pausing again changes nothing, the EOD posts nothing.
            XCTAssertEqual(try call("POST", "\(kind.path)/\(id)/pause", expect: 200)["state"] as? String, "paused", kind.path)
            XCTAssertEqual(try call("POST", "\(kind.path)/\(id)/pause", expect: 200)["state"] as? String, "paused", kind.path)
            _ = try client.runEOD(asOf: "2026-10-15", headers: auth)
            XCTAssertEqual(try call("GET", "\(kind.path)/\(id)", expect: 200)["last_posted_date"] as? NSNull, NSNull(), kind.path)

            // Resumed with catch-up: the next EOD posts what was missed, once.
            let resumed = try call("POST", "\(kind.path)/\(id)/resume", #"{"catch_up":true}"#, expect: 200)
            XCTAssertEqual(resumed["state"] as? String, "active", kind.path)
            _ = try client.runEOD(asOf: "2026-10-15", headers: auth)
            let caughtUp = try call("GET", "\(kind.path)/\(id)", expect: 200)
            XCTAssertEqual(caughtUp["last_posted_date"] as? String, "2026-10-01", kind.path)
            XCTAssertEqual(caughtUp["last_posted_index"] as? Int, 1, kind.path)

            // PUT: a new payload and schedule take over after the last posting; nothing posted changes.
            let replaced = try call(
                "PUT", "\(kind.path)/\(id)", body(kind.changed, #"{"kind":"monthly","start":"2026-09-15"}"#), expect: 200)
            XCTAssertEqual(replaced[kind.changedField.key] as? String, kind.changedField.value, kind.path)
            XCTAssertEqual(replaced["state"] as? String, "active", kind.path)
            XCTAssertEqual(replaced["skip_through"] as? String, "2026-10-01", kind.path)
            let next = try call("GET", "\(kind.path)/\(id)/preview?count=1", expect: 200)["data"] as? [[String: Any]]
            XCTAssertEqual(next?.first?["posting_date"] as? String, "2026-10-15", kind.path)
            XCTAssertEqual(
                problemPointers(try call("PUT", "\(kind.path)/\(id)", body(kind.changed, #"{"kind":"monthly"}"#), expect: 422)),
                ["/schedule/start"], kind.path)
            try call("PUT", "\(kind.path)/\(UUID().uuidString.lowercased())", body(kind.changed, monthly), expect: 404)

            // Ended: final, visible, and nothing changes it any more.
            let ended = try call("POST", "\(kind.path)/\(id)/end", expect: 200)
            XCTAssertEqual(ended["state"] as? String, "ended", kind.path)
            XCTAssertNotNil(ended["ended_at"] as? String, kind.path)
            for action in ["pause", "resume", "end"] { try call("POST", "\(kind.path)/\(id)/\(action)", expect: 409) }
            try call("PUT", "\(kind.path)/\(id)", body(kind.changed, monthly), expect: 409)
            _ = try client.runEOD(asOf: "2026-11-30", headers: auth)
            XCTAssertEqual(try call("GET", "\(kind.path)/\(id)", expect: 200)["last_posted_date"] as? String, "2026-10-01", kind.path)
        }
    }

    func testEveryKindEndsWhenItsScheduleDoesAndANewScheduleRevivesIt() throws {
        for kind in try kinds() {
            let twice = #"{"kind":"monthly","start":"2026-09-01","count":2}"#
            let id = try XCTUnwrap(try call("POST", kind.path, body(kind.payload, twice), expect: 201)["id"] as? String)
            _ = try client.runEOD(asOf: "2026-11-15", headers: auth)
            let finished = try call("GET", "\(kind.path)/\(id)", expect: 200)
            XCTAssertEqual(finished["state"] as? String, "ended", kind.path)
            XCTAssertEqual(finished["ended_at"] as? NSNull, NSNull(), "ended by its schedule, not on request: \(kind.path)")
            XCTAssertEqual(finished["last_posted_date"] as? String, "2026-10-01", kind.path)
            for action in ["pause", "resume"] { try call("POST", "\(kind.path)/\(id)/\(action)", expect: 409) }
            let listed = try call("GET", "\(kind.path)?state=ended", expect: 200)["data"] as? [[String: Any]] ?? []
            XCTAssertTrue(listed.contains { $0["id"] as? String == id }, kind.path)

            // A longer schedule revives it from after the last posting.
            let longer = #"{"kind":"monthly","start":"2026-09-01","count":4}"#
            let revived = try call("PUT", "\(kind.path)/\(id)", body(kind.payload, longer), expect: 200)
            XCTAssertEqual(revived["state"] as? String, "active", kind.path)
            _ = try client.runEOD(asOf: "2026-11-15", headers: auth)
            let after = try call("GET", "\(kind.path)/\(id)", expect: 200)
            XCTAssertEqual(after["last_posted_date"] as? String, "2026-11-01", kind.path)
            // Catch-up is not the default: resuming without it skips what was missed.
            try call("POST", "\(kind.path)/\(id)/pause", expect: 200)
            let resumed = try call("POST", "\(kind.path)/\(id)/resume", expect: 200)
            XCTAssertNotNil(resumed["skip_through"] as? String, kind.path)
        }
    }

    func testEffectiveFromSkipsOccurrencesBeforeIt() throws {
        for kind in try kinds() {
            let created = try call(
                "POST", kind.path, body(kind.payload, monthly, #","effective_from":"2026-10-15""#), expect: 201)
            let id = try XCTUnwrap(created["id"] as? String)
            XCTAssertEqual(created["skip_through"] as? String, "2026-10-14", kind.path)
            let preview = try call("GET", "\(kind.path)/\(id)/preview?count=1", expect: 200)["data"] as? [[String: Any]]
            XCTAssertEqual(preview?.first?["posting_date"] as? String, "2026-11-01", kind.path)
            XCTAssertEqual(
                problemPointers(try call("POST", kind.path, body(kind.payload, monthly, #","effective_from":"soon""#), expect: 422)),
                ["/effective_from"], kind.path)
        }
    }
}
