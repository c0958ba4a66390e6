import API
import Domain
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// No request can cause unbounded work: schedules have a maximum count and a horizon, the EOD never runs ahead
/// of the tenant's today, an EOD asked for over the API runs in the background, and every statement of a
/// request has a time limit.
final class BoundedWorkTests: XCTestCase {
    private var server: APITestServer!
    private var client: HTTPTestClient!
    private var auth: [String: String] = [:]
    private var tenant: CreatedTenant!

    override func setUpWithError() throws {
        server = try APITestServer()
        tenant = try server.makeTenant("bounded")
        auth = ["Authorization": "Bearer \(tenant.apiKey.key)"]
        client = try server.client()
    }

    override func tearDown() { server?.stop() }


    func testSchedulesHaveAMaximumCountAndAHorizon() throws {
        let cases: [(String, String)] = [
            (#"{"kind":"daily","start":"2026-01-01","count":1000000000000}"#, "/schedule/count"),
            (#"{"kind":"daily","start":"2026-01-01","count":10001}"#, "/schedule/count"),
            // Past Int64: once a trap that took the whole server down.
            (#"{"kind":"daily","start":"2026-01-01","count":9223372036854775808}"#, "/schedule/count"),
            (#"{"kind":"daily","start":"2026-01-01","interval":100000000000000000000}"#, "/schedule/interval"),
            (#"{"kind":"daily","start":"0001-01-01"}"#, "/schedule/start"),
            (#"{"kind":"daily","start":"2026-01-01","end":"9999-12-31"}"#, "/schedule/end"),
            (#"{"kind":"mixerp_duration","everyDays":30,"start":"2026-01-01","totalDurationDays":3000000}"#,
             "/schedule/totalDurationDays"),
        ]
        for (schedule, pointer) in cases {
            let response = try client.json(
                "POST", "/v1/recurring-tasks", #"{"title":"Bounded","schedule":\#(schedule)}"#, headers: auth)
            XCTAssertEqual(response.status, 422, "\(schedule): \(response.text)")
            XCTAssertEqual(problemPointersInOrder(response.json ?? [:]), [pointer], schedule)
        }
        let fine = try client.json(
            "POST", "/v1/recurring-tasks",
            #"{"title":"Fine","schedule":{"kind":"daily","start":"2026-01-01","count":10000}}"#, headers: auth)
        XCTAssertEqual(fine.status, 201, fine.text)
    }

    func testEODAsOfAfterTheTenantsTodayIs422() throws {
        let today = tenant.tenant.context.today()
        for asOf in ["9999-12-31", today.adding(days: 1).description] {
            let response = try client.json("POST", "/v1/eod-runs", #"{"as_of":"\#(asOf)"}"#, headers: auth)
            XCTAssertEqual(response.status, 422, response.text)
            XCTAssertEqual(problemPointersInOrder(response.json ?? [:]), ["/as_of"])
        }
        let runs = try client.request("GET", "/v1/eod-runs", headers: auth).json?["data"] as? [Any]
        XCTAssertEqual(runs?.count, 0, "nothing started")
    }

    func testEODOverTheAPIRunsInTheBackgroundAndIsPolled() throws {
        _ = try client.json(
            "POST", "/v1/recurring-tasks",
            #"{"title":"Daily","lead_days":0,"schedule":{"kind":"daily","start":"2020-01-01"}}"#, headers: auth)
        let today = tenant.tenant.context.today().description
        let started = try client.json("POST", "/v1/eod-runs", #"{"as_of":"\#(today)"}"#, headers: auth)
        XCTAssertEqual(started.status, 202, started.text)
        let id = try XCTUnwrap(started.json?["id"] as? String)
        XCTAssertEqual(started.headers["location"], "/v1/eod-runs/\(id)")
        var run: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(180)
        repeat {
            run = try client.request("GET", "/v1/eod-runs/\(id)", headers: auth).json ?? [:]
        } while run["status"] as? String == "running" && Date() < deadline
        XCTAssertEqual(run["status"] as? String, "succeeded")
        let posted = (run["counts"] as? [String: Any])?["recurring_tasks"] as? Int ?? -1
        let days = CalendarDate("2020-01-01").map { CalendarDate(today)!.dayNumber - $0.dayNumber + 1 } ?? 0
        XCTAssertEqual(posted, days, "every daily task up to today, once")
    }

    func testAChangeToATemplateAnEODRunHoldsIs409WithinSecondsNotAHang() throws {
        let created = try client.json(
            "POST", "/v1/recurring-tasks", #"{"title":"Weekly","schedule":{"kind":"weekly","start":"2026-01-05"}}"#, headers: auth)
        let id = try XCTUnwrap(created.json?["id"] as? String, created.text)
        // Another transaction (as an EOD run posting it) holds the template's row lock until told to let go.
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let access = TenantAccess(tenant: tenant.tenant.context, keyID: tenant.apiKey.info.id)
        let tenants = server.environment.tenants
        DispatchQueue.global().async {
            _ = try? tenants.transaction(access) { connection in
                try connection.execute("SELECT 1 FROM recurring_tasks WHERE id = '\(id)' FOR UPDATE")
                holding.signal()
                release.wait()
            }
            done.signal()
        }
        holding.wait()
        for action in ["pause", "end"] {
            let started = Date()
            let refused = try client.json("POST", "/v1/recurring-tasks/\(id)/\(action)", "{}", headers: auth)
            let waited = Date().timeIntervalSince(started)
            XCTAssertEqual(refused.status, 409, refused.text)
            XCTAssertTrue(refused.text.contains("being posted by an EOD run"), refused.text)
            XCTAssertGreaterThan(waited, 2.5, "it waited for the lock a little")
            XCTAssertLessThan(waited, 8, "then answered instead of hanging")
        }
        let replaced = try client.json(
            "PUT", "/v1/recurring-tasks/\(id)", #"{"title":"Renamed","schedule":{"kind":"weekly","start":"2026-01-05"}}"#,
            headers: auth)
        XCTAssertEqual(replaced.status, 409, replaced.text)
        release.signal()
        done.wait()
        // Once the lock is gone the same change goes through, and nothing of the refused ones stuck.
        let paused = try client.json("POST", "/v1/recurring-tasks/\(id)/pause", "{}", headers: auth)
        XCTAssertEqual(paused.status, 200, paused.text)
        XCTAssertEqual(paused.json?["state"] as? String, "paused")
        XCTAssertEqual(paused.json?["title"] as? String, "Weekly")
    }

    func testEveryStatementOfARequestHasATimeLimit() throws {
        let access = TenantAccess(tenant: tenant.tenant.context, keyID: tenant.apiKey.info.id)
        let setting = try server.environment.tenants.transaction(access) { connection in
            try connection.query("SELECT current_setting('statement_timeout') AS t").first?.decode(String.self, "t")
        }
        XCTAssertEqual(setting, "30s")
        var short = server.environment.tenants
        short.statementTimeout = .milliseconds(100)
        XCTAssertThrowsError(
            try ErrorMapping.mapped { try short.transaction(access) { try $0.execute("SELECT pg_sleep(2)") } }
        ) { error in
            XCTAssertEqual((error as? Problem)?.status, .serviceUnavailable, "\(error)")
        }
    }
}
