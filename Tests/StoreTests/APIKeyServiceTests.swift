import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

final class APIKeyServiceTests: XCTestCase {
    private var fixture: StoreFixture!
    private var created: CreatedTenant!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
        created = try fixture.tenants.create(fixture.draft("keys"))
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    private var slug: String { created.tenant.slug }

    func testOnlyTheHashIsStored() throws {
        let rows = try fixture.query(
            "SELECT key_hash = sha256($1) AS matches, length(key_hash) AS bytes FROM \(fixture.table("api_keys"))",
            [Array(created.apiKey.key.utf8)])
        XCTAssertEqual(try rows.first?.decode(Bool.self, "matches"), true)
        XCTAssertEqual(try rows.first?.decode(Int.self, "bytes"), 32)
        let text = try fixture.query("SELECT row_to_json(k)::text AS j FROM \(fixture.table("api_keys")) k")
        let secret = String(created.apiKey.key.suffix(43))
        XCTAssertFalse(try text.first?.decode(String.self, "j").contains(secret) ?? true)
    }

    func testCreateListAndVerify() throws {
        let second = try fixture.keys.create(slug: slug, label: "ci")
        XCTAssertNotEqual(second.key, created.apiKey.key)
        let listed = try fixture.keys.list(slug: slug)
        XCTAssertEqual(listed.map(\.prefix), [created.apiKey.info.prefix, second.info.prefix])
        XCTAssertEqual(listed.map(\.label), ["default", "ci"])
        XCTAssertEqual(try fixture.keys.verify(second.key).tenant?.slug, slug)
    }

    func testVerifyRejectsUnknownMalformedAndRevokedKeys() throws {
        XCTAssertEqual(try fixture.keys.verify(""), .invalid)
        XCTAssertEqual(try fixture.keys.verify("Bearer nonsense"), .invalid)
        var forged = created.apiKey.key
        forged.removeLast()
        forged.append(created.apiKey.key.last == "A" ? "B" : "A")
        XCTAssertEqual(try fixture.keys.verify(forged), .invalid)

        let revoked = try fixture.keys.revoke(slug: slug, prefix: created.apiKey.info.prefix)
        XCTAssertFalse(revoked.wasAlreadyRevoked)
        XCTAssertNotNil(revoked.info.revokedAt)
        XCTAssertEqual(try fixture.keys.verify(created.apiKey.key), .invalid)
        XCTAssertTrue(try fixture.keys.revoke(slug: slug, prefix: "rk_" + created.apiKey.info.prefix).wasAlreadyRevoked)
    }

    func testVerifyReportsASuspendedTenant() throws {
        try fixture.tenants.suspend(slug: slug)
        guard case .tenantNotActive(let access) = try fixture.keys.verify(created.apiKey.key) else {
            return XCTFail("expected tenantNotActive")
        }
        XCTAssertEqual(access.tenant.status, .suspended)
        XCTAssertEqual(access.keyID, created.apiKey.info.id)
        XCTAssertNil(try fixture.keys.verify(created.apiKey.key).tenant)
        try fixture.tenants.resume(slug: slug)
        XCTAssertNotNil(try fixture.keys.verify(created.apiKey.key).tenant)
    }

    func testLastUsedIsUpdatedAtMostOncePerMinute() throws {
        func lastUsed() throws -> Date? {
            try fixture.keys.list(slug: slug).first?.lastUsedAt
        }
        XCTAssertNil(try lastUsed())
        _ = try fixture.keys.verify(created.apiKey.key)
        let first = try XCTUnwrap(try lastUsed())
        _ = try fixture.keys.verify(created.apiKey.key)
        XCTAssertEqual(try lastUsed(), first, "not rewritten within the minute")
        _ = try fixture.query(
            "UPDATE \(fixture.table("api_keys")) SET last_used_at = last_used_at - interval '2 minutes' WHERE id = $1",
            [created.apiKey.info.id])
        _ = try fixture.keys.verify(created.apiKey.key)
        XCTAssertGreaterThan(try XCTUnwrap(try lastUsed()), first.addingTimeInterval(-60))
    }

    func testRotateReplacesAtomicallyKeepingTheLabel() throws {
        let labelled = try fixture.keys.create(slug: slug, label: "billing-sync")
        let rotated = try fixture.keys.rotate(slug: slug, prefix: labelled.info.prefix)
        XCTAssertEqual(rotated.info.label, "billing-sync")
        XCTAssertNotEqual(rotated.info.prefix, labelled.info.prefix)
        XCTAssertEqual(try fixture.keys.verify(labelled.key), .invalid)
        XCTAssertNotNil(try fixture.keys.verify(rotated.key).tenant)
        let old = try XCTUnwrap(try fixture.keys.list(slug: slug).first { $0.id == labelled.info.id })
        XCTAssertEqual(old.replacedByPrefix, rotated.info.prefix)
        XCTAssertThrowsError(try fixture.keys.rotate(slug: slug, prefix: labelled.info.prefix)) { error in
            XCTAssertEqual(error as? APIKeyError, .revoked(prefix: labelled.info.prefix))
        }
    }

    func testUnknownTenantsPrefixesAndBadInput() throws {
        XCTAssertThrowsError(try fixture.keys.create(slug: "no-such-tenant")) { error in
            XCTAssertEqual(error as? TenantError, .notFound(slug: "no-such-tenant"))
        }
        XCTAssertThrowsError(try fixture.keys.revoke(slug: slug, prefix: "00000000")) { error in
            XCTAssertEqual((error as? APIKeyError)?.category, .notFound)
        }
        XCTAssertThrowsError(try fixture.keys.revoke(slug: slug, prefix: "nothex!!")) { error in
            XCTAssertEqual(error as? APIKeyError, .invalidPrefix("nothex!!"))
        }
        XCTAssertThrowsError(try fixture.keys.create(slug: slug, label: ""))
    }

    func testKeysOfOneTenantAreNotReachableThroughAnother() throws {
        let other = try fixture.tenants.create(fixture.draft("other"))
        XCTAssertThrowsError(try fixture.keys.revoke(slug: other.tenant.slug, prefix: created.apiKey.info.prefix))
        XCTAssertEqual(try fixture.keys.verify(other.apiKey.key).tenant?.id, other.tenant.id)
        XCTAssertEqual(try fixture.keys.verify(created.apiKey.key).tenant?.id, created.tenant.id)
    }
}
