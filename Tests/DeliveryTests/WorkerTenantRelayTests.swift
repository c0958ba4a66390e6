import Domain
import Foundation
import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// Issue 23, per-tenant relay, end to end: the real `recur-worker deliver` with two aiosmtpd relays (STARTTLS and
/// AUTH required, each with its own login). Tenant A sends through its own relay (server 2) with its own login, sealed
/// in its settings; tenant B through the platform's (server 1).
final class WorkerTenantRelayTests: XCTestCase {
    var fixture: StoreFixture!
    var platform: SMTPTestServer!
    var own: SMTPTestServer!
    var tenantA: TenantContext!
    var tenantB: TenantContext!
    private let keyText = Data(repeating: 9, count: 32).base64EncodedString()

    override func setUpWithError() throws {
        fixture = try StoreFixture()
        platform = try SMTPTestServer()
        own = try SMTPTestServer(username: "tenant-a", password: "a's own relay secret")
        tenantA = try fixture.tenants.create(fixture.draft("rela")).tenant.context
        tenantB = try fixture.tenants.create(fixture.draft("relb")).tenant.context
    }

    override func tearDown() {
        platform = nil
        own = nil
        fixture?.tearDown()
    }

    /// Issues one invoice of `tenant` to a customer at `email`; it queues its e-mail.
    private func issue(_ tenant: TenantContext, to email: String) throws {
        try fixture.database.transaction(tenant) { db in
            let party = try PartyRepository(db).create(
                PartyDraft(kind: .customer, name: "Globex", email: email, paymentTermsDays: 30), defaultCurrency: .eur)
            let draft = try InvoiceRepository(db).createDraft(
                InvoiceDraft(partyID: party.id, lines: [InvoiceLineDraft(description: "Support", quantity: 1, unitPrice: ExactDecimal("120.00")!)]))
            _ = try InvoiceRepository(db).issue(draft.id, today: CalendarDate(year: 2026, month: 12, day: 6)!)
        }
    }

    /// One invoice of A to `ap@a-customer.test`, one of B to `ap@b-customer.test`.
    private func issueOneEach() throws {
        try issue(tenantA, to: "ap@a-customer.test")
        try issue(tenantB, to: "ap@b-customer.test")
    }

    /// Gives tenant A its own relay: server 2 with `password`, sealed with the test key.
    private func useOwnRelay(password: String) throws {
        let secrets = try SecretBox(key: [UInt8](repeating: 9, count: 32))
        try fixture.database.transaction(tenantA) { db in
            try TenantSettingsRepository(db, control: fixture.control).apply(
                TenantUpdate(
                    delivery: DeliverySettings(fromAddress: "billing@a.test"),
                    relay: .own(url: "smtp://127.0.0.1:\(own.server.port)", username: "tenant-a", password: .set(password), tlsRequired: true)),
                to: tenantA, secrets: secrets)
        }
    }

    private func deliver(platformRelay: Bool = true, key: Bool = true, privateNetworks: Bool = true) throws -> TestProcess.Result {
        var environment: [String: String?] = [
            "RECUR_TENANT_SMTP_ALLOW_PRIVATE_NETWORKS": privateNetworks ? "1" : nil,
            "RECUR_CONTROL_SCHEMA": fixture.control.name, "RECUR_SMTP_FROM": "noreply@recur.test",
            "RECUR_TENANT_SMTP_CA_FILE": try TestCertificate.files().certificate,
            "RECUR_SECRETS_KEY": key ? keyText : nil, "RECUR_SMTP_URL": nil,
        ]
        if platformRelay {
            environment["RECUR_SMTP_URL"] = "smtp://127.0.0.1:\(platform.server.port)"
            environment["RECUR_SMTP_USER"] = SMTPTestServer.username
            environment["RECUR_SMTP_PASSWORD"] = SMTPTestServer.password
            environment["RECUR_SMTP_CA_FILE"] = try TestCertificate.files().certificate
        }
        return try TestProcess.run(TestProcess.executable(named: "recur-worker"), ["deliver"], environment: environment)
    }

    private func outbox(_ tenant: TenantContext) throws -> [(status: String, error: String?)] {
        try fixture.database.transaction(tenant) { db in
            try db.query("SELECT status, last_error FROM notification_outbox ORDER BY created_at").map {
                (try $0.decode(String.self, "status"), try $0.decode(String?.self, "last_error"))
            }
        }
    }

