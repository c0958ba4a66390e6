@testable import API
import Domain
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Issue 26, people: users of a tenant with Argon2id passwords, login sessions in an HttpOnly/Secure/SameSite=Strict
/// cookie, CSRF tokens on cookie-authenticated writes, logout and logout everywhere, lockout after 5 failed logins,
/// the role table applied to users unchanged, tenants kept apart, and the audit trail naming the user.
final class UsersAndSessionsAPITests: XCTestCase {
    private var server: APITestServer!
    private var tenant: CreatedTenant!
    private var client: HTTPTestClient!
    private let password = "a long enough password"

    override func setUpWithError() throws {
        server = try APITestServer()
        tenant = try server.makeTenant("people")
        client = try server.client()
    }

    override func tearDown() { server?.stop() }

    /// A user made directly in the store (not through the API under test).
    @discardableResult
    private func addUser(_ email: String, _ role: Role, in created: CreatedTenant? = nil) throws -> User {
        let target = created ?? tenant!
        return try server.environment.tenants.transaction(target.tenant.context) {
            try UserRepository($0).create(email: email, role: role, password: password).user
        }
    }

    private struct Login {
        let cookie: String
        let csrf: String
        let response: HTTPTestClient.Response
        var headers: [String: String] { ["Cookie": "recur_session=\(cookie)"] }
        var writeHeaders: [String: String] { headers.merging(["X-CSRF-Token": csrf]) { $1 } }
    }

    private func login(_ email: String, password: String? = nil, tenant slug: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Login {
        let body = try String(decoding: JSONSerialization.data(withJSONObject: [
            "tenant": slug ?? tenant.tenant.slug, "email": email, "password": password ?? self.password,
        ]), as: UTF8.self)
        let response = try client.json("POST", "/v1/sessions", body)
        XCTAssertEqual(response.status, 201, response.text, file: file, line: line)
        let setCookie = try XCTUnwrap(response.headers["set-cookie"], file: file, line: line)
        let value = try XCTUnwrap(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last, file: file, line: line)
        return Login(cookie: String(value), csrf: try XCTUnwrap(response.json?["csrf_token"] as? String, file: file, line: line), response: response)
    }

    private func failedLogin(_ email: String, password: String, tenant slug: String? = nil) throws -> HTTPTestClient.Response {
        let body = try String(decoding: JSONSerialization.data(withJSONObject: [
            "tenant": slug ?? tenant.tenant.slug, "email": email, "password": password,
        ]), as: UTF8.self)
        return try client.json("POST", "/v1/sessions", body)
    }

    private func sql<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try server.environment.tenants.transaction(tenant.tenant.context, body)
    }

