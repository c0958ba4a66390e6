@testable import API
import HTTPServer
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
}
