import Delivery
import Domain
import Foundation
import Postgres
import Store
import Synchronization
import StoreTestSupport
import TestSupport
import XCTest

/// Issue 23 webhooks end to end: the real `recur-worker deliver` (no SMTP relay configured) against the real HTTPS
/// receiver (`servers/webhook_server.py`, which verifies `Recur-Signature` with its own secrets), trusting the test
/// certificate through `RECUR_WEBHOOK_CA_FILE`.
final class WorkerWebhookTests: XCTestCase {
    private var fixture: StoreFixture!
    private var tenant: TenantContext!
    private var receivers: [WebhookTestServer] = []

    override func setUpWithError() throws {
        fixture = try StoreFixture()
        tenant = try fixture.tenants.create(fixture.draft("hook")).tenant.context
    }

    override func tearDown() {
        receivers = []
        fixture?.tearDown()
    }

    /// An endpoint for invoice.issued, and a receiver holding `secrets(of the endpoint's secret)`.
    private func endpoint(receiverSecrets: (String) -> [String] = { [$0] }) throws -> (WebhookEndpoint, String, WebhookTestServer) {
        let (created, secret) = try fixture.database.transaction(tenant) { db in
            try WebhookEndpointRepository(db).create(WebhookEndpointDraft(url: "https://127.0.0.1:9/unset", eventTypes: [.invoiceIssued]))
        }
        let receiver = try WebhookTestServer(secrets: receiverSecrets(secret.value))
        receivers.append(receiver)
        let endpoint = try point(created, at: receiver)
        return (endpoint, secret.value, receiver)
    }

    private func point(_ endpoint: WebhookEndpoint, at receiver: WebhookTestServer) throws -> WebhookEndpoint {
        try fixture.database.transaction(tenant) { db in
            try WebhookEndpointRepository(db).update(
                endpoint.id, WebhookEndpointDraft(url: receiver.url(), eventTypes: endpoint.eventTypes, enabled: true))
        }
    }

    @discardableResult
    private func issue() throws -> Invoice {
        try fixture.database.transaction(tenant) { db in
            let party = try PartyRepository(db).create(
                PartyDraft(kind: .customer, name: "Globex", email: "ap@globex.test", paymentTermsDays: 30), defaultCurrency: .eur)
            let draft = try InvoiceRepository(db).createDraft(
                InvoiceDraft(partyID: party.id, lines: [InvoiceLineDraft(description: "Support", quantity: 1, unitPrice: ExactDecimal("120.00")!)]))
            return try InvoiceRepository(db).issue(draft.id, today: CalendarDate(year: 2026, month: 12, day: 6)!)
        }
    }

    /// `recur-worker deliver` for the tenant; without `smtp`, no relay is configured.
    private func deliver(
        smtp: SMTPTestServer? = nil, allowPrivateNetworks: Bool = true, arguments: [String] = []
    ) throws -> TestProcess.Result {
        let (executable, arguments, environment) = try deliverCommand(smtp: smtp, allowPrivateNetworks: allowPrivateNetworks, arguments: arguments)
        return try TestProcess.run(executable, arguments, environment: environment)
    }

    /// The `recur-worker deliver` command line for the tenant; without `smtp`, no relay is configured.
    private func deliverCommand(
        smtp: SMTPTestServer? = nil, allowPrivateNetworks: Bool = true, arguments: [String] = []
    ) throws -> (String, [String], [String: String?]) {
        var environment: [String: String?] = [
            "RECUR_CONTROL_SCHEMA": fixture.control.name, "RECUR_SMTP_URL": nil,
            "RECUR_WEBHOOK_CA_FILE": try TestCertificate.files().certificate,
            "RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS": allowPrivateNetworks ? "1" : nil,
        ]
        if let smtp {
            environment.merge([
                "RECUR_SMTP_URL": "smtp://127.0.0.1:\(smtp.server.port)", "RECUR_SMTP_FROM": "noreply@recur.test",
                "RECUR_SMTP_USER": SMTPTestServer.username, "RECUR_SMTP_PASSWORD": SMTPTestServer.password,
                "RECUR_SMTP_CA_FILE": try TestCertificate.files().certificate,
            ]) { _, new in new }
        }
        return (try TestProcess.executable(named: "recur-worker"), ["deliver", "--tenant", tenant.slug] + arguments, environment)
    }

    private func deliveries(_ endpoint: WebhookEndpoint) throws -> [WebhookDelivery] {
        try fixture.database.transaction(tenant) { db in try WebhookEndpointRepository(db).deliveries(of: endpoint.id).items }
    }

    private func makeDue() throws {
        _ = try fixture.database.transaction(tenant) { db in try db.query("UPDATE webhook_deliveries SET next_attempt_at = now()") }
    }

