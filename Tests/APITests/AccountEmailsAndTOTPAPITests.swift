@testable import API
import Domain
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Issue 26, the rest of item 1: invitations queued as e-mails (the token kept in the outbox only until sent),
/// resending an invitation, password reset by a single-use link (no enumeration, throttled, ends sessions, audited)
/// and optional TOTP with codes computed here from the secret (RFC 6238). The e-mails themselves are sent by the
/// real worker to a real relay in DeliveryTests (WorkerAccountEmailTests).
final class AccountEmailsAndTOTPAPITests: XCTestCase {
    private var server: APITestServer!
    private var tenant: CreatedTenant!
    private var client: HTTPTestClient!
    private let password = "a long enough password"

    override func setUpWithError() throws {
        server = try APITestServer(secrets: try SecretBox(key: Array(repeating: 7, count: 32)))
        tenant = try server.makeTenant("mail")
        client = try server.client()
    }

    override func tearDown() { server?.stop() }

    @discardableResult
    private func addUser(_ email: String, _ role: Role) throws -> User {
        try sql { try UserRepository($0).create(email: email, role: role, password: password).user }
    }

    private func sql<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try server.environment.tenants.transaction(tenant.tenant.context, body)
    }

    private func body(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private struct Login {
        let cookie: String
        let csrf: String
        var headers: [String: String] { ["Cookie": "recur_session=\(cookie)"] }
        var writeHeaders: [String: String] { headers.merging(["X-CSRF-Token": csrf]) { $1 } }
    }

    private func loginResponse(_ email: String, password: String? = nil, totp: String? = nil) throws -> HTTPTestClient.Response {
        var fields: [String: Any] = ["tenant": tenant.tenant.slug, "email": email, "password": password ?? self.password]
        if let totp { fields["totp"] = totp }
        return try client.json("POST", "/v1/sessions", try body(fields))
    }

    private func login(_ email: String, password: String? = nil, totp: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Login {
        let response = try loginResponse(email, password: password, totp: totp)
        XCTAssertEqual(response.status, 201, response.text, file: file, line: line)
        let setCookie = try XCTUnwrap(response.headers["set-cookie"], file: file, line: line)
        let value = try XCTUnwrap(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last, file: file, line: line)
        return Login(cookie: String(value), csrf: try XCTUnwrap(response.json?["csrf_token"] as? String, file: file, line: line))
    }

    /// The queued account e-mails of `kind`: status, recipient, the kept token and the payload.
    private func outbox(_ kind: String) throws -> [(status: String, recipient: String, secret: String?, payload: String)] {
        try sql {
            try $0.query(
                "SELECT status, recipient, link_secret, payload::text AS payload FROM notification_outbox WHERE kind = $1 ORDER BY created_at",
                [kind]
            ).map {
                (try $0.decode(String.self, "status"), try $0.decode(String.self, "recipient"),
                 try $0.decode(String?.self, "link_secret"), try $0.decode(String.self, "payload"))
            }
        }
    }

    private func accept(_ token: String) throws -> HTTPTestClient.Response {
        try client.json(
            "POST", "/v1/invitations/accept",
            try body(["tenant": tenant.tenant.slug, "token": token, "password": "chosen by the invitee"]))
    }

    func testAnInvitationIsQueuedAsAnEmailAndCanBeSentAgainWithANewToken() throws {
        try addUser("owner@example.com", .owner)
        let owner = try login("owner@example.com")
        let created = try client.json(
            "POST", "/v1/users", #"{"email":"Claire@Example.com","name":"Claire","role":"accountant"}"#, headers: owner.writeHeaders)
        XCTAssertEqual(created.status, 201, created.text)
        let first = try XCTUnwrap(created.json?["invitation_token"] as? String)
        let userID = try XCTUnwrap((created.json?["user"] as? [String: Any])?["id"] as? Int)

        var queued = try outbox("user_invitation")
        XCTAssertEqual(queued.count, 1)
        XCTAssertEqual(queued[0].status, "pending")
        XCTAssertEqual(queued[0].recipient, "Claire@Example.com")
        XCTAssertEqual(queued[0].secret, first, "the token waits in the outbox for the worker")
        XCTAssertFalse(queued[0].payload.contains(first), "never in the payload, which the API shows")
        let payload = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(queued[0].payload.utf8)) as? [String: Any])
        XCTAssertEqual(payload["link_base"] as? String, "http://localhost:8080/app/invitations/accept?tenant=\(tenant.tenant.slug)")
        XCTAssertEqual(payload["role"] as? String, "accountant")

        // A viewer of the outbox sees the notification but no token.
        let listed = try client.request("GET", "/v1/notifications?kind=user_invitation", headers: owner.headers)
        XCTAssertEqual(listed.status, 200, listed.text)
        XCTAssertFalse(listed.text.contains(first))
        let id = try XCTUnwrap((listed.json?["data"] as? [[String: Any]])?.first?["id"] as? String)
        let resendOutbox = try client.request("POST", "/v1/notifications/\(id)/resend", headers: owner.writeHeaders)
        XCTAssertEqual(resendOutbox.status, 409, "an account e-mail is resent with a new token, not from the outbox")

        // Sent again: a new token; the old one stops working and its unsent e-mail is cancelled (token forgotten).
        let again = try client.request("POST", "/v1/users/\(userID)/invitation", headers: owner.writeHeaders)
        XCTAssertEqual(again.status, 200, again.text)
        let second = try XCTUnwrap(again.json?["invitation_token"] as? String)
        XCTAssertNotEqual(first, second)
        queued = try outbox("user_invitation")
        XCTAssertEqual(queued.map(\.status), ["cancelled", "pending"])
        XCTAssertEqual(queued.map(\.secret), [nil, second])

        XCTAssertEqual(try accept(first).status, 422)
        XCTAssertEqual(try accept(second).status, 204)
        XCTAssertEqual(try accept(second).status, 422, "single use")
        _ = try login("claire@example.com", password: "chosen by the invitee")

        // A user with a password gets no invitation; an unknown one is 404. Both calls are the owner's only.
        let refused = try client.request("POST", "/v1/users/\(userID)/invitation", headers: owner.writeHeaders)
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertEqual(try client.request("POST", "/v1/users/987654/invitation", headers: owner.writeHeaders).status, 404)
        let accountant = try login("claire@example.com", password: "chosen by the invitee")
        XCTAssertEqual(try client.request("POST", "/v1/users/\(userID)/invitation", headers: accountant.writeHeaders).status, 403)
        let events = try sql { try $0.query("SELECT count(*) AS n FROM audit_events WHERE action = 'resendUserInvitation'")[0].decode(Int64.self, "n") }
        XCTAssertEqual(events, 1)
    }

    private func requestReset(_ email: String, tenant slug: String? = nil) throws -> HTTPTestClient.Response {
        try client.json("POST", "/v1/password-resets", try body(["tenant": slug ?? tenant.tenant.slug, "email": email]))
    }

    private func acceptReset(_ token: String, password: String) throws -> HTTPTestClient.Response {
        try client.json(
            "POST", "/v1/password-resets/accept", try body(["tenant": tenant.tenant.slug, "token": token, "password": password]))
    }

    func testAPasswordResetAnswersAlikeEndsSessionsClearsTheLockAndWorksOnce() throws {
        let user = try addUser("ann@example.com", .accountant)
        let session = try login("ann@example.com")
        // Locked by five wrong passwords.
        for _ in 0..<5 { XCTAssertEqual(try loginResponse("ann@example.com", password: "wrong password!").status, 401) }
        XCTAssertEqual(try loginResponse("ann@example.com").status, 401, "locked")

        let known = try requestReset("ANN@example.com")
        let unknown = try requestReset("nobody@example.com")
        let noTenant = try requestReset("ann@example.com", tenant: "no-such-tenant")
        XCTAssertEqual(known.status, 202, known.text)
        XCTAssertEqual(unknown.status, 202)
        XCTAssertEqual(noTenant.status, 202)
        XCTAssertEqual(known.text, unknown.text, "no enumeration")
        XCTAssertEqual(known.text, noTenant.text)
        let bad = try client.json("POST", "/v1/password-resets", #"{"tenant":"x","email":""}"#)
        XCTAssertEqual(bad.status, 422)
        XCTAssertEqual(problemPointers(bad.json ?? [:]), ["/email"])

        let queued = try outbox("password_reset")
        XCTAssertEqual(queued.count, 1, "one e-mail, to the account that exists")
        let token = try XCTUnwrap(queued[0].secret)
        let stored = try sql {
            try $0.query("SELECT reset_hash = sha256(convert_to($1, 'UTF8')) AS same, reset_expires_at - now() AS left FROM users WHERE id = $2", [token, user.id])[0]
        }
        XCTAssertTrue(try stored.decode(Bool.self, "same"), "only the SHA-256 is kept on the user")

        let short = try acceptReset(token, password: "short")
        XCTAssertEqual(problemPointers(short.json ?? [:]), ["/password"])
        let accepted = try acceptReset(token, password: "a brand new password")
        XCTAssertEqual(accepted.status, 204, accepted.text)
        let again = try acceptReset(token, password: "another new password")
        XCTAssertEqual(again.status, 422)
        XCTAssertEqual(problemPointers(again.json ?? [:]), ["/token"])

        XCTAssertEqual(try client.request("GET", "/v1/sessions/current", headers: session.headers).status, 401, "sessions ended")
        XCTAssertEqual(try loginResponse("ann@example.com").status, 401, "the old password is gone")
        _ = try login("ann@example.com", password: "a brand new password")  // and the lock is cleared

        let actions = try sql {
            try $0.query("SELECT action, actor_type, actor_id, changes::text AS changes FROM audit_events WHERE resource_type = 'users' ORDER BY occurred_at").map {
                (try $0.decode(String.self, "action"), try $0.decode(String.self, "actor_type"), try $0.decode(Int64.self, "actor_id"),
                 try $0.decode(String?.self, "changes") ?? "")
            }
        }
        XCTAssertEqual(actions.map(\.0), ["requestPasswordReset", "acceptPasswordReset"])
        XCTAssertEqual(Set(actions.map(\.2)), [user.id])
        XCTAssertFalse(actions[1].3.contains("a brand new password") || actions[1].3.contains(token), actions[1].3)

        // Expired: a new link, made 31 minutes old, no longer works.
        try sql { _ = try $0.query("UPDATE users SET reset_requested_at = now() - interval '2 minutes' WHERE id = $1", [user.id]) }
        XCTAssertEqual(try requestReset("ann@example.com").status, 202)
        let expired = try XCTUnwrap(try outbox("password_reset").last?.secret)
        XCTAssertNotEqual(expired, token)
        try sql { _ = try $0.query("UPDATE users SET reset_expires_at = now() - interval '1 minute' WHERE id = $1", [user.id]) }
        XCTAssertEqual(try acceptReset(expired, password: "yet another password").status, 422)
    }

    func testPasswordResetRequestsAreThrottledPerAddressAndTenant() throws {
        try addUser("ann@example.com", .viewer)
        for _ in 0..<5 { XCTAssertEqual(try requestReset("ann@example.com").status, 202) }
        let throttled = try requestReset("someone@example.com")
        XCTAssertEqual(throttled.status, 429, throttled.text)
        XCTAssertNotNil(throttled.headers["retry-after"])
        XCTAssertEqual(try outbox("password_reset").count, 1, "at most one e-mail a minute per user")
    }

    func testTOTPEnrolmentThenLoginNeedsACurrentCodeUsedOnceOrARecoveryCode() throws {
        try addUser("ann@example.com", .viewer)
        let session = try login("ann@example.com")
        let started = try client.request("POST", "/v1/sessions/current/totp", headers: session.writeHeaders)
        XCTAssertEqual(started.status, 201, started.text)
        let secretText = try XCTUnwrap(started.json?["secret"] as? String)
        let secret = try XCTUnwrap(Base32.decode(secretText))
        XCTAssertEqual(secret.count, 20)
        let uri = try XCTUnwrap(started.json?["otpauth_uri"] as? String)
        XCTAssertTrue(uri.hasPrefix("otpauth://totp/") && uri.contains("secret=\(secretText)"), uri)
        let sealed = try sql { try $0.query("SELECT totp_pending_secret FROM users WHERE email = 'ann@example.com'")[0].decode(String.self, "totp_pending_secret") }
        XCTAssertTrue(sealed.hasPrefix("v1:") && !sealed.contains(secretText), "sealed at rest")
        // Not on until confirmed: the password alone still logs in.
        _ = try login("ann@example.com")

        let now = Date()
        let wrong = try client.json("POST", "/v1/sessions/current/totp/confirm", #"{"code":"000000"}"#, headers: session.writeHeaders)
        let code = TOTP.code(secret: secret, step: TOTP.step(at: now))
        if code != "000000" {
            XCTAssertEqual(wrong.status, 422, wrong.text)
            XCTAssertEqual(problemPointers(wrong.json ?? [:]), ["/code"])
        }
        let confirmed = try client.json("POST", "/v1/sessions/current/totp/confirm", #"{"code":"\#(code)"}"#, headers: session.writeHeaders)
        XCTAssertEqual(confirmed.status, 200, confirmed.text)
        let recovery = try XCTUnwrap(confirmed.json?["recovery_codes"] as? [String])
        XCTAssertEqual(Set(recovery).count, 10)
        XCTAssertEqual(try client.request("POST", "/v1/sessions/current/totp", headers: session.writeHeaders).status, 409)

        // Login: no code and a wrong code are the same 401 as a wrong password; the confirming step is used up.
        let missing = try loginResponse("ann@example.com")
        XCTAssertEqual(missing.status, 401)
        let wrongPassword = try loginResponse("ann@example.com", password: "not the password")
        XCTAssertEqual(missing.text, wrongPassword.text)
        XCTAssertEqual(try loginResponse("ann@example.com", totp: code).status, 401, "a step is taken once")
        let next = TOTP.code(secret: secret, step: TOTP.step(at: now) + 1)
        _ = try login("ann@example.com", totp: next)
        XCTAssertEqual(try loginResponse("ann@example.com", totp: next).status, 401, "reused")
        _ = try login("ann@example.com", totp: recovery[0].uppercased())
        XCTAssertEqual(try loginResponse("ann@example.com", totp: recovery[0]).status, 401, "a recovery code works once")
        let failures = try sql { try $0.query("SELECT failed_logins FROM users WHERE email = 'ann@example.com'")[0].decode(Int.self, "failed_logins") }
        XCTAssertEqual(failures, 1, "the last refusal counted (the successes reset the count)")

        // Disabled with a recovery code; the password alone logs in again.
        let refused = try client.json("POST", "/v1/sessions/current/totp/disable", #"{"code":"123"}"#, headers: session.writeHeaders)
        XCTAssertEqual(refused.status, 422, refused.text)
        let disabled = try client.json("POST", "/v1/sessions/current/totp/disable", #"{"code":"\#(recovery[1])"}"#, headers: session.writeHeaders)
        XCTAssertEqual(disabled.status, 204, disabled.text)
        _ = try login("ann@example.com")
        XCTAssertEqual(try client.json("POST", "/v1/sessions/current/totp/disable", #"{"code":"\#(recovery[2])"}"#, headers: session.writeHeaders).status, 409)

        // For a cookie only; audited without the code.
        XCTAssertEqual(try client.request("POST", "/v1/sessions/current/totp", headers: ["Authorization": "Bearer \(tenant.apiKey.key)"]).status, 404)
        let events = try sql { try $0.query("SELECT action, changes FROM audit_events WHERE action LIKE '%TOTP%' ORDER BY occurred_at").map { try $0.decode(String.self, "action") } }
        XCTAssertEqual(events, ["startTOTPEnrolment", "confirmTOTPEnrolment", "disableTOTP"])
    }

    func testWithoutASecretsKeyTOTPCannotBeEnabled() throws {
        let bare = try APITestServer()
        defer { bare.stop() }
        let other = try bare.makeTenant("nokey")
        try bare.environment.tenants.transaction(other.tenant.context) {
            _ = try UserRepository($0).create(email: "ann@example.com", role: .viewer, password: password)
        }
        let client = try bare.client()
        let response = try client.json("POST", "/v1/sessions", try body(["tenant": other.tenant.slug, "email": "ann@example.com", "password": password]))
        let cookie = try XCTUnwrap(response.headers["set-cookie"]?.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
        let csrf = try XCTUnwrap(response.json?["csrf_token"] as? String)
        let started = try client.request("POST", "/v1/sessions/current/totp", headers: ["Cookie": "recur_session=\(cookie)", "X-CSRF-Token": csrf])
        XCTAssertEqual(started.status, 409, started.text)
        XCTAssertTrue(started.text.contains("RECUR_SECRETS_KEY"), started.text)
    }
}