    func testEachTenantsMailArrivesThroughItsOwnRelayOrThePlatforms() throws {
        try useOwnRelay(password: "a's own relay secret")
        try issueOneEach()
        let run = try deliver()
        XCTAssertEqual(run.status, 0, "\(run)")

        let viaOwn = try own.messages()
        let viaPlatform = try platform.messages()
        XCTAssertEqual(viaOwn.map(\.envelope.rcpt_tos), [["ap@a-customer.test"]], "A's e-mail, through A's relay with A's login")
        XCTAssertEqual(viaOwn.first?.envelope.mail_from, "billing@a.test")
        XCTAssertEqual(viaPlatform.map(\.envelope.rcpt_tos), [["ap@b-customer.test"]], "B's e-mail, through the platform's")
        XCTAssertEqual(viaPlatform.first?.envelope.mail_from, "noreply@recur.test")
        XCTAssertEqual(try outbox(tenantA).map(\.status), ["sent"])
        XCTAssertEqual(try outbox(tenantB).map(\.status), ["sent"])
    }

    func testAWrongTenantPasswordFailsPermanentlyWithoutAffectingAnotherTenant() throws {
        try useOwnRelay(password: "not the password")
        try issueOneEach()
        let run = try deliver()
        XCTAssertEqual(run.status, 0, "\(run)")

        let a = try XCTUnwrap(try outbox(tenantA).first)
        XCTAssertEqual(a.status, "failed", "535 is permanent")
        XCTAssertTrue(a.error?.contains("535") == true, "\(String(describing: a.error))")
        XCTAssertEqual(try own.messages().count, 0)
        XCTAssertEqual(try outbox(tenantB).map(\.status), ["sent"])
        XCTAssertEqual(try platform.messages().map(\.envelope.rcpt_tos), [["ap@b-customer.test"]])
    }

    func testATenantWithItsOwnRelayIsDeliveredWithoutAPlatformRelay() throws {
        try useOwnRelay(password: "a's own relay secret")
        try issueOneEach()
        let run = try deliver(platformRelay: false)
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertEqual(run.stdout.components(separatedBy: "e-mails stay queued for tenants without their own relay").count, 2, run.stdout)
        XCTAssertTrue(run.stdout.contains("delivered: 1 sent, 0 to retry, 0 failed"), run.stdout)

        XCTAssertEqual(try own.messages().map(\.envelope.rcpt_tos), [["ap@a-customer.test"]])
        XCTAssertEqual(try outbox(tenantA).map(\.status), ["sent"])
        XCTAssertEqual(try outbox(tenantB).map(\.status), ["pending"], "B waits for the platform relay")
        XCTAssertEqual(try platform.messages().count, 0)
    }

    func testWithoutTheSecretsKeyATenantsMailIsHeldNotFailed() throws {
        try useOwnRelay(password: "a's own relay secret")
        try issueOneEach()
        let run = try deliver(key: false)
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertTrue(run.stdout.contains("\(tenantA.slug): e-mails held: the tenant's relay password cannot be opened: RECUR_SECRETS_KEY is not set"), run.stdout)
        XCTAssertEqual(try outbox(tenantA).map(\.status), ["pending"], "nothing claimed, nothing lost")
        XCTAssertEqual(try outbox(tenantB).map(\.status), ["sent"])
        XCTAssertEqual(try own.messages().count, 0)
    }

    func testATenantsRelayOnALoopbackAddressIsRefusedUnlessTheOperatorAllowsPrivateNetworks() throws {
        try useOwnRelay(password: "a's own relay secret")
        try issueOneEach()
        let run = try deliver(privateNetworks: false)
        XCTAssertEqual(run.status, 0, "\(run)")
        let a = try XCTUnwrap(try outbox(tenantA).first)
        XCTAssertEqual(a.status, "failed")
        XCTAssertTrue(a.error?.contains("loopback, private or link-local") == true, "\(String(describing: a.error))")
        XCTAssertEqual(try own.messages().count, 0)
        XCTAssertEqual(own.sessions, 0, "not even connected")
        XCTAssertEqual(try outbox(tenantB).map(\.status), ["sent"], "the platform relay is the operator's: internal is fine")
    }
}
