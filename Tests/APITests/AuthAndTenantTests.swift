import API
import Foundation
import HTTPServer
import Store
import TestSupport
import XCTest

final class AuthAndTenantTests: XCTestCase {
    private var server: APITestServer!

    override func setUpWithError() throws { server = try APITestServer() }
    override func tearDown() { server?.stop() }

    func testTenantEndpointReturnsTheCallersTenant() throws {
        let created = try server.makeTenant(timeZone: "Pacific/Auckland", currency: "JPY")
        let response = try server.client().request(
            "GET", "/v1/tenant", headers: ["Authorization": "Bearer \(created.apiKey.key)"])
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["content-type"], "application/json")
        let body = try XCTUnwrap(response.json)
        XCTAssertEqual(body["slug"] as? String, created.tenant.slug)
        XCTAssertEqual(body["time_zone"] as? String, "Pacific/Auckland")
        XCTAssertEqual(body["currency"] as? String, "JPY")
        XCTAssertEqual(body["currency_minor_units"] as? Int, 0)
        XCTAssertEqual(body["status"] as? String, "active")
        // "today" is the tenant's calendar date, not the server's.
        let expected = CalendarDateString.today(in: "Pacific/Auckland")
        XCTAssertEqual(body["today"] as? String, expected)
    }

    func testMissingKeyIs401WithChallengeAndProblemJSON() throws {
        let response = try server.client().request("GET", "/v1/tenant")
        XCTAssertEqual(response.status, 401)
        XCTAssertEqual(response.headers["www-authenticate"], #"Bearer realm="recur""#)
        XCTAssertEqual(response.headers["content-type"], "application/problem+json")
        let problem = try XCTUnwrap(response.json)
        XCTAssertEqual(problem["status"] as? Int, 401)
        XCTAssertEqual(problem["type"] as? String, "https://recur.dev/problems/unauthorized")
        XCTAssertNotNil(problem["title"] as? String)
        XCTAssertNotNil(problem["detail"] as? String)
        XCTAssertEqual(problem["instance"] as? String, "/v1/tenant")
    }

    func testUnknownMalformedAndWrongSchemeKeysAre401() throws {
        let created = try server.makeTenant()
        let client = try server.client()
        // Change one character of the secret part (the middle of the key) to another.
        var characters = Array(created.apiKey.key)
        let middle = characters.count - 10
        characters[middle] = characters[middle] == "A" ? "B" : "A"
        let tampered = String(characters)
        XCTAssertNotEqual(tampered, created.apiKey.key)
        for header in ["Bearer \(tampered)", "Bearer nonsense", "Basic \(created.apiKey.key)", "Bearer"] {
            let response = try client.request("GET", "/v1/tenant", headers: ["Authorization": header])
            XCTAssertEqual(response.status, 401, header)
        }
    }

    func testSpacesAroundTheKeyAreIgnored() throws {
        let created = try server.makeTenant()
        let response = try server.client().request(
            "GET", "/v1/tenant", headers: ["Authorization": "bearer   \(created.apiKey.key) \t "])
        XCTAssertEqual(response.status, 200, response.text)
    }

    func testSuspendedTenantIs403AndResumedTenantWorksAgain() throws {
        let created = try server.makeTenant()
        let client = try server.client()
        let auth = ["Authorization": "Bearer \(created.apiKey.key)"]
        XCTAssertEqual(try client.request("GET", "/v1/tenant", headers: auth).status, 200)
        _ = try server.tenants.suspend(slug: created.tenant.slug)
        server.environment.authenticator.invalidateAll()
        let suspended = try client.request("GET", "/v1/tenant", headers: auth)
        XCTAssertEqual(suspended.status, 403)
        XCTAssertEqual(suspended.json?["type"] as? String, "https://recur.dev/problems/tenant-suspended")
        _ = try server.tenants.resume(slug: created.tenant.slug)
        server.environment.authenticator.invalidateAll()
        XCTAssertEqual(try client.request("GET", "/v1/tenant", headers: auth).status, 200)
    }

    func testRevokedKeyStopsWorkingWithinTheCachePeriod() throws {
        let created = try server.makeTenant()
        let client = try server.client()
        let auth = ["Authorization": "Bearer \(created.apiKey.key)"]
        XCTAssertEqual(try client.request("GET", "/v1/tenant", headers: auth).status, 200)
        _ = try server.environment.keys.revoke(slug: created.tenant.slug, prefix: created.apiKey.info.prefix)
        // The server caches answers for 300 ms in this test (5 s in production).
        let deadline = Date().addingTimeInterval(2)
        var status = 200
        while status == 200 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            status = try client.request("GET", "/v1/tenant", headers: auth).status
        }
        XCTAssertEqual(status, 401)
    }

    func testOneTenantsKeyNeverShowsAnother() throws {
        let first = try server.makeTenant()
        let second = try server.makeTenant()
        let client = try server.client()
        for (created, other) in [(first, second), (second, first)] {
            let body = try client.request(
                "GET", "/v1/tenant", headers: ["Authorization": "Bearer \(created.apiKey.key)"]
            ).json
            XCTAssertEqual(body?["slug"] as? String, created.tenant.slug)
            XCTAssertNotEqual(body?["slug"] as? String, other.tenant.slug)
        }
    }
}

/// The calendar date in a zone, as `YYYY-MM-DD`, computed independently of the code under test.
enum CalendarDateString {
    static func today(in zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
