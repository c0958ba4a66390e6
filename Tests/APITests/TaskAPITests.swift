import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Tasks and recurring tasks over real HTTP.
final class TaskAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "task" }



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
            ["2026-02-02", "2026-03-02", "2026-04-01"], "three occurrences (the 1 April one 7 days ahead), once each")
        XCTAssertEqual(try call("POST", "/v1/recurring-tasks/\(id)/pause", expect: 200)["state"] as? String, "paused")
        XCTAssertEqual(try call("POST", "/v1/recurring-tasks/\(id)/resume", expect: 200)["state"] as? String, "active")
        XCTAssertEqual(try call("POST", "/v1/recurring-tasks/\(id)/end", expect: 200)["state"] as? String, "ended")
        XCTAssertEqual(problemPointers(try call("POST", "/v1/recurring-tasks", #"{"title":"x"}"#, expect: 422)), ["/schedule"])
        let other = ["Authorization": "Bearer \(try server.makeTenant("task3").apiKey.key)"]
        XCTAssertEqual(try client.request("GET", "/v1/recurring-tasks/\(id)", headers: other).status, 404)
    }

    func testRecurringTaskLeadDaysReminderDaysAndPreviewCreationDate() throws {
        let created = try call(
            "POST", "/v1/recurring-tasks",
            #"{"title":"Close the month","lead_days":10,"reminder_days":[3,0],"schedule":{"kind":"monthly","byMonthDay":1,"start":"2026-05-01"}}"#,
            expect: 201)
        let id = try XCTUnwrap(created["id"] as? String)
        XCTAssertEqual(created["lead_days"] as? Int, 10)
        XCTAssertEqual(created["reminder_days"] as? [Int], [3, 0])
        let preview = try XCTUnwrap(try call("GET", "/v1/recurring-tasks/\(id)/preview?count=2", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(preview.compactMap { $0["created_on"] as? String }, ["2026-04-21", "2026-05-22"])
        XCTAssertEqual(preview.compactMap { $0["due_date"] as? String }, ["2026-05-01", "2026-06-01"])
        XCTAssertEqual(try client.runEOD(asOf: "2026-04-21", headers: auth)["status"] as? String, "succeeded")
        let tasks = try XCTUnwrap(try call("GET", "/v1/tasks", expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(tasks.compactMap { $0["due_date"] as? String }, ["2026-05-01"], "created on its creation date")
        XCTAssertEqual(tasks.first?["reminder_days"] as? [Int], [3, 0])

        // PUT replaces the payload: absent lead_days is the default 7, absent reminder_days the tenant's.
        let replaced = try call(
            "PUT", "/v1/recurring-tasks/\(id)",
            #"{"title":"Close the month","schedule":{"kind":"monthly","byMonthDay":1,"start":"2026-05-01"}}"#, expect: 200)
        XCTAssertEqual(replaced["lead_days"] as? Int, 7)
        XCTAssertTrue(replaced["reminder_days"] is NSNull)
        XCTAssertEqual(try call("GET", "/v1/recurring-tasks/\(id)", expect: 200)["lead_days"] as? Int, 7)

        XCTAssertEqual(
            Set(problemPointers(
                try call(
                    "POST", "/v1/recurring-tasks",
                    #"{"title":"x","lead_days":366,"reminder_days":[1,2,3,400,2],"schedule":{"kind":"monthly","byMonthDay":1,"start":"2026-05-01"}}"#,
                    expect: 422))),
            ["/lead_days", "/reminder_days/3", "/reminder_days/4"])
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/recurring-tasks", #"{"title":"x","lead_days":"7","schedule":{"kind":"monthly","byMonthDay":1,"start":"2026-05-01"}}"#, expect: 422)),
            ["/lead_days"])
    }

    func testTaskReminderDaysCreatePatchAndErrors() throws {
        let task = try call("POST", "/v1/tasks", #"{"title":"Renew domain","due_date":"2026-05-04","reminder_days":[7,1]}"#, expect: 201)
        let id = try XCTUnwrap(task["id"] as? String)
        XCTAssertEqual(task["reminder_days"] as? [Int], [7, 1])
        XCTAssertEqual(try call("GET", "/v1/tasks/\(id)", expect: 200)["reminder_days"] as? [Int], [7, 1])
        XCTAssertEqual(try call("PATCH", "/v1/tasks/\(id)", #"{"title":"Renew the domain"}"#, expect: 200)["reminder_days"] as? [Int], [7, 1])
        XCTAssertTrue(try call("PATCH", "/v1/tasks/\(id)", #"{"reminder_days":null}"#, expect: 200)["reminder_days"] is NSNull)
        XCTAssertEqual(try call("PATCH", "/v1/tasks/\(id)", #"{"reminder_days":[]}"#, expect: 200)["reminder_days"] as? [Int], [])
        XCTAssertEqual(problemPointers(try call("POST", "/v1/tasks", #"{"title":"x","reminder_days":[0,1,1]}"#, expect: 422)), ["/reminder_days/2"])
        XCTAssertEqual(problemPointers(try call("PATCH", "/v1/tasks/\(id)", #"{"reminder_days":[0,1,2,3,4,5,6,7,8,9,10]}"#, expect: 422)), ["/reminder_days"])
        XCTAssertEqual(problemPointers(try call("PATCH", "/v1/tasks/\(id)", #"{"reminder_days":[-1]}"#, expect: 422)), ["/reminder_days/0"])
        XCTAssertEqual(problemPointers(try call("PATCH", "/v1/tasks/\(id)", #"{"reminder_days":["1"]}"#, expect: 422)), ["/reminder_days"])
    }
}
