import Domain
import Foundation
import Postgres

/// A notification a worker claimed, with what it needs to decide at send time.
public struct ClaimedNotification: Sendable, Hashable {
    public let notification: OutboxNotification
    /// The attempt this claim makes (1 for the first).
    public var attempt: Int { notification.attempts }
    /// The invoice's status now, for notifications about an invoice.
    public let invoiceStatus: InvoiceStatus?
    /// The customer asked not to be reminded.
    public var optedOut: Bool { party?.remindersOptOut ?? false }
    /// The party it goes to, as it is now (its language and cc addresses count at send time).
    public let party: NotificationParty?
    /// The previous attempt's worker stopped before recording its outcome: this one sends again, same Message-ID.
    public let followsUnknownOutcome: Bool
    /// The one-time token of an account e-mail's link (an invitation, a password reset), kept in the outbox only
    /// until the e-mail is sent, fails or is cancelled (docs/people.md, "The token at rest").
    public var linkSecret: String? = nil
    /// The account e-mail's link stopped working before it could be sent.
    public var linkExpired = false

    /// Why it should not leave any more, checked when it is about to (not only when it was queued): an overdue
    /// reminder for an invoice since paid or voided, a reminder to a customer who opted out.
    public var cancellation: String? {
        if notification.kind == .invoiceOverdue, let invoiceStatus, invoiceStatus != .issued, invoiceStatus != .partiallyPaid {
            return "the invoice is \(invoiceStatus.wireValue): no reminder is due"
        }
        if notification.kind.isReminder, optedOut { return "the customer opted out of reminders" }
        if notification.kind.isAccountLink {
            if linkSecret == nil { return "the one-time link is no longer kept: send a new one" }
            if linkExpired { return "the one-time link expired before it could be sent" }
        }
        return nil
    }
}

/// The party a notification goes to, read when it is claimed.
public struct NotificationParty: Sendable, Hashable, Decodable {
    public let name: String
    public let remindersOptOut: Bool
    /// `nil`: the tenant's documents locale.
    public let language: DocumentLocale?
    /// Copied on invoices and reminders.
    public let billingCC: [String]

    enum CodingKeys: String, CodingKey {
        case name, remindersOptOut = "reminders_opt_out", language, billingCC = "billing_cc"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        remindersOptOut = try c.decode(Bool.self, forKey: .remindersOptOut)
        language = try c.decodeIfPresent(String.self, forKey: .language).flatMap(DocumentLocale.init(rawValue:))
        billingCC = try c.decodeIfPresent([String].self, forKey: .billingCC) ?? []
    }
}

/// What one attempt came to, to record (a notification's or a webhook delivery's).
public struct AttemptRecord: Sendable {
    public let id: UUID
    public let attempt: Int
    public let startedAt: Date
    /// `nil`: cancelled before it was handed over.
    public let outcome: DeliveryOutcome?
    public let cancellation: String?
    public let next: RetryPolicy.NextStep?
    /// The subject the e-mail was rendered with, kept in the outbox for listings (`nil`: unchanged).
    public var subject: String?

    /// An attempt handed to a relay, and the step `policy` takes after it.
    public init(_ claimed: ClaimedNotification, startedAt: Date, outcome: DeliveryOutcome, policy: RetryPolicy, random: Double) {
        self.init(id: claimed.notification.id, attempt: claimed.attempt, startedAt: startedAt, outcome: outcome, policy: policy, random: random)
    }

    /// Attempt `attempt` of the row `id`, handed over, and the step `policy` takes after it.
    public init(id: UUID, attempt: Int, startedAt: Date, outcome: DeliveryOutcome, policy: RetryPolicy, random: Double) {
        self.id = id
        self.attempt = attempt
        self.startedAt = startedAt
        self.outcome = outcome
        cancellation = nil
        next = policy.nextAttempt(after: outcome, attempt: attempt, random: random)
    }

    /// A notification that is no longer needed.
    public init(cancelling claimed: ClaimedNotification, because reason: String, at date: Date) {
        id = claimed.notification.id
        attempt = claimed.attempt
        startedAt = date
        outcome = nil
        cancellation = reason
        next = nil
    }
}

/// The outbox as delivery workers see it: claim a batch, hand it over, record the outcomes. Safe on any number of
/// workers on any hosts (docs/delivery.md).
public struct DeliveryQueue {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Whether anything is due (a cheap probe before claiming).
    public func anyDue() throws -> Bool {
        try db.query(NotificationStatements.anyDue).first?.decode(Bool.self, "due") ?? false
    }

    /// Claims up to `limit` due notifications for `leaseSeconds`, and logs as unknown the attempts of claims that
    /// ran out. Run it in its own transaction, committed before sending, so other workers skip what it holds.
    public func claim(limit: Int, leaseSeconds: Int) throws -> [ClaimedNotification] {
        let rows = try db.query(NotificationStatements.claim, [limit, leaseSeconds])
        var claimed: [ClaimedNotification] = []
        var lapsed: [(UUID, Int)] = []
        for row in rows {
            let notification = try NotificationRepository.notification(row)
            let status = try row.decode(String?.self, "invoice_status").flatMap(InvoiceStatus.init(rawValue:))
            let lapsedClaim = try row.decode(String.self, "previous") == NotificationStatus.sending.rawValue
            claimed.append(
                ClaimedNotification(
                    notification: notification, invoiceStatus: status,
                    party: try row.decode(String?.self, "party").map { try JSONText.decode(NotificationParty.self, from: $0) },
                    followsUnknownOutcome: lapsedClaim, linkSecret: try row.decode(String?.self, "link_secret"),
                    linkExpired: try row.decode(Bool.self, "link_expired")))
            if lapsedClaim { lapsed.append((notification.id, notification.attempts - 1)) }
        }
        if !lapsed.isEmpty {
            try db.query(NotificationStatements.recordUnknown, [SQLArray(lapsed.map(\.0)), SQLArray(lapsed.map(\.1))])
        }
        return claimed
    }

    /// Records outcomes in one statement. A claim overtaken by another worker (its lease ran out) records nothing.
    /// Returns how many were recorded.
    @discardableResult
    public func record(_ records: [AttemptRecord]) throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try db.query(
            NotificationStatements.record, AttemptRecord.parameters(records) + [SQLArray(records.map(\.subject))]
        ).affectedRows
    }
}

extension AttemptRecord {
    /// The arrays `$1…$8` of ``DeliveryQueueSQL/outcomes(extra:)``: ids, attempts, statuses, seconds until the next
    /// attempt, outcomes, codes, details, start times (Unix seconds).
    static func parameters(_ records: [AttemptRecord]) -> [any PostgresEncodable] {
        let statuses = records.map { record -> String in
            guard let next = record.next else { return NotificationStatus.cancelled.rawValue }
            return next.status.rawValue
        }
        let retryAfter = records.map { record -> String? in
            if case .retry(let seconds) = record.next { return String(seconds) }
            return nil
        }
        let startedAt = records.map { Optional(String(format: "%.6f", $0.startedAt.timeIntervalSince1970)) }
        return [
            SQLArray(records.map(\.id)), SQLArray(records.map(\.attempt)), SQLArray(statuses), SQLArray(retryAfter),
            SQLArray(records.map { $0.outcome?.name ?? "cancelled" }), SQLArray(records.map { $0.outcome?.code.map(String.init) }),
            SQLArray(records.map { $0.cancellation ?? $0.outcome?.message }), SQLArray(startedAt),
        ]
    }
}
