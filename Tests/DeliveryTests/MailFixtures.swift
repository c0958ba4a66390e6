import Delivery
import Foundation

/// Messages the tests send.
enum MailFixtures {
    /// Bytes standing in for an invoice PDF: every byte value, several times, so base64 lines and padding are exercised.
    static let pdfBytes: [UInt8] = Array("%PDF-1.7\n".utf8) + (0..<4099).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }

    /// An invoice e-mail: text and HTML, a PDF attached, To, Cc, Bcc, Reply-To, List-Unsubscribe.
    static func invoice(id: String = UUID().uuidString.lowercased()) -> MailMessage {
        MailMessage(
            from: MailAddress("billing@recur.test", displayName: "Recur Billing"),
            to: [MailAddress("alice@customer.test", displayName: "Alice Martin"), MailAddress("ap@customer.test")],
            cc: [MailAddress("accounting@customer.test")],
            bcc: [MailAddress("archive@recur.test")],
            replyTo: [MailAddress("support@recur.test", displayName: "Support")],
            subject: "Invoice INV-2025-0042 for March 2025",
            date: Date(timeIntervalSince1970: 1_741_079_100),  // Tue, 04 Mar 2025 09:05:00 +0000
            messageID: "<\(id)@recur.invalid>",
            listUnsubscribe: ListUnsubscribe(uris: ["https://recur.test/u/\(id)", "mailto:unsubscribe@recur.test"]),
            extraHeaders: [MailHeader("X-Recur-Notification", id)],
            textBody: "Hello Alice,\n\nYour invoice INV-2025-0042 is attached.\n. a line starting with a dot\nTotal: 120.00 EUR\n",
            htmlBody: "<p>Hello Alice,</p><p>Your invoice <b>INV-2025-0042</b> is attached.</p>",
            attachments: [MailAttachment(filename: "INV-2025-0042.pdf", contentType: "application/pdf", data: pdfBytes)])
    }

    /// A short plain-text message to one recipient.
    static func note(subject: String = "Payment received", to: String = "alice@customer.test") -> MailMessage {
        MailMessage(
            from: MailAddress("billing@recur.test"), to: [MailAddress(to)], subject: subject,
            messageID: "<\(UUID().uuidString.lowercased())@recur.invalid>", textBody: "Thank you.\n")
    }
}