    func testLoginSetsAHardenedCookieAndWhoAmIAnswersTheUser() throws {
        let owner = try addUser("Owner@Example.com", .owner)
        let session = try login("owner@example.COM")
        let setCookie = try XCTUnwrap(session.response.headers["set-cookie"])
        let attributes = Set(setCookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
        XCTAssertEqual(attributes, ["Path=/", "HttpOnly", "Secure", "SameSite=Strict", "Max-Age=604800"], setCookie)
        XCTAssertEqual(session.cookie.count, 43, "32 random bytes, base64url")
        XCTAssertEqual(session.csrf.count, 64)

        let me = try client.request("GET", "/v1/sessions/current", headers: session.headers)
        XCTAssertEqual(me.status, 200, me.text)
        XCTAssertEqual((me.json?["user"] as? [String: Any])?["id"] as? Int, Int(owner.id))
        XCTAssertEqual((me.json?["user"] as? [String: Any])?["email"] as? String, "Owner@Example.com")
        XCTAssertEqual(me.json?["tenant"] as? String, tenant.tenant.slug)
        XCTAssertEqual(me.json?["role"] as? String, "owner")
        XCTAssertEqual(me.json?["csrf_token"] as? String, session.csrf)

        // Only the token's SHA-256 is stored; the password only as Argon2id.
        let stored = try server.pool.withConnection {
            try $0.query("SELECT count(*) AS n FROM \(server.environment.tenants.control.table("sessions")) WHERE token_hash = sha256($1)", [Array(session.cookie.utf8)]).first?.decode(Int64.self, "n")
        }
        XCTAssertEqual(stored, 1)
        let plain = try server.pool.withConnection {
            try $0.query("SELECT count(*) AS n FROM \(server.environment.tenants.control.table("sessions")) WHERE encode(token_hash, 'escape') = $1", [session.cookie]).first?.decode(Int64.self, "n")
        }
        XCTAssertEqual(plain, 0)
        let hash = try sql { try $0.query("SELECT password_hash FROM users WHERE id = $1", [owner.id]).first?.decode(String.self, "password_hash") }
        XCTAssertTrue(try XCTUnwrap(hash).hasPrefix("$argon2id$"), hash ?? "")
        // An API key has no current session.
        XCTAssertEqual(try client.request("GET", "/v1/sessions/current", headers: ["Authorization": "Bearer \(tenant.apiKey.key)"]).status, 404)
    }

    func testTheOwnerManagesUsersAndTheTrailNamesTheUser() throws {
        let owner = try addUser("owner@example.com", .owner)
        let session = try login("owner@example.com")
        let created = try client.json(
            "POST", "/v1/users", #"{"email":"ann@example.com","name":"Ann","role":"accountant","password":"\#(password)"}"#,
            headers: session.writeHeaders)
        XCTAssertEqual(created.status, 201, created.text)
        let user = try XCTUnwrap(created.json?["user"] as? [String: Any])
        XCTAssertEqual(user["role"] as? String, "accountant")
        XCTAssertEqual(user["has_password"] as? Bool, true)
        XCTAssertTrue(created.json?["invitation_token"] is NSNull)

        let duplicate = try client.json("POST", "/v1/users", #"{"email":"ANN@example.com","role":"viewer"}"#, headers: session.writeHeaders)
        XCTAssertEqual(duplicate.status, 409, duplicate.text)
        let short = try client.json("POST", "/v1/users", #"{"email":"bob@example.com","role":"viewer","password":"short"}"#, headers: session.writeHeaders)
        XCTAssertEqual(short.status, 422, short.text)
        XCTAssertEqual(problemPointers(short.json ?? [:]), ["/password"])

        let listed = try client.request("GET", "/v1/users", headers: session.headers)
        XCTAssertEqual((listed.json?["data"] as? [[String: Any]])?.compactMap { $0["email"] as? String }, ["owner@example.com", "ann@example.com"])

        let rows = try sql {
            try $0.query("SELECT actor_type, actor_id, actor_label, role, action, changes::text AS changes FROM audit_events WHERE action = 'createUser'")
        }
        XCTAssertEqual(rows.count, 1, "the refused calls left no event")
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(try row.decode(String.self, "actor_type"), "user")
        XCTAssertEqual(try row.decode(Int64.self, "actor_id"), owner.id)
        XCTAssertEqual(try row.decode(String.self, "actor_label"), "owner@example.com")
        XCTAssertEqual(try row.decode(String.self, "role"), "owner")
        let changes = try row.decode(String.self, "changes")
        XCTAssertFalse(changes.contains(password), changes)
        XCTAssertTrue(changes.contains("[redacted]"), changes)

        // Users are the owner's: an accountant may neither list nor create them.
        let accountant = try login("ann@example.com")
        XCTAssertEqual(try client.request("GET", "/v1/users", headers: accountant.headers).status, 403)
        XCTAssertEqual(try client.json("POST", "/v1/users", #"{"email":"c@example.com","role":"owner"}"#, headers: accountant.writeHeaders).status, 403)
    }

    func testAViewerSessionCannotWriteAndAnAccountantCan() throws {
        try addUser("viewer@example.com", .viewer)
        try addUser("accountant@example.com", .accountant)
        let viewer = try login("viewer@example.com")
        let accountant = try login("accountant@example.com")
        let party = #"{"kind":"customer","name":"Dupont SARL"}"#
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: viewer.headers).status, 200)
        let refused = try client.json("POST", "/v1/parties", party, headers: viewer.writeHeaders)
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertEqual(refused.json?["type"] as? String, "https://recur.dev/problems/forbidden-role")
        XCTAssertTrue((refused.json?["detail"] as? String ?? "").contains("user"), refused.text)
        let created = try client.json("POST", "/v1/parties", party, headers: accountant.writeHeaders)
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(try client.json("PATCH", "/v1/tenant", #"{"name":"Renamed"}"#, headers: accountant.writeHeaders).status, 403)
    }

    func testCookieWritesNeedTheCSRFTokenAndTheSameOrigin() throws {
        try addUser("accountant@example.com", .accountant)
        let session = try login("accountant@example.com")
        let party = #"{"kind":"customer","name":"Dupont SARL"}"#
        let missing = try client.json("POST", "/v1/parties", party, headers: session.headers)
        XCTAssertEqual(missing.status, 403, missing.text)
        XCTAssertEqual(missing.json?["type"] as? String, "https://recur.dev/problems/csrf")
        XCTAssertEqual(missing.headers["content-type"], "application/problem+json")
        let wrong = try client.json("POST", "/v1/parties", party, headers: session.headers.merging(["X-CSRF-Token": String(repeating: "0", count: 64)]) { $1 })
        XCTAssertEqual(wrong.status, 403, wrong.text)
        let foreign = try client.json("POST", "/v1/parties", party, headers: session.writeHeaders.merging(["Origin": "https://evil.example"]) { $1 })
        XCTAssertEqual(foreign.status, 403, foreign.text)
        let sameOrigin = try client.json("POST", "/v1/parties", party, headers: session.writeHeaders.merging(["Origin": "http://127.0.0.1"]) { $1 })
        XCTAssertEqual(sameOrigin.status, 201, sameOrigin.text)
        // Reads need no token; API keys never do.
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: session.headers).status, 200)
        XCTAssertEqual(try client.json("POST", "/v1/parties", party, headers: ["Authorization": "Bearer \(tenant.apiKey.key)"]).status, 201)
        let count = try sql { try $0.query("SELECT count(*) AS n FROM parties").first?.decode(Int64.self, "n") }
        XCTAssertEqual(count, 2, "the refused writes created nothing")
    }

    /// An HTML form (the dashboard's) carries the token as its `csrf_token` field: accepted in a form body, only the
    /// session's own, exactly once, and the origin is still checked.
    func testAFormCarriesTheCSRFTokenAsAField() throws {
        try addUser("viewer@example.com", .viewer)
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        func revokeAll(_ session: Login, _ body: String, _ extra: [String: String] = [:]) throws -> Int {
            try client.request(
                "POST", "/v1/sessions/revoke-all", headers: session.headers.merging(form) { $1 }.merging(extra) { $1 },
                body: Array(body.utf8)).status
        }
        let session = try login("viewer@example.com")
        XCTAssertEqual(try revokeAll(session, "csrf_token=\(String(repeating: "0", count: 64))"), 403, "a wrong token")
        XCTAssertEqual(try revokeAll(session, "other=1"), 403, "no token")
        XCTAssertEqual(try revokeAll(session, "csrf_token=\(session.csrf)&csrf_token=\(session.csrf)"), 403, "two tokens")
        XCTAssertEqual(try revokeAll(session, "csrf_token=\(session.csrf)", ["Origin": "https://evil.example"]), 403, "another origin")
        XCTAssertEqual(
            try client.request(
                "POST", "/v1/sessions/revoke-all", headers: session.headers.merging(["Content-Type": "text/plain"]) { $1 },
                body: Array("csrf_token=\(session.csrf)".utf8)).status, 403, "only a form body carries the field")
        XCTAssertEqual(try client.request("GET", "/v1/sessions/current", headers: session.headers).status, 200, "still logged in")
        XCTAssertEqual(try revokeAll(session, "csrf_token=\(session.csrf)", ["Origin": "http://127.0.0.1"]), 204)
        XCTAssertEqual(try client.request("GET", "/v1/sessions/current", headers: session.headers).status, 401, "logged out")
    }

    func testLogoutEndsTheSessionAndRevokeAllEndsEveryOther() throws {
        try addUser("viewer@example.com", .viewer)
        let first = try login("viewer@example.com")
        let second = try login("viewer@example.com")
        let third = try login("viewer@example.com")

        XCTAssertEqual(try client.request("DELETE", "/v1/sessions/current", headers: first.headers).status, 403, "CSRF token required")
        let logout = try client.request("DELETE", "/v1/sessions/current", headers: first.writeHeaders)
        XCTAssertEqual(logout.status, 204, logout.text)
        XCTAssertTrue(logout.headers["set-cookie"]?.contains("Max-Age=0") ?? false)
        let after = try client.request("GET", "/v1/parties", headers: first.headers)
        XCTAssertEqual(after.status, 401, after.text)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: second.headers).status, 200, "other sessions live on")

        XCTAssertEqual(try client.request("POST", "/v1/sessions/revoke-all", headers: second.writeHeaders).status, 204)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: third.headers).status, 401)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: second.headers).status, 401)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: ["Cookie": "recur_session=forged-token-of-forty-three-characters-xx"]).status, 401)
    }

    func testFiveFailuresLockTheUserAndFailuresDoNotTellWhoExists() throws {
        try addUser("viewer@example.com", .viewer)
        var bodies: [String] = []
        for _ in 0..<5 {
            let failed = try failedLogin("viewer@example.com", password: "not the password at all")
            XCTAssertEqual(failed.status, 401, failed.text)
            bodies.append(failed.json?["detail"] as? String ?? "")
        }
        let unknown = try failedLogin("nobody@example.com", password: "not the password at all")
        XCTAssertEqual(unknown.status, 401)
        XCTAssertEqual(unknown.json?["detail"] as? String, bodies[0], "the same answer whether the user exists or not")
        XCTAssertEqual(try failedLogin("viewer@example.com", password: "x", tenant: "no-such-tenant").status, 401)

        let locked = try failedLogin("viewer@example.com", password: password)
        XCTAssertEqual(locked.status, 401, "locked: even the right password is refused")
        XCTAssertEqual(locked.json?["detail"] as? String, bodies[0])
        let minutes = try sql {
            try $0.query("SELECT (extract(epoch FROM locked_until - now()) / 60)::float8 AS m FROM users").first?.decode(Double.self, "m")
        }
        XCTAssertEqual(try XCTUnwrap(minutes), 15, accuracy: 0.5)
        // When the lock has passed, the right password works again.
        try sql { _ = try $0.query("UPDATE users SET locked_until = now() - interval '1 second'") }
        _ = try login("viewer@example.com")
    }

    func testASessionOfOneTenantSeesNothingOfAnother() throws {
        let other = try server.makeTenant("people-b")
        try addUser("owner@example.com", .owner)
        try addUser("owner@example.com", .owner, in: other)
        let partyB = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Only in B"}"#, headers: ["Authorization": "Bearer \(other.apiKey.key)"])
        let partyID = try XCTUnwrap(partyB.json?["id"] as? String)

        let session = try login("owner@example.com")
        XCTAssertEqual(try client.request("GET", "/v1/parties/\(partyID)", headers: session.headers).status, 404)
        let parties = try client.request("GET", "/v1/parties", headers: session.headers).json?["data"] as? [Any]
        XCTAssertEqual(parties?.count, 0)
        // The same address in B is another account: A's password session does not open B, and a key of B with
        // A's cookie is the key's access (the header wins), never a mix.
        XCTAssertEqual(try failedLogin("owner@example.com", password: "wrong password for b", tenant: other.tenant.slug).status, 401)
        let mixed = try client.request("GET", "/v1/sessions/current", headers: session.headers.merging(["Authorization": "Bearer \(other.apiKey.key)"]) { $1 })
        XCTAssertEqual(mixed.status, 404, "an API key request has no session")
        // Suspending A ends what its sessions can do.
        _ = try server.tenants.suspend(slug: tenant.tenant.slug)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: session.headers).status, 403)
    }

    func testInvitationsRoleChangesAndTheLastOwner() throws {
        let owner = try addUser("owner@example.com", .owner)
        let session = try login("owner@example.com")
        let invited = try client.json("POST", "/v1/users", #"{"email":"new@example.com","role":"viewer"}"#, headers: session.writeHeaders)
        XCTAssertEqual(invited.status, 201, invited.text)
        let token = try XCTUnwrap(invited.json?["invitation_token"] as? String)
        let newID = try XCTUnwrap((invited.json?["user"] as? [String: Any])?["id"] as? Int)
        XCTAssertEqual((invited.json?["user"] as? [String: Any])?["has_password"] as? Bool, false)
        XCTAssertEqual(try failedLogin("new@example.com", password: password).status, 401, "no password yet")

        let accept = #"{"tenant":"\#(tenant.tenant.slug)","token":"\#(token)","password":"\#(password)"}"#
        XCTAssertEqual(try client.json("POST", "/v1/invitations/accept", accept).status, 204)
        XCTAssertEqual(try client.json("POST", "/v1/invitations/accept", accept).status, 422, "used once")
        let newSession = try login("new@example.com")

        // Promoting the user ends the sessions that carried the old role.
        let promoted = try client.json("PATCH", "/v1/users/\(newID)", #"{"role":"accountant"}"#, headers: session.writeHeaders)
        XCTAssertEqual(promoted.status, 200, promoted.text)
        XCTAssertEqual(promoted.json?["role"] as? String, "accountant")
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: newSession.headers).status, 401)
        XCTAssertEqual(try login("new@example.com").response.json?["role"] as? String, "accountant")

        // Disabling ends sessions and logins.
        XCTAssertEqual(try client.json("PATCH", "/v1/users/\(newID)", #"{"disabled":true}"#, headers: session.writeHeaders).status, 200)
        XCTAssertEqual(try failedLogin("new@example.com", password: password).status, 401)

        // The tenant keeps an enabled owner.
        let lastOwner = try client.json("PATCH", "/v1/users/\(owner.id)", #"{"role":"viewer"}"#, headers: session.writeHeaders)
        XCTAssertEqual(lastOwner.status, 409, lastOwner.text)
        XCTAssertEqual(try client.request("GET", "/v1/users/999999", headers: session.headers).status, 404)
    }

    func testOneAddressIsThrottledAfterTwentyFailures() throws {
        for index in 0..<20 {
            // A new connection each time: a new source port, the same client.
            client = try server.client()
            XCTAssertEqual(try failedLogin("someone\(index)@example.com", password: "wrong password").status, 401)
        }
        client = try server.client()
        let throttled = try failedLogin("another@example.com", password: "wrong password")
        XCTAssertEqual(throttled.status, 429, throttled.text)
        XCTAssertEqual(try failedLogin("x@example.com", password: "wrong password", tenant: "other-tenant").status, 401, "another tenant's logins go on")
        let retryAfter = try XCTUnwrap(Int(throttled.headers["retry-after"] ?? ""))
        XCTAssertTrue((1...900).contains(retryAfter), "\(retryAfter)")
        XCTAssertEqual(LoginThrottle.host(of: "[::1]:4000"), "::1")
        XCTAssertEqual(LoginThrottle.host(of: "10.0.0.7:51234"), "10.0.0.7")
    }
}