    func testAnIssuedInvoiceReachesTheReceiverSignedWithTheNotificationIdAsEventIdWithoutAnSMTPRelay() throws {
        let (endpoint, _, receiver) = try endpoint()
        let invoice = try issue()
        let run = try deliver()
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertEqual(run.stdout.components(separatedBy: "e-mails stay queued").count, 2, "said once: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("webhooks 1 sent, 0 to retry, 0 failed"), run.stdout)

        let notification = try fixture.database.transaction(tenant) { db in
            try XCTUnwrap(try NotificationRepository(db).list(NotificationFilter(invoiceID: invoice.id)).items.first)
        }
        XCTAssertEqual(notification.status, .pending, "the e-mail stays queued")
        let received = try receiver.deliveries()
        XCTAssertEqual(received.count, 1)
        let delivery = try XCTUnwrap(received.first)
        XCTAssertEqual(delivery.verified_secret, 0, "the signature verifies")
        XCTAssertEqual(delivery.headers["Recur-Event-Id"], notification.id.uuidString.lowercased())
        let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])
        XCTAssertEqual(body["type"] as? String, "invoice.issued")
        XCTAssertEqual(body["id"] as? String, notification.id.uuidString.lowercased())
        XCTAssertEqual((body["data"] as? [String: Any])?["invoice_id"] as? String, invoice.id.uuidString.lowercased())
        let stored = try XCTUnwrap(try deliveries(endpoint).first)
        XCTAssertEqual(stored.status, .sent)
        XCTAssertEqual(stored.lastStatusCode, 200)
        XCTAssertNotNil(stored.lastLatencyMilliseconds)

