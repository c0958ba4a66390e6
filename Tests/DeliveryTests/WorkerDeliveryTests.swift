import Crypto
import Domain
import Foundation
import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// Issue 23 end to end: the real `recur-worker deliver` against the real aiosmtpd relay (STARTTLS and AUTH
/// required): invoices e-mailed with their kept PDF, once; transient and permanent refusals; four workers at once;
/// a worker killed mid-batch loses nothing and what it had in flight goes again with the same Message-ID.
final class WorkerDeliveryTests: XCTestCase {
    var fixture: StoreFixture!
    var smtp: SMTPTestServer!
    var tenant: TenantContext!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
        smtp = try SMTPTestServer()
        tenant = try fixture.tenants.create(fixture.draft("mail")).tenant.context
    }

    override func tearDown() {
        smtp = nil
        fixture?.tearDown()
    }

    /// Issues `count` invoices to a customer at `email`; each queues its e-mail.
    @discardableResult
    private func issue(_ count: Int, email: String = "ap@globex.test") throws -> [Invoice] {
        try fixture.database.transaction(tenant) { db in
            let party = try PartyRepository(db).create(
                PartyDraft(kind: .customer, name: "Globex", email: email, paymentTermsDays: 30), defaultCurrency: .eur)
            return try (0..<count).map { index in
                let draft = try InvoiceRepository(db).createDraft(
                    InvoiceDraft(
                        partyID: party.id,
                        lines: [InvoiceLineDraft(description: "Support \(index)", quantity: 1, unitPrice: ExactDecimal("120.00")!)]))
                return try InvoiceRepository(db).issue(draft.id, today: CalendarDate(year: 2026, month: 12, day: 6)!)
            }
        }
    }

    private var environment: [String: String?] {
        [
            "RECUR_CONTROL_SCHEMA": fixture.control.name, "RECUR_SMTP_URL": "smtp://127.0.0.1:\(smtp.server.port)",
            "RECUR_SMTP_FROM": "noreply@recur.test", "RECUR_SMTP_USER": SMTPTestServer.username,
            "RECUR_SMTP_PASSWORD": SMTPTestServer.password, "RECUR_SMTP_CA_FILE": try? TestCertificate.files().certificate,
        ]
    }

    func deliver(_ arguments: [String] = [], relay: String? = nil) throws -> TestProcess.Result {
        var environment = self.environment
        if let relay { environment["RECUR_SMTP_URL"] = relay }
        return try TestProcess.run(
            TestProcess.executable(named: "recur-worker"), ["deliver", "--tenant", tenant.slug] + arguments, environment: environment)
    }

    private func statuses() throws -> [String: Int] {
        try fixture.database.transaction(tenant) { db in
            var counts: [String: Int] = [:]
            for row in try db.query("SELECT status, count(*) AS n FROM notification_outbox GROUP BY status") {
                counts[try row.decode(String.self, "status")] = try row.decode(Int.self, "n")
            }
            return counts
        }
    }

    private func messageIDs() throws -> Set<String> {
        try fixture.database.transaction(tenant) { db in
            Set(try db.query("SELECT id FROM notification_outbox").map { "<\(try $0.decode(UUID.self, "id").uuidString.lowercased())@notifications.recur>" })
        }
    }

    func testIssuedInvoicesAreEmailedOnceWithTheirKeptPDF() throws {
        let invoices = try issue(3)
        try fixture.database.transaction(tenant) { db in
            _ = try TenantSettingsRepository(db, control: fixture.control).apply(
                TenantUpdate(
                    legal: LegalIdentity(legalName: "Initiative Conseil SARL"),
                    delivery: DeliverySettings(fromAddress: "billing@initiative.test", replyTo: "compta@initiative.test")),
                to: tenant)
        }
        let run = try deliver()
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertTrue(run.stdout.contains("3 sent, 0 to retry, 0 failed"), run.stdout)

        let received = try smtp.messages()
        XCTAssertEqual(received.count, 3)
        XCTAssertEqual(try messageIDs(), Set(try received.map { try XCTUnwrap(try $0.inspect().header("Message-ID")) }))
        for mail in received {
            let message = try mail.inspect()
            XCTAssertEqual(mail.envelope.rcpt_tos, ["ap@globex.test"])
            XCTAssertEqual(message.header("From"), "Initiative Conseil SARL <billing@initiative.test>")
            XCTAssertEqual(message.header("Reply-To"), "compta@initiative.test")
            let number = try XCTUnwrap(message.header("Subject")?.firstMatch(of: /INV-\d{4}-\d+/).map { String($0.0) })
            XCTAssertEqual(message.structure.map { $0.trimmingCharacters(in: .whitespaces) },
                           ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
            XCTAssertTrue(message.plainText?.contains(number) == true)
            XCTAssertTrue(message.defects.isEmpty, "\(message.defects)")
            let attachment = try XCTUnwrap(message.attachments.first)
            XCTAssertEqual(attachment.filename, "\(number).pdf")
            // The attachment is the invoice's kept PDF, byte for byte.
            let invoice = try XCTUnwrap(invoices.first { $0.number == number })
            let kept = try fixture.database.transaction(tenant) { db in
                try XCTUnwrap(try db.query("SELECT encode(sha256, 'hex') AS h FROM invoice_documents WHERE invoice_id = $1 AND format = 'pdf'", [invoice.id]).first?.decode(String.self, "h"))
            }
            XCTAssertEqual(attachment.sha256, kept)
        }
        XCTAssertEqual(try statuses(), ["sent": 3])

        // Nothing is due any more: a second run sends nothing.
        let again = try deliver()
        XCTAssertEqual(again.status, 0, "\(again)")
        XCTAssertEqual(try smtp.messages().count, 3)
    }

    func testATransientRefusalIsRetriedAndAPermanentOneFailsAtOnce() throws {
        try issue(1, email: "nobody@globex.test")
        try issue(1, email: "ap@globex.test")
        try smtp.script(rcpt: ["550 5.1.1 No such user"], data: ["451 4.3.0 Try again later"])
        // Sent in queue order: the first is refused at RCPT (550), the second after its data (451).
        let run = try deliver()
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertEqual(try statuses(), ["retrying": 1, "failed": 1])
        let (retrying, failed) = try fixture.database.transaction(tenant) { db in
            let retry = try db.query("SELECT last_error, next_attempt_at - now() > interval '50 seconds' AS later FROM notification_outbox WHERE status = 'retrying'")[0]
            let fail = try db.query("SELECT last_error FROM notification_outbox WHERE status = 'failed'")[0]
            return ((try retry.decode(String.self, "last_error"), try retry.decode(Bool.self, "later")), try fail.decode(String.self, "last_error"))
        }
        XCTAssertTrue(retrying.0.contains("451"), retrying.0)
        XCTAssertTrue(retrying.1, "the retry waits about a minute")
        XCTAssertTrue(failed.contains("550"), failed)
        XCTAssertEqual(try smtp.messages().count, 0)

        // A minute later the relay takes it.
        try fixture.database.transaction(tenant) { db in
            try db.query("UPDATE notification_outbox SET next_attempt_at = now() WHERE status = 'retrying'")
        }
        XCTAssertEqual(try deliver().status, 0)
        XCTAssertEqual(try statuses(), ["sent": 1, "failed": 1])
        XCTAssertEqual(try smtp.messages().map(\.envelope.rcpt_tos), [["ap@globex.test"]])
        let log = try fixture.database.transaction(tenant) { db in
            try db.query("SELECT a.outcome, a.code FROM notification_attempts a JOIN notification_outbox n ON n.id = a.notification_id WHERE n.status = 'sent' ORDER BY a.attempt")
                .map { "\(try $0.decode(String.self, "outcome")) \(try $0.decode(Int?.self, "code").map(String.init) ?? "-")" }
        }
        XCTAssertEqual(log, ["transient 451", "sent -"])
    }

    func testWhileTheRelayIsDownNothingIsLostAndEverythingGoesOnceWhenItIsBack() throws {
        try issue(5)
        // The relay is down: nothing listens on its port. Four rounds, each once the retries fall due — the first
        // four steps of the backoff (1 m, 5 m, 30 m, 2 h) compressed.
        let down = "smtp://127.0.0.1:\(try ScriptServer.unusedPort())"
        for round in 1...4 {
            let run = try deliver(relay: down)
            XCTAssertEqual(run.status, 0, "\(run)")
            XCTAssertEqual(try statuses(), ["retrying": 5], "round \(round)")
            try fixture.database.transaction(tenant) { db in
                try db.query("UPDATE notification_outbox SET next_attempt_at = now() WHERE status = 'retrying'")
            }
        }
        let waiting = try fixture.database.transaction(tenant) { db in
            try db.query("SELECT attempts, last_error FROM notification_outbox").map {
                (try $0.decode(Int.self, "attempts"), try $0.decode(String.self, "last_error"))
            }
        }
        XCTAssertEqual(waiting.map(\.0), [4, 4, 4, 4, 4])
        XCTAssertTrue(waiting.allSatisfy { $0.1.lowercased().contains("connect") }, "\(waiting)")
        XCTAssertEqual(try smtp.messages().count, 0)

        // The relay is back: each goes once, with its own Message-ID.
        XCTAssertEqual(try deliver().status, 0)
        XCTAssertEqual(try statuses(), ["sent": 5])
        let ids = try smtp.messages().map { try XCTUnwrap(try $0.inspect().header("Message-ID")) }
        XCTAssertEqual(ids.count, 5)
        XCTAssertEqual(Set(ids), try messageIDs())
        XCTAssertEqual(try deliver().status, 0)
        XCTAssertEqual(try smtp.messages().count, 5, "nothing more")
    }

    func testFourWorkersAtOnceSendEachNotificationOnce() throws {
        try issue(40)
        let running = try (0..<4).map { _ in
            try TestProcess.start(
                TestProcess.executable(named: "recur-worker"), ["deliver", "--tenant", tenant.slug, "--batch-size", "3"],
                environment: environment)
        }
        for process in running {
            let result = process.wait()
            XCTAssertEqual(result.status, 0, "\(result)")
        }
        let ids = try smtp.messages().map { try XCTUnwrap(try $0.inspect().header("Message-ID")) }
        XCTAssertEqual(ids.count, 40, "each notification sent once")
        XCTAssertEqual(Set(ids), try messageIDs())
        XCTAssertEqual(try statuses(), ["sent": 40])
    }

    func testAWorkerKilledMidBatchLosesNothingAndResendsOnlyWhatWasInFlightWithTheSameMessageID() throws {
        try issue(30)
        let process = try TestProcess.start(
            TestProcess.executable(named: "recur-worker"), ["deliver", "--tenant", tenant.slug, "--batch-size", "30"],
            environment: environment)
        let deadline = Date().addingTimeInterval(60)
        while try smtp.messages().count < 5, Date() < deadline { usleep(2_000) }
        kill(process.pid, SIGKILL)
        XCTAssertEqual(process.wait().status, 128 + SIGKILL)
        let before = try smtp.messages().count
        XCTAssertLessThan(before, 30, "killed mid-batch")
        XCTAssertEqual(try statuses()["sending"], 30, "the whole batch was claimed and none recorded")

        // The claim's lease runs out (300 s; here moved back), and the next worker sends the batch again.
        try fixture.database.transaction(tenant) { db in
            try db.query("UPDATE notification_outbox SET claimed_until = now() - interval '1 second' WHERE status = 'sending'")
        }
        let rerun = try deliver()
        XCTAssertEqual(rerun.status, 0, "\(rerun)")
        XCTAssertTrue(rerun.stdout.contains("(30 after an unknown outcome)"), rerun.stdout)
        XCTAssertEqual(try statuses(), ["sent": 30])
        let ids = try smtp.messages().map { try XCTUnwrap(try $0.inspect().header("Message-ID")) }
        XCTAssertEqual(Set(ids), try messageIDs(), "nothing lost")
        XCTAssertEqual(ids.count, 30 + before, "sent twice only what the killed worker had handed over, same Message-ID")
        let unknown = try fixture.database.transaction(tenant) { db in
            try db.query("SELECT count(*) AS n FROM notification_attempts WHERE outcome = 'unknown'")[0].decode(Int.self, "n")
        }
        XCTAssertEqual(unknown, 30)
    }
}
