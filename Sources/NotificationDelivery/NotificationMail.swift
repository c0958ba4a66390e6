import Delivery
import Documents
import Domain
import Foundation
import Store

/// The e-mail of one notification: the tenant's sender, the recipients (the party's billing cc on invoices and
/// reminders), the text and HTML parts rendered from the tenant's templates, the invoice's PDF, and the
/// notification's own Message-ID (the same on every attempt).
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
        /// Who signs the e-mails (`{{sender_name}}`): the From name, else the legal name, else the From address.
        public var name: String
        /// The language of e-mails to parties without one, and of internal alerts: the documents locale.
        public var locale: DocumentLocale

        public init(settings: TenantSettings, defaultFrom: String) {
            let displayName = settings.delivery.fromName ?? settings.legal.legalName
            let address = settings.delivery.fromAddress ?? defaultFrom
            from = MailAddress(address, displayName: displayName)
            name = displayName ?? address
            replyTo = settings.delivery.replyTo.map { [MailAddress($0)] } ?? []
            alertRecipients = settings.delivery.alertRecipients
            locale = settings.documents.locale
        }
    }

    /// The message for `notification` saying `content`, copied to `cc` when its kind copies billing addresses,
    /// with `pdf` (the invoice's kept PDF) attached when given.
    public static func message(
        for notification: OutboxNotification, content: RenderedEmail, cc: [String] = [], sender: Sender,
        pdf: (filename: String, bytes: [UInt8])?, now: Date = Date()
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
        let copied = notification.kind.copiesBillingCC ? cc.filter { address in !to.contains { $0.lowercased() == address.lowercased() } } : []
        return MailMessage(
            from: sender.from, to: to.map { MailAddress($0) }, cc: copied.map { MailAddress($0) }, replyTo: sender.replyTo,
            subject: content.subject, date: now, messageID: notification.messageID, listUnsubscribe: unsubscribe,
            extraHeaders: [MailHeader("X-Recur-Notification", "\(notification.kind.wireValue) \(notification.id.uuidString.lowercased())")],
            textBody: content.text, htmlBody: content.html,
            attachments: pdf.map { [MailAttachment(filename: $0.filename, contentType: "application/pdf", data: $0.bytes)] } ?? [])
    }
}
