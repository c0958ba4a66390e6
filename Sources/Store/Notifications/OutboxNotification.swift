import Domain
import Foundation

/// One notification of the outbox: what is sent, to whom, and how far it got.
public struct OutboxNotification: Sendable, Hashable {
    public let id: UUID
    public let kind: NotificationKind
    public let status: NotificationStatus
    /// The To address; `nil` when the notification names none (budget alerts: the tenant's alert recipients).
    public let recipient: String?
    /// The subject of the e-mail as last sent (rendered from the template), or the summary written when queued.
    public let subject: String
    /// The English summary written when the notification was queued (the e-mail is rendered when sent).
    public let body: String
    /// What the notification is about, as JSON text (`invoice_id`, `task_id`, …).
    public let payload: String
    /// Attempts made so far.
    public let attempts: Int
    public let createdAt: Date
    /// When the next attempt is due (pending, retrying).
    public let nextAttemptAt: Date?
    public let sentAt: Date?
    public let lastError: String?
    /// The invoice it is about, if any (invoice issued, invoice overdue).
    public let invoiceID: UUID?


    /// The RFC 5322 Message-ID every attempt of this notification carries: a receiver drops a duplicate sent after
    /// an unknown outcome.
    public var messageID: String { "<\(id.uuidString.lowercased())@notifications.recur>" }
}

/// One hand-over of a notification to the relay.
public struct NotificationAttempt: Sendable, Hashable {
    public let attempt: Int
    public let startedAt: Date
    public let finishedAt: Date
    /// `sent`, `transient`, `permanent`, `unknown` or `cancelled`.
    public let outcome: String
    public let code: Int?
    public let detail: String?
}

/// Which notifications a listing shows; `nil` fields do not filter.
public struct NotificationFilter: Sendable, Hashable {
    public var kind: NotificationKind?
    public var status: NotificationStatus?
    public var recipient: String?
    public var invoiceID: UUID?

    public init(kind: NotificationKind? = nil, status: NotificationStatus? = nil, recipient: String? = nil, invoiceID: UUID? = nil) {
        self.kind = kind
        self.status = status
        self.recipient = recipient
        self.invoiceID = invoiceID
    }
}
