import Domain
import Foundation
import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// Issue 26: an invitation and a password reset are e-mailed by the real `recur-worker deliver` to the real aiosmtpd
/// relay; the link read from the e-mail that arrived works once, a reset ends the user's sessions, an expired link
/// is refused, and the outbox forgets the token once the e-mail is sent.
extension WorkerDeliveryTests {
    private var links: AccountLinks { AccountLinks(baseURL: "https://books.example.test/") }

    /// The one e-mail that arrived for `recipient`, its text and HTML parts, and the token of its link to `page`.
    private func arrivedLink(to recipient: String, page: String) throws -> (text: String, html: String, subject: String, token: String) {
        let mails = try smtp.messages().filter { $0.envelope.rcpt_tos == [recipient] }
        XCTAssertEqual(mails.count, 1)
        let mail = try XCTUnwrap(mails.first).inspect()
        let text = try XCTUnwrap(mail.plainText)
        let html = try XCTUnwrap(mail.htmlText)
        let prefix = "https://books.example.test\(page)?tenant=\(tenant.slug)&token="
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix(prefix) }, text)
        let token = String(line.dropFirst(prefix.count))
        XCTAssertEqual(token.count, 64)
        XCTAssertTrue(html.contains("href=\"\(prefix.replacing("&", with: "&amp;"))\(token)\""), html)
        return (text, html, try XCTUnwrap(mail.header("Subject")), token)
    }

    private func linkSecrets() throws -> [String?] {
        try fixture.database.transaction(tenant) { db in
            try db.query("SELECT link_secret FROM notification_outbox ORDER BY created_at").map { try $0.decode(String?.self, "link_secret") }
        }
    }

    func testAnInvitationArrivesWithALinkThatWorksOnceAndTheOutboxForgetsTheToken() throws {
        let created = try fixture.database.transaction(tenant) { db in
            try UserRepository(db, control: fixture.control).create(
                email: "claire@initiative.test", name: "Claire", role: .accountant, password: nil, invite: true,
                mail: AccountMail(tenant: tenant, links: links))
        }
        XCTAssertEqual(try linkSecrets(), [created.invitationToken])
        let run = try deliver()
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertTrue(run.stdout.contains("1 sent"), run.stdout)

        let mail = try arrivedLink(to: "claire@initiative.test", page: "/app/invitations/accept")
        XCTAssertEqual(mail.token, created.invitationToken)
        XCTAssertTrue(mail.text.hasPrefix("Hello Claire,\n"), mail.text)
        XCTAssertTrue(mail.text.contains("as accountant"), mail.text)
        XCTAssertTrue(mail.subject.hasSuffix("invites you to Recur"), mail.subject)
        XCTAssertEqual(try linkSecrets(), [nil], "sent: the token is no longer kept")

        let accepted = try fixture.database.transaction(tenant) { db in
            try UserRepository(db, control: fixture.control).acceptInvitation(token: mail.token, password: "chosen by claire")
        }
        XCTAssertTrue(accepted)
        let again = try fixture.database.transaction(tenant) { db in
            try UserRepository(db, control: fixture.control).acceptInvitation(token: mail.token, password: "chosen again!!")
        }
        XCTAssertFalse(again, "single use")
        let sessions = SessionService(pool: fixture.pool, control: fixture.control)
        guard case .success = try sessions.login(tenant: tenant.slug, email: "claire@initiative.test", password: "chosen by claire") else {
            return XCTFail("the chosen password logs in")
        }
    }

    func testAPasswordResetArrivesInFrenchEndsSessionsWorksOnceAndExpires() throws {
        try fixture.database.transaction(tenant) { db in
            _ = try TenantSettingsRepository(db, control: fixture.control).apply(
                TenantUpdate(documents: DocumentSettings(locale: .fr)), to: tenant)
            _ = try UserRepository(db, control: fixture.control).create(email: "ann@initiative.test", role: .viewer, password: "the old password")
        }
        let sessions = SessionService(pool: fixture.pool, control: fixture.control)
        guard case .success(let login) = try sessions.login(tenant: tenant.slug, email: "ann@initiative.test", password: "the old password") else {
            return XCTFail("logs in")
        }
        let account = try fixture.database.transaction(tenant) { db in
            try UserRepository(db, control: fixture.control).requestPasswordReset(
                email: "ANN@initiative.test", mail: AccountMail(tenant: tenant, links: links))
        }
        XCTAssertNotNil(account)
        XCTAssertEqual(try deliver().status, 0)
        let mail = try arrivedLink(to: "ann@initiative.test", page: "/app/password-resets/accept")
        XCTAssertEqual(mail.subject, "Réinitialisez votre mot de passe Recur")
        XCTAssertTrue(mail.text.contains("dans les 30 minutes"), mail.text)
        XCTAssertEqual(try linkSecrets(), [nil])

        let reset = try fixture.database.transaction(tenant) { db in
            try UserRepository(db, control: fixture.control).acceptPasswordReset(token: mail.token, password: "the new password", tenantID: tenant.id)
        }
        XCTAssertEqual(reset?.email, "ann@initiative.test")
        XCTAssertEqual(try sessions.verify(login.token), .invalid, "every session of the user ended")
        let twice = try fixture.database.transaction(tenant) { db in
            try UserRepository(db, control: fixture.control).acceptPasswordReset(token: mail.token, password: "another password", tenantID: tenant.id)
        }
        XCTAssertNil(twice, "single use")
        guard case .success = try sessions.login(tenant: tenant.slug, email: "ann@initiative.test", password: "the new password") else {
            return XCTFail("the new password logs in")
        }

        // A second link, 31 minutes later, no longer works; one not yet sent when it expires is cancelled unsent.
        try fixture.database.transaction(tenant) { db in
            _ = try db.query("UPDATE users SET reset_requested_at = now() - interval '2 minutes'")
            _ = try UserRepository(db, control: fixture.control).requestPasswordReset(
                email: "ann@initiative.test", mail: AccountMail(tenant: tenant, links: links))
            _ = try db.query("UPDATE users SET reset_expires_at = now() - interval '1 minute'")
            _ = try db.query("UPDATE notification_outbox SET payload = jsonb_set(payload, '{expires_at}', to_jsonb(now() - interval '1 minute')) WHERE status = 'pending'")
        }
        let token = try XCTUnwrap(try linkSecrets().compactMap { $0 }.first)
        XCTAssertEqual(try deliver().status, 0)
        XCTAssertEqual(try smtp.messages().count, 1, "the expired link was not sent")
        let status = try fixture.database.transaction(tenant) { db in
            try db.query("SELECT status, link_secret FROM notification_outbox ORDER BY created_at DESC LIMIT 1")[0]
        }
        XCTAssertEqual(try status.decode(String.self, "status"), "cancelled")
        XCTAssertNil(try status.decode(String?.self, "link_secret"))
        let expired = try fixture.database.transaction(tenant) { db in
            try UserRepository(db, control: fixture.control).acceptPasswordReset(token: token, password: "too late password", tenantID: tenant.id)
        }
        XCTAssertNil(expired)
    }
}
