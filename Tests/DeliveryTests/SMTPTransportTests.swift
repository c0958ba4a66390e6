import Crypto
import Delivery
import Domain
import Foundation
import Synchronization
import XCTest

/// SMTPTransport against aiosmtpd (STARTTLS and AUTH required), each outcome provoked by the server's real replies.
final class SMTPTransportTests: XCTestCase {
    private func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    func testMessageArrivesWithHeadersEnvelopeAndAttachment() throws {
        let server = try SMTPTestServer()
        let transport = SMTPTransport(try server.configuration())
        let message = MailFixtures.invoice()
        XCTAssertEqual(try transport.send(message), .sent)

        let received = try server.messages()
        XCTAssertEqual(received.count, 1)
        let mail = try XCTUnwrap(received.first)
        XCTAssertEqual(mail.envelope.mail_from, "billing@recur.test")
        XCTAssertEqual(
            mail.envelope.rcpt_tos,
            ["alice@customer.test", "ap@customer.test", "accounting@customer.test", "archive@recur.test"])
        let inspection = try mail.inspect()
        XCTAssertEqual(inspection.header("From"), "Recur Billing <billing@recur.test>")
        XCTAssertEqual(inspection.header("To"), "Alice Martin <alice@customer.test>, ap@customer.test")
        XCTAssertEqual(inspection.header("Cc"), "accounting@customer.test")
        XCTAssertEqual(inspection.header("Reply-To"), "Support <support@recur.test>")
        XCTAssertNil(inspection.header("Bcc"), "Bcc is envelope only")
        XCTAssertEqual(inspection.header("Subject"), message.subject)
        XCTAssertEqual(inspection.header("Message-ID"), message.messageID)
        XCTAssertEqual(inspection.header("MIME-Version"), "1.0")
        XCTAssertEqual(
            inspection.header("List-Unsubscribe"), "<\(message.listUnsubscribe?.uris[0] ?? "")>, <mailto:unsubscribe@recur.test>")
        XCTAssertEqual(inspection.header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click")
        XCTAssertEqual(inspection.header("X-Recur-Notification"), message.extraHeaders[0].value)
        XCTAssertEqual(inspection.plainText, message.textBody, "the line starting with a dot survives curl's dot-stuffing")
        XCTAssertEqual(inspection.htmlText, message.htmlBody)
        XCTAssertEqual(inspection.defects, [])
    }

    func testMultipartStructureAndAttachmentBytesAreIdentical() throws {
        let server = try SMTPTestServer()
        XCTAssertEqual(try SMTPTransport(try server.configuration()).send(MailFixtures.invoice()), .sent)
        let inspection = try XCTUnwrap(try server.messages().first).inspect()
        XCTAssertEqual(
            inspection.structure, ["multipart/mixed", " multipart/alternative", "  text/plain", "  text/html", " application/pdf"])
        let attachment = try XCTUnwrap(inspection.attachments.first)
        XCTAssertEqual(attachment.filename, "INV-2025-0042.pdf")
        XCTAssertEqual(attachment.content_type, "application/pdf")
        XCTAssertEqual(attachment.size, MailFixtures.pdfBytes.count)
        XCTAssertEqual(attachment.sha256, sha256Hex(MailFixtures.pdfBytes))
    }

    func testNonASCIISubjectAndDisplayNameRoundTrip() throws {
        let server = try SMTPTestServer()
        var message = MailFixtures.note(subject: "Facture n° 42 — échéance dépassée, merci de régler rapidement 🙏 (relance)")
        message.from = MailAddress("billing@recur.test", displayName: "Société Générale d'Électricité")
        message.to = [MailAddress("jose@customer.test", displayName: "José Núñez")]
        XCTAssertEqual(try SMTPTransport(try server.configuration()).send(message), .sent)
        let inspection = try XCTUnwrap(try server.messages().first).inspect()
        XCTAssertEqual(inspection.header("Subject"), message.subject)
        XCTAssertEqual(inspection.header("From"), "Société Générale d'Électricité <billing@recur.test>")
        XCTAssertEqual(inspection.header("To"), "José Núñez <jose@customer.test>")
        XCTAssertTrue(inspection.raw_headers.allSatisfy { $0.utf8.allSatisfy { $0 < 128 } }, "headers are 7-bit")
    }

    func testHeaderInjectionIsRefusedAndNothingIsSent() throws {
        let server = try SMTPTestServer()
        var message = MailFixtures.note()
        message.subject = "Hello\r\nBcc: everyone@example.test"
        XCTAssertThrowsError(try SMTPTransport(try server.configuration()).send(message)) {
            XCTAssertEqual($0 as? MailError, .headerInjection(field: "Subject"))
        }
        XCTAssertEqual(server.sessions, 0)
    }

    func testWrongPasswordIsPermanent535() throws {
        let server = try SMTPTestServer()
        let outcome = try SMTPTransport(try server.configuration(password: "wrong")).send(MailFixtures.note())
        guard case .permanent(let code, _) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(code, 535)
        XCTAssertEqual(try server.messages().count, 0)
    }

    func testReply421ToRecipientIsTransient() throws {
        let server = try SMTPTestServer()
        try server.script(rcpt: ["421 4.3.2 Service shutting down"])
        let outcome = try SMTPTransport(try server.configuration()).send(MailFixtures.note())
        XCTAssertEqual(outcome, .transient(code: 421, message: "421 4.3.2 Service shutting down"))
    }

    func testReply451AfterDataIsTransient() throws {
        let server = try SMTPTestServer()
        try server.script(data: ["451 4.3.0 Queue full, try later"])
        let outcome = try SMTPTransport(try server.configuration()).send(MailFixtures.note())
        XCTAssertEqual(outcome, .transient(code: 451, message: "451 4.3.0 Queue full, try later"))
    }

    func testReply550ToRecipientIsPermanent() throws {
        let server = try SMTPTestServer()
        try server.script(rcpt: ["550 5.1.1 No such user"])
        let outcome = try SMTPTransport(try server.configuration()).send(MailFixtures.note())
        XCTAssertEqual(outcome, .permanent(code: 550, message: "550 5.1.1 No such user"))
        XCTAssertEqual(try server.messages().count, 0)
    }

    func testReply554AfterDataIsPermanent() throws {
        let server = try SMTPTestServer()
        try server.script(data: ["554 5.6.0 Message rejected"])
        let outcome = try SMTPTransport(try server.configuration()).send(MailFixtures.note())
        XCTAssertEqual(outcome, .permanent(code: 554, message: "554 5.6.0 Message rejected"))
    }

    func testConnectionLostAfterDataIsUnknown() throws {
        let server = try SMTPTestServer()
        try server.script(data: ["drop"])
        let outcome = try SMTPTransport(try server.configuration()).send(MailFixtures.note())
        guard case .unknown = outcome else { return XCTFail("\(outcome)") }
    }

    func testServerDownIsTransient() throws {
        let port = try ScriptServer.unusedPort()
        let transport = SMTPTransport(SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", connectTimeout: .seconds(2)))
        let outcome = try transport.send(MailFixtures.note())
        guard case .transient(nil, _) = outcome else { return XCTFail("\(outcome)") }
    }

    func testConnectionIsReusedBetweenSends() throws {
        let server = try SMTPTestServer()
        let transport = SMTPTransport(try server.configuration())
        XCTAssertEqual(try transport.send(MailFixtures.note(subject: "first")), .sent)
        XCTAssertEqual(try transport.send(MailFixtures.invoice()), .sent)
        XCTAssertEqual(try transport.send(MailFixtures.note(subject: "third")), .sent)
        XCTAssertEqual(server.sessions, 1, "one SMTP session for three messages")
        XCTAssertEqual(try server.messages().map(\.envelope.session), [1, 1, 1])
    }

    func testSendAfterTransientFailureStillWorks() throws {
        let server = try SMTPTestServer()
        let transport = SMTPTransport(try server.configuration())
        try server.script(rcpt: ["451 4.7.1 Greylisted"])
        guard case .transient(451, _) = try transport.send(MailFixtures.note()) else { return XCTFail("first send") }
        XCTAssertEqual(try transport.send(MailFixtures.note()), .sent)
        XCTAssertEqual(try server.messages().count, 1)
    }

    func testUntrustedCertificateIsTransient() throws {
        let server = try SMTPTestServer()
        let outcome = try SMTPTransport(try server.configuration(trustTestCertificate: false)).send(MailFixtures.note())
        guard case .transient(nil, _) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(try server.messages().count, 0)
    }

    func testConcurrentSendsOnOneTransportAllArrive() throws {
        let server = try SMTPTestServer()
        let transport = SMTPTransport(try server.configuration())
        let outcomes = SharedOutcomes()
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            outcomes.append((try? transport.send(MailFixtures.note(subject: "parallel \(index)"))) ?? .unknown(message: "threw"))
        }
        XCTAssertEqual(outcomes.all, Array(repeating: .sent, count: 4))
        XCTAssertEqual(try server.messages().count, 4)
    }
}

/// Outcomes collected from several threads.
final class SharedOutcomes: Sendable {
    private let list = Synchronization.Mutex<[DeliveryOutcome]>([])
    func append(_ outcome: DeliveryOutcome) { list.withLock { $0.append(outcome) } }
    var all: [DeliveryOutcome] { list.withLock { $0 } }
}
