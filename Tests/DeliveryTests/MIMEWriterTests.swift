import Delivery
import Foundation
import XCTest

/// The writer's output read back by Python's `email` package, and the values it must refuse.
final class MIMEWriterTests: XCTestCase {
    func testStructureIsMixedOfAlternativeAndAttachment() throws {
        let inspection = try MailInspection.of(bytes: try MIMEWriter.write(MailFixtures.invoice()))
        XCTAssertEqual(
            inspection.structure, ["multipart/mixed", " multipart/alternative", "  text/plain", "  text/html", " application/pdf"])
        XCTAssertEqual(inspection.defects, [])
    }

    func testTextOnlyMessageIsSingleTextPart() throws {
        let inspection = try MailInspection.of(bytes: try MIMEWriter.write(MailFixtures.note()))
        XCTAssertEqual(inspection.structure, ["text/plain"])
        XCTAssertEqual(inspection.plainText, "Thank you.\n")
    }

    func testEveryLineEndsWithCRLFAndStaysWithin78Characters() throws {
        var message = MailFixtures.invoice()
        message.subject = String(repeating: "Long subject words ", count: 12)
        message.textBody = String(repeating: "é", count: 300) + "\n" + String(repeating: "x", count: 500) + " \n"
        let inspection = try MailInspection.of(bytes: try MIMEWriter.write(message))
        XCTAssertEqual(inspection.bare_newlines, 0)
        XCTAssertLessThanOrEqual(inspection.max_line_length, 78)
        XCTAssertEqual(inspection.header("Subject"), message.subject)
        XCTAssertEqual(inspection.plainText, message.textBody)
    }

    func testDateIsRFC5322() throws {
        let inspection = try MailInspection.of(bytes: try MIMEWriter.write(MailFixtures.invoice()))
        XCTAssertTrue(inspection.raw_headers.contains("Date: Tue, 04 Mar 2025 09:05:00 +0000"), "\(inspection.raw_headers)")
    }

    func testSameMessageGivesSameBytes() throws {
        let message = MailFixtures.invoice()
        XCTAssertEqual(try MIMEWriter.write(message), try MIMEWriter.write(message))
    }

    func testNonASCIIFilenameRoundTrips() throws {
        var message = MailFixtures.invoice()
        message.attachments[0].filename = "Facture n° 42 — mars.pdf"
        let inspection = try MailInspection.of(bytes: try MIMEWriter.write(message))
        XCTAssertEqual(inspection.attachments.first?.filename, "Facture n° 42 — mars.pdf")
    }

    func testQuotedDisplayNameRoundTrips() throws {
        var message = MailFixtures.note()
        message.from = MailAddress("billing@recur.test", displayName: "Martin, \"Billing\" Dept.")
        let inspection = try MailInspection.of(bytes: try MIMEWriter.write(message))
        XCTAssertEqual(inspection.header("From"), "\"Martin, \\\"Billing\\\" Dept.\" <billing@recur.test>")
    }

    func testCRLFInSubjectIsRefused() {
        var message = MailFixtures.note()
        message.subject = "Invoice\r\nBcc: victim@example.test"
        XCTAssertThrowsError(try MIMEWriter.write(message)) { XCTAssertEqual($0 as? MailError, .headerInjection(field: "Subject")) }
    }

    func testLineFeedInDisplayNameIsRefused() {
        var message = MailFixtures.note()
        message.to = [MailAddress("alice@customer.test", displayName: "Alice\nX-Evil: 1")]
        XCTAssertThrowsError(try MIMEWriter.write(message)) {
            XCTAssertEqual($0 as? MailError, .headerInjection(field: "To display name"))
        }
    }

    func testCRInExtraHeaderAndFilenameIsRefused() {
        var header = MailFixtures.note()
        header.extraHeaders = [MailHeader("X-Recur-Tenant", "acme\rBcc: x@y.test")]
        XCTAssertThrowsError(try MIMEWriter.write(header)) {
            XCTAssertEqual($0 as? MailError, .headerInjection(field: "X-Recur-Tenant"))
        }
        var attachment = MailFixtures.invoice()
        attachment.attachments[0].filename = "a.pdf\r\nContent-Type: text/html"
        XCTAssertThrowsError(try MIMEWriter.write(attachment)) {
            XCTAssertEqual($0 as? MailError, .headerInjection(field: "attachment 0 filename"))
        }
    }

    func testAddressWithAngleBracketOrNewlineIsRefused() {
        var message = MailFixtures.note()
        message.to = [MailAddress("alice@customer.test>\r\nRCPT TO:<bob@x.test")]
        XCTAssertThrowsError(try MIMEWriter.write(message)) { XCTAssertEqual($0 as? MailError, .headerInjection(field: "To")) }
        message.to = [MailAddress("alice@customer.test> SIZE=1")]
        XCTAssertThrowsError(try MIMEWriter.write(message)) { XCTAssertEqual($0 as? MailError, .invalidAddress(field: "To")) }
    }

    func testReservedOrMalformedExtraHeaderNameIsRefused() {
        for name in ["Subject", "content-type", "Bad Name", "X:Y", ""] {
            var message = MailFixtures.note()
            message.extraHeaders = [MailHeader(name, "v")]
            XCTAssertThrowsError(try MIMEWriter.write(message), name) {
                guard case .invalidHeaderName = $0 as? MailError else { return XCTFail("\(name): \($0)") }
            }
        }
    }

    func testMessageIDMustBeAngleBracketed() {
        var message = MailFixtures.note()
        message.messageID = "no-brackets@recur.invalid"
        XCTAssertThrowsError(try MIMEWriter.write(message)) { XCTAssertEqual($0 as? MailError, .invalidMessageID) }
    }

    func testOneClickUnsubscribeNeedsHTTPS() {
        var message = MailFixtures.note()
        message.listUnsubscribe = ListUnsubscribe(uris: ["mailto:u@recur.test"], oneClick: true)
        XCTAssertThrowsError(try MIMEWriter.write(message)) { XCTAssertEqual($0 as? MailError, .invalidUnsubscribeURI) }
    }
}
