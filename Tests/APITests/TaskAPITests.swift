import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Tasks and recurring tasks over real HTTP.
final class TaskAPITests: XCTestCase, TenantAPICalls {
    private var server: APITestServer!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]

    override func setUpWithError() throws {
        server = try APITestServer()
        auth = ["Authorization": "Bearer \(try server.makeTenant("task").apiKey.key)"]
        client = try server.client()
    }

    override func tearDown() { server?.stop() }



    func testCreateFilterPatchAndIsolation() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        let task = try call(
            "POST", "/v1/tasks",
            #"{"title":"Call Acme","assignee":"ann@firm.test","due_date":"2026-05-04","link":{"type":"party","id":"\#(partyID)"}}"#,
            expect: 201)
        let id = try XCTUnwrap(task["id"] as? String)
        XCTAssertEqual(task["status"] as? String, "open")
        XCTAssertEqual((task["link"] as? [String: Any])?["id"] as? String, partyID)
        try call("POST", "/v1/tasks", #"{"title":"Other","due_date":"2026-06-01"}"#, expect: 201)

        let linked = try call("GET", "/v1/tasks?link_type=party&link_id=\(partyID)", expect: 200)
        XCTAssertEqual((linked["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, [id])
        let may = try call("GET", "/v1/tasks?due_from=2026-05-01&due_to=2026-05-31&assignee=ann@firm.test", expect: 200)
        XCTAssertEqual((may["data"] as? [Any])?.count, 1)

        let done = try call("PATCH", "/v1/tasks/\(id)", #"{"status":"done","assignee":null}"#, expect: 200)
        XCTAssertEqual(done["status"] as? String, "done")
        XCTAssertTrue(done["assignee"] is NSNull)
        XCTAssertEqual(done["title"] as? String, "Call Acme", "fields not in the patch are kept")
        XCTAssertFalse(done["completed_at"] is NSNull)
        XCTAssertEqual((try call("GET", "/v1/tasks?status=open", expect: 200)["data"] as? [Any])?.count, 1)

        let invalid = try call(
            "POST", "/v1/tasks", #"{"title":"","link":{"type":"project","id":"\#(partyID)"},"due_date":"tomorrow"}"#, expect: 422)
        XCTAssertEqual(problemPointers(invalid), ["/due_date", "/link/type"])
        XCTAssertEqual(problemPointers(try call("POST", "/v1/tasks", #"{"title":" "}"#, expect: 422)), ["/title"])
        XCTAssertEqual(problemPointers(try call("PATCH", "/v1/tasks/\(id)", #"{"status":"finished"}"#, expect: 422)), ["/status"])

        let other = ["Authorization": "Bearer \(try server.makeTenant("task2").apiKey.key)"]
        XCTAssertEqual(try client.request("GET", "/v1/tasks/\(id)", headers: other).status, 404)
        XCTAssertEqual(try client.json("PATCH", "/v1/tasks/\(id)", #"{"status":"open"}"#, headers: other).status, 404)
    }

    func testRecurringTaskOnFirstBusinessDayPostedByTheEOD() throws {
        let created = try call(
            "POST", "/v1/recurring-tasks",
            #"{"title":"Review the social media strategy","schedule":{"kind":"monthly","byBusinessDay":1,"start":"2026-02-01"}}"#,
            expect: 201)
        let id = try XCTUnwrap(created["id"] as? String)
        let preview = try call("GET", "/v1/recurring-tasks/\(id)/preview?count=3", expect: 200)
        XCTAssertEqual(
            (preview["data"] as? [[String: Any]])?.compactMap { $0["document_date"] as? String },
            ["2026-02-02", "2026-03-02", "2026-04-01"])
        for _ in 0..<2 {
            XCTAssertEqual(try client.runEOD(asOf: "2026-03-31", headers: auth)["status"] as? String, "succeeded")
        }
        let tasks = try call("GET", "/v1/tasks", expect: 200)
        XCTAssertEqual(
            Set((tasks["data"] as? [[String: Any]])?.compactMap { $0["due_date"] as? String } ?? []),
            ["2026-02-02", "2026-03-02"], "two occurrences, once each")
        XCTAssertEqual(try call("POST", "/v1/recurring-tasks/\(id)/pause", expect: 200)["state"] as? String, "paused")
        XCTAssertEqual(try call("POST", "/v1/recurring-tasks/\(id)/resume", expect: 200)["state"] as? String, "active")
        XCTAssertEqual(try call("POST", "/v1/recurring-tasks/\(id)/end", expect: 200)["state"] as? String, "ended")
        XCTAssertEqual(problemPointers(try call("POST", "/v1/recurring-tasks", #"{"title":"x"}"#, expect: 422)), ["/schedule"])
        let other = ["Authorization": "Bearer \(try server.makeTenant("task3").apiKey.key)"]
        XCTAssertEqual(try client.request("GET", "/v1/recurring-tasks/\(id)", headers: other).status, 404)
    }
}
