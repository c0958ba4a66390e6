import API
import Foundation
import HTTPServer
import Store
import TestSupport
import XCTest

/// A cached key answer never outlives a deletion, a re-created slug, a revocation or a suspension: the tenant
/// transaction checks the access again. The server here caches answers for a minute, so every assertion below
/// would pass only after that minute if the cache decided.
final class TenantAccessTests: XCTestCase {
    private var server: APITestServer!

    override func setUpWithError() throws { server = try APITestServer(keyCacheTTL: .seconds(60)) }
    override func tearDown() { server?.stop() }

    private func auth(_ created: CreatedTenant) -> [String: String] {
        ["Authorization": "Bearer \(created.apiKey.key)"]
    }

    private func partyNames(_ client: HTTPTestClient, _ created: CreatedTenant) throws -> [String] {
        let response = try client.request("GET", "/v1/parties", headers: auth(created))
        XCTAssertEqual(response.status, 200, response.text)
        let data = response.json?["data"] as? [[String: Any]] ?? []
        return data.compactMap { $0["name"] as? String }.sorted()
    }

    func testOldKeyOfARecreatedSlugNeitherReadsNorWritesTheNewFirm() throws {
        let client = try server.client()
        let old = try server.makeTenant("reuse")
        let slug = old.tenant.slug
        XCTAssertEqual(try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Old firm's"}"#, headers: auth(old)).status, 201)
        XCTAssertEqual(try partyNames(client, old), ["Old firm's"])  // the key's answer is now cached

        _ = try server.tenants.delete(slug: slug)
        let new = try server.tenants.create(
            TenantDraft(slug: slug, displayName: "Another firm", timeZone: "Europe/Paris", currency: "EUR"))
        XCTAssertNotEqual(new.tenant.context.schemaName, old.tenant.context.schemaName, "a schema name is never reused")
        XCTAssertEqual(try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"New firm's"}"#, headers: auth(new)).status, 201)

        let read = try client.request("GET", "/v1/parties", headers: auth(old))
        XCTAssertEqual(read.status, 401, read.text)
        let write = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Intruder"}"#, headers: auth(old))
        XCTAssertEqual(write.status, 401, write.text)
        XCTAssertEqual(try client.request("GET", "/v1/tenant", headers: auth(old)).status, 401)
        XCTAssertEqual(try partyNames(client, new), ["New firm's"])
    }

    func testDeletedTenantsCachedKeyIs401() throws {
        let client = try server.client()
        let created = try server.makeTenant("gone")
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: auth(created)).status, 200)
        _ = try server.tenants.delete(slug: created.tenant.slug)
        for path in ["/v1/parties", "/v1/invoices", "/v1/tenant", "/v1/eod-runs"] {
            let response = try client.request("GET", path, headers: auth(created))
            XCTAssertEqual(response.status, 401, "\(path): \(response.text)")
        }
    }

    func testRevokedKeyIsRefusedOnTheNextRequest() throws {
        let client = try server.client()
        let created = try server.makeTenant("revoke")
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: auth(created)).status, 200)
        _ = try server.environment.keys.revoke(slug: created.tenant.slug, prefix: created.apiKey.info.prefix)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: auth(created)).status, 401)
    }

    func testSuspensionAndResumptionTakeEffectOnTheNextRequest() throws {
        let client = try server.client()
        let created = try server.makeTenant("suspend")
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: auth(created)).status, 200)
        _ = try server.tenants.suspend(slug: created.tenant.slug)
        let suspended = try client.request("GET", "/v1/parties", headers: auth(created))
        XCTAssertEqual(suspended.status, 403, suspended.text)
        XCTAssertEqual(try client.request("GET", "/v1/tenant", headers: auth(created)).status, 403)
        _ = try server.tenants.resume(slug: created.tenant.slug)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: auth(created)).status, 200)
    }

    // The access check goes to PostgreSQL in the same round trip as a report's statement (docs/reports.md, "Fixed
    // costs, third pass"): a revoked key's or a suspended tenant's report is still refused, and the one pooled
    // connection then answers the other tenant's report from that tenant's ledger.
    func testReportsOfARefusedKeyAreRefusedAndTheSameConnectionServesTheNextTenant() throws {
        server.stop()
        server = try APITestServer(keyCacheTTL: .seconds(60), maxConnections: 1)
        let client = try server.client()
        let a = try server.makeTenant("rep-a"), b = try server.makeTenant("rep-b")
        let reports = [
            "/v1/reports/trial-balance?as_of=2026-01-31", "/v1/reports/profit-and-loss?from=2026-01-01&to=2026-01-31",
            "/v1/reports/balance-sheet?as_of=2026-01-31", "/v1/reports/ap-ageing?as_of=2026-01-31",
            "/v1/reports/upcoming-postings?days=7",
        ]
        XCTAssertEqual(try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"B's"}"#, headers: auth(b)).status, 201)
        for path in reports { XCTAssertEqual(try client.request("GET", path, headers: auth(a)).status, 200, path) }
        _ = try server.environment.keys.revoke(slug: a.tenant.slug, prefix: a.apiKey.info.prefix)
        for path in reports + ["/v1/parties"] {
            let refused = try client.request("GET", path, headers: auth(a))
            XCTAssertEqual(refused.status, 401, "\(path): \(refused.text)")
            let served = try client.request("GET", path, headers: auth(b))
            XCTAssertEqual(served.status, 200, "\(path): \(served.text)")
        }
        XCTAssertEqual(try partyNames(client, b), ["B's"])
        // A first statement's own error still maps as before: an unknown account is the general ledger's 404.
        let missing = try client.request(
            "GET", "/v1/reports/general-ledger?account_id=\(UUID())&from=2026-01-01&to=2026-01-31", headers: auth(b))
        XCTAssertEqual(missing.status, 404, missing.text)
        _ = try server.tenants.suspend(slug: b.tenant.slug)
        XCTAssertEqual(try client.request("GET", reports[0], headers: auth(b)).status, 403)
        _ = try server.tenants.resume(slug: b.tenant.slug)
        XCTAssertEqual(try client.request("GET", reports[0], headers: auth(b)).status, 200)
    }

    // The cache keeps a key's tenant context (time zone, currency, fiscal year) for its whole TTL; the access check
    // compares them with the tenants row, so a setting changed elsewhere (another key's PATCH, recur-admin) refuses
    // the remembered access and the next request runs with the row's values.
    func testAChangedTenantSettingRefusesTheRememberedAccess() throws {
        let client = try server.client()
        let created = try server.makeTenant("zone", timeZone: "Pacific/Kiritimati")
        guard case .valid(let remembered) = try server.environment.keys.verify(created.apiKey.key) else {
            return XCTFail("a fresh key verifies")
        }
        XCTAssertEqual(try server.environment.tenants.transaction(remembered) { _ in 1 }, 1)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: auth(created)).status, 200)  // now cached

        let other = try server.environment.keys.create(slug: created.tenant.slug, label: "other")
        let patched = try client.json(
            "PATCH", "/v1/tenant", #"{"time_zone":"Pacific/Pago_Pago"}"#, headers: ["Authorization": "Bearer \(other.key)"])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertThrowsError(try server.environment.tenants.transaction(remembered) { _ in 1 }) { error in
            XCTAssertTrue(error is TenantAccessWithdrawn, "\(error)")
        }
        // The first key's cached answer is replaced on its next request, which runs in the new zone.
        let parties = try client.request("GET", "/v1/parties", headers: auth(created))
        XCTAssertEqual(parties.status, 200, parties.text)
        guard case .valid(let fresh) = try server.environment.keys.verify(created.apiKey.key) else {
            return XCTFail("the key is still valid")
        }
        XCTAssertEqual(fresh.tenant.timeZoneIdentifier, "Pacific/Pago_Pago")
        XCTAssertEqual(try server.environment.tenants.transaction(fresh) { _ in 2 }, 2)
    }

    func testTwoAuthorizationHeadersAre400() throws {
        let client = try server.client()
        let first = try server.makeTenant("twice")
        let second = try server.makeTenant("twice")
        let response = try client.request(
            "GET", "/v1/parties",
            fields: [("Authorization", "Bearer \(first.apiKey.key)"), ("Authorization", "Bearer \(second.apiKey.key)")])
        XCTAssertEqual(response.status, 400, response.text)
        XCTAssertEqual(response.headers["content-type"], "application/problem+json")
        XCTAssertTrue(response.text.contains("Authorization"), response.text)
    }
}
