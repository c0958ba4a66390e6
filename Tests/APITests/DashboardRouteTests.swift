@testable import API
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import XCTest

/// The dashboard's routes (`/app`, docs/dashboard.md) are served beside the API, never in it: every one is under
/// `/app`, none is in the OpenAPI document, and the API router (which the document test compares with the document)
/// has none of them.
final class DashboardRouteTests: XCTestCase {
    func testDashboardRoutesAreUnderAppAndOutsideTheDocument() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let api = Set(RecurAPI.makeRouter(server.environment).routes.map { "\($0.method.rawValue) \($0.pattern)" })
        let all = Set(RecurAPI.makeServerRouter(server.environment).routes.map { "\($0.method.rawValue) \($0.pattern)" })
        let dashboard = all.subtracting(api)
        XCTAssertTrue(api.isSubset(of: all))
        XCTAssertTrue(dashboard.contains("GET /app"))
        XCTAssertTrue(dashboard.contains("POST /app/login"))
        for route in dashboard {
            let path = route.split(separator: " ")[1]
            XCTAssertTrue(path == "/app" || path.hasPrefix("/app/"), "\(route) is not under /app")
        }
        XCTAssertFalse(RecurAPI.operations.contains { $0.path == "/app" || $0.path.hasPrefix("/app/") })
        XCTAssertFalse(api.contains { $0.contains(" /app") })
    }

    func testEveryActionNamesADocumentedOperation() {
        for action in InvoicePages.actions {
            XCTAssertTrue(RecurAPI.operations.contains { $0.operationID == action.operationID }, action.operationID)
            XCTAssertFalse(APIPermissions.allows(.viewer, operationID: action.operationID), "a viewer may \(action.operationID)")
            XCTAssertTrue(APIPermissions.allows(.accountant, operationID: action.operationID))
        }
    }

    /// A page's independent reads (`DashboardAPI.get(_: [Read])`, the home page's): every answer in its read's place
    /// (a failed one `nil`), at most `lanesPerPage` at once, more than one at once, each timed.
    func testAPageReadsAtOnceOnAFewLanes() {
        let running = Mutex((now: 0, most: 0))
        var router = Router()
        router.get("/n/:n") { request in
            running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            Thread.sleep(forTimeInterval: 0.05)
            running.withLock { $0.now -= 1 }
            let n = request.parameters["n"] ?? ""
            guard n != "3" else { return Response(status: .notFound) }
            return Response.json { w in
                w.object { w in
                    w.key("n"); w.string(n)
                    w.key("q"); w.string(request.query("q") ?? "")
                }
            }
        }
        let api = DashboardAPI(router: router, request: Request(method: .get, path: "/app"))
        let reads = api.get((0..<10).map { DashboardAPI.Read("read-\($0)", "/n/\($0)", [("q", "x\($0)")]) })
        XCTAssertEqual(reads.values.map { $0?.text("n") }, (0..<10).map { $0 == 3 ? nil : String($0) })
        XCTAssertEqual(reads["read-7"]?.text("q"), "x7")
        XCTAssertEqual(reads.milliseconds.count, 10)
        XCTAssertTrue(reads.milliseconds.allSatisfy { $0 >= 45 }, "\(reads.milliseconds)")
        XCTAssertEqual(reads.serverTiming.count, 10)
        XCTAssertTrue(reads.serverTiming[0].hasPrefix("read-0;dur="), reads.serverTiming[0])
        let most = running.withLock { $0.most }
        XCTAssertTrue((2...DashboardAPI.lanesPerPage).contains(most), "\(most) reads at once")
    }

    func testTextAndAttributesAreEscaped() {
        let html = HTML.element("a", [("href", "/x?a=\"1\"&b=<2>")]) { "<script>alert('x')</script>" }
        XCTAssertEqual(html.markup, "<a href=\"/x?a=&quot;1&quot;&amp;b=&lt;2&gt;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>")
    }

    func testEveryStringHasBothLanguages() {
        for key in DashboardText.allCases {
            XCTAssertFalse(DashboardLanguage.en.callAsFunction(key).isEmpty, key.rawValue)
            XCTAssertFalse(DashboardLanguage.fr.callAsFunction(key).isEmpty, key.rawValue)
        }
        XCTAssertEqual(DashboardLanguage.fr.callAsFunction(.navInvoices), "Factures")
    }

    /// The invitation e-mail's link: a form that sets the password once (the API's rules and token checks), then the
    /// login works; the reset request page answers the same whether the account exists or not.
    func testEmailedLinkPagesSetThePasswordOnceAndAskForAReset() throws {
        let server = try APITestServer(serveDashboard: true)
        defer { server.stop() }
        let created = try server.makeTenant("links")
        let slug = created.tenant.slug
        let client = try server.client()
        let invited = try client.json(
            "POST", "/v1/users", #"{"email":"ann@links.test","name":"Ann","role":"accountant"}"#,
            headers: ["Authorization": "Bearer \(created.apiKey.key)"])
        XCTAssertEqual(invited.status, 201, invited.text)
        let token = try XCTUnwrap(invited.json?["invitation_token"] as? String)

        let page = try client.request("GET", "/app/invitations/accept?tenant=\(slug)&token=\(token)")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains(#"name="token" value="\#(token)""#), page.text)
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        func post(_ password: String) throws -> HTTPTestClient.Response {
            try client.request(
                "POST", "/app/invitations/accept", headers: form,
                body: Array("tenant=\(slug)&token=\(token)&password=\(password)".utf8))
        }
        let short = try post("short")
        XCTAssertEqual(short.status, 422, "the password rule, shown on the form again")
        XCTAssertTrue(short.text.contains(#"id="set-password""#))
        let set = try post("a+long+enough+password")
        XCTAssertEqual(set.status, 303, set.text)
        XCTAssertEqual(set.headers["location"], "/app/login")
        let login = try client.json(
            "POST", "/v1/sessions", #"{"tenant":"\#(slug)","email":"ann@links.test","password":"a long enough password"}"#)
        XCTAssertEqual(login.status, 201, login.text)
        let again = try post("another+long+password")
        XCTAssertEqual(again.status, 422)
        XCTAssertTrue(again.text.contains(DashboardLanguage.en(.linkInvalid)), again.text)

        for email in ["ann@links.test", "nobody@links.test"] {
            let asked = try client.request(
                "POST", "/app/password-resets", headers: form, body: Array("tenant=\(slug)&email=\(email)".utf8))
            XCTAssertEqual(asked.status, 202, asked.text)
            XCTAssertTrue(asked.text.contains(DashboardLanguage.en(.resetSent)))
        }
        XCTAssertTrue(try client.request("GET", "/app/login").text.contains(#"href="/app/password-resets""#))
    }
}