        // Nothing more is due.
        XCTAssertEqual(try deliver().status, 0)
        XCTAssertEqual(try receiver.deliveries().count, 1)
    }

    /// The database's current minute.
    private func minute() throws -> String {
        try fixture.database.transaction(tenant) { db in
            try XCTUnwrap(db.query("SELECT date_trunc('minute', now())::text AS m").first?.decode(String.self, "m"))
        }
    }

    func testABatchGoesOutOverSeveralConnectionsEachDeliveryOnce() throws {
        let (endpoint, _, receiver) = try endpoint()
        for _ in 0..<12 { try issue() }
        let run = try deliver(arguments: ["--webhook-connections", "4", "--batch-size", "10"])
        XCTAssertEqual(run.status, 0, "\(run)")
        let received = try receiver.deliveries()
        XCTAssertEqual(received.count, 12)
        XCTAssertEqual(Set(received.compactMap { $0.headers["Recur-Event-Id"] }).count, 12, "each event once")
        XCTAssertTrue(received.allSatisfy { $0.verified_secret == 0 })
        XCTAssertEqual(try deliveries(endpoint).filter { $0.status == .sent }.count, 12)
    }

    func testATenantRateLimitHoldsOverTwoWorkersAtOnce() throws {
        let (endpoint, _, receiver) = try endpoint()
        for _ in 0..<12 { try issue() }
        let before = try minute()
        let runs = Mutex<[TestProcess.Result?]>([nil, nil])
        let failures = Mutex<[String]>([])
        let (executable, arguments, environment) = try deliverCommand(arguments: ["--tenant-webhook-rate", "5", "--batch-size", "3"])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                let run = try TestProcess.run(executable, arguments, environment: environment)
                runs.withLock { $0[index] = run }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let after = try minute()
        XCTAssertEqual(failures.withLock { $0 }, [])
        for run in runs.withLock({ $0 }) { XCTAssertEqual(run?.status, 0, "\(String(describing: run))") }
        let sent = try deliveries(endpoint).filter { $0.status == .sent }.count
        XCTAssertEqual(try receiver.deliveries().count, sent)
        if before == after {
            XCTAssertEqual(sent, 5, "5 a minute over both workers")
        } else {
            XCTAssertLessThanOrEqual(sent, 10, "two minutes at most")
        }
        XCTAssertEqual(try deliveries(endpoint).filter { $0.status == .pending }.count, 12 - sent, "the rest wait")
    }

    func testA500IsRetriedThenSentAndA410FailsAtOnce() throws {
        let (endpoint, _, receiver) = try endpoint()
        try receiver.script([["status": 500]])
        try issue()
        XCTAssertEqual(try deliver().status, 0)
        var stored = try XCTUnwrap(try deliveries(endpoint).first)
        XCTAssertEqual(stored.status, .retrying)
        XCTAssertEqual(stored.lastStatusCode, 500)
        XCTAssertEqual(stored.attempts, 1)

        try makeDue()
        XCTAssertEqual(try deliver().status, 0)
        stored = try XCTUnwrap(try deliveries(endpoint).first)
        XCTAssertEqual(stored.status, .sent)
        XCTAssertEqual(stored.attempts, 2)
        let ids = Set(try receiver.deliveries().map { $0.headers["Recur-Event-Id"] })
        XCTAssertEqual(ids.count, 1, "the retry carries the same event id")

        try receiver.script([["status": 410]])
        try issue()
        let run = try deliver()
        XCTAssertTrue(run.stdout.contains("webhooks 0 sent, 0 to retry, 1 failed"), run.stdout)
        let gone = try XCTUnwrap(try deliveries(endpoint).first { $0.status != .sent })
        XCTAssertEqual(gone.status, .failed)
        XCTAssertEqual(gone.lastStatusCode, 410)
    }

    func testWithoutThePrivateNetworksSettingALoopbackEndpointFailsAtOnceAndIsNeverContacted() throws {
        let (endpoint, _, receiver) = try endpoint()
        try issue()
        let run = try deliver(allowPrivateNetworks: false)
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertTrue(run.stdout.contains("webhooks 0 sent, 0 to retry, 1 failed"), run.stdout)
        let stored = try XCTUnwrap(try deliveries(endpoint).first)
        XCTAssertEqual(stored.status, .failed)
        XCTAssertNil(stored.lastStatusCode)
        XCTAssertTrue(stored.lastError?.contains("RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS") == true, "\(stored)")
        XCTAssertEqual(receiver.connections, 0)
    }

    func testDuringARotationAReceiverWithOnlyTheNewOrOnlyTheOldSecretVerifies() throws {
        let (created, old, _) = try endpoint()
        let new = try fixture.database.transaction(tenant) { db in try WebhookEndpointRepository(db).rotateSecret(created.id, overlapHours: 24).1.value }
        let onlyNew = try WebhookTestServer(secrets: [new])
        let onlyOld = try WebhookTestServer(secrets: [old])
        receivers += [onlyNew, onlyOld]

        var endpoint = try point(created, at: onlyNew)
        try issue()
        XCTAssertEqual(try deliver().status, 0)
        let first = try XCTUnwrap(try onlyNew.deliveries().first)
        XCTAssertEqual(first.verified_secret, 0)
        XCTAssertEqual(first.headers["Recur-Signature"]?.components(separatedBy: "v1=").count, 3, "two v1 signatures")

        endpoint = try point(endpoint, at: onlyOld)
        let delivery = try XCTUnwrap(try deliveries(endpoint).first)
        _ = try fixture.database.transaction(tenant) { db in try WebhookEndpointRepository(db).redeliver(delivery.id, of: endpoint.id) }
        XCTAssertEqual(try deliver().status, 0)
        XCTAssertEqual(try onlyOld.deliveries().first?.verified_secret, 0)

        // Without an overlap the old secret stops signing at once: the old-secret receiver refuses (401, failed).
        _ = try fixture.database.transaction(tenant) { db in try WebhookEndpointRepository(db).rotateSecret(endpoint.id, overlapHours: 0) }
        _ = try fixture.database.transaction(tenant) { db in try WebhookEndpointRepository(db).redeliver(delivery.id, of: endpoint.id) }
        XCTAssertEqual(try deliver().status, 0)
        XCTAssertNil(try onlyOld.deliveries().last?.verified_secret)
        XCTAssertEqual(try deliveries(endpoint).first?.lastStatusCode, 401)
    }

    func testAnEndpointFailingForThreeDaysIsDisabledAndTheAlertRecipientsAreEmailed() throws {
        let smtp = try SMTPTestServer()
        let (endpoint, _, receiver) = try endpoint()
        try fixture.database.transaction(tenant) { db in
            _ = try TenantSettingsRepository(db, control: fixture.control).apply(
                TenantUpdate(delivery: DeliverySettings(alertRecipients: ["ops@initiative.test"])), to: tenant)
        }
        try receiver.script([["status": 503]])
        try issue()
        _ = try fixture.database.transaction(tenant) { db in
            try db.query("UPDATE webhook_endpoints SET failing_since = now() - interval '3 days 1 minute'")
        }
        let run = try deliver(smtp: smtp)
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertTrue(run.stdout.contains("1 endpoint(s) disabled"), run.stdout)
        let disabled = try fixture.database.transaction(tenant) { db in try WebhookEndpointRepository(db).get(endpoint.id) }
        XCTAssertFalse(disabled.enabled)

        // The alert was queued by that round; the next one e-mails it to the alert recipients.
        XCTAssertEqual(try deliver(smtp: smtp).status, 0)
        let alerts = try smtp.messages().filter { try $0.inspect().header("Subject")?.hasPrefix("Webhook endpoint disabled") == true }
        XCTAssertEqual(alerts.map(\.envelope.rcpt_tos), [["ops@initiative.test"]])
    }
}
