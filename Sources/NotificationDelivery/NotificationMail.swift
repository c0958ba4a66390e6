import Delivery
import Domain
import Foundation
import Store

/// The e-mail of one notification: the tenant's sender, the recipients, the text and HTML bodies, the invoice's
/// PDF, and the notification's own Message-ID (the same on every attempt).
public enum NotificationMail {
    /// Why a notification cannot be written as an e-mail at all (sent to no one: a permanent failure).
    public struct Unsendable: Error, CustomStringConvertible {
        public let description: String
    }

    /// What the tenant's e-mails need, read once per batch.
    public struct Sender: Sendable {
        public var from: MailAddress
        public var replyTo: [MailAddress]
        /// Budget alerts, task reminders without an assignee address and disabled webhook endpoints go here.
        public var alertRecipients: [String]

        public init(settings: TenantSettings, defaultFrom: String) {
            from = MailAddress(
                settings.delivery.fromAddress ?? defaultFrom, displayName: settings.delivery.fromName ?? settings.legal.legalName)
            replyTo = settings.delivery.replyTo.map { [MailAddress($0)] } ?? []
            alertRecipients = settings.delivery.alertRecipients
        }
    }

    /// The message for `notification`, with `pdf` (the invoice's kept PDF) attached when given.
    public static func message(
        for notification: OutboxNotification, sender: Sender, pdf: (filename: String, bytes: [UInt8])?, now: Date = Date()
    ) throws -> MailMessage {
        let to: [String]
        if let recipient = notification.recipient {
            to = [recipient]
        } else if notification.kind.goesToAlertRecipients {
            to = sender.alertRecipients
        } else {
            to = []
        }
        guard !to.isEmpty else {
            throw Unsendable(
                description: notification.kind.goesToAlertRecipients
                    ? "no recipient: set the tenant's delivery alert_recipients"
                    : "no recipient: the customer has no e-mail address")
        }
        var unsubscribe: ListUnsubscribe?
        if notification.kind.isReminder {
            let address = sender.replyTo.first?.address ?? sender.from.address
            unsubscribe = ListUnsubscribe(uris: ["mailto:\(address)?subject=unsubscribe"], oneClick: false)
        }
        return MailMessage(
            from: sender.from, to: to.map { MailAddress($0) }, replyTo: sender.replyTo, subject: notification.subject,
            date: now, messageID: notification.messageID, listUnsubscribe: unsubscribe,
            extraHeaders: [MailHeader("X-Recur-Notification", "\(notification.kind.wireValue) \(notification.id.uuidString.lowercased())")],
            textBody: notification.body + "\n", htmlBody: html(notification.body, signature: sender.from.displayName),
            attachments: pdf.map { [MailAttachment(filename: $0.filename, contentType: "application/pdf", data: $0.bytes)] } ?? [])
    }

    /// The body as a small HTML page: the same words, escaped, one paragraph per line.
    static func html(_ text: String, signature: String?) -> String {
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { "<p>\(MarkupText.escaped(String($0)))</p>" }.joined(separator: "\n")
        let signed = signature.map { "\n<p style=\"color:#555\">\(MarkupText.escaped($0))</p>" } ?? ""
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"></head>
            <body style="font-family:DejaVu Sans,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#222">
            \(paragraphs)\(signed)
            </body></html>
            """
    }
}
