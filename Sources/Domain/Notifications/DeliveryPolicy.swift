/// Where a notification is on its way out (docs/delivery.md).
public enum NotificationStatus: String, WireEnum, Sendable, Hashable {
    /// Queued, never tried.
    case pending
    /// Claimed by a worker until its lease runs out; if the worker dies the outcome is unknown and it is sent again.
    case sending
    /// The relay accepted it.
    case sent
    /// A transient failure; tried again at `next_attempt_at`.
    case retrying
    /// A permanent failure, or every attempt spent (the dead letter).
    case failed
    /// No longer needed (the overdue invoice was paid or voided before the reminder left).
    case cancelled
}

/// How one hand-over of a notification to a relay (SMTP) or receiver (webhook) ended, for ``RetryPolicy``.
///
/// - ``sent``: the peer accepted it (SMTP `250` after the message data, HTTP 2xx).
/// - ``transient(code:message:)``: not delivered; trying again later may work (SMTP 4xx, HTTP 408/429/5xx, the peer
///   unreachable, a timeout or a TLS failure before anything was accepted).
/// - ``permanent(code:message:)``: refused for good (SMTP 5xx, HTTP 4xx other than 408/429, no recipient).
/// - ``unknown(message:)``: the connection was lost after the whole message was handed over but before the final
///   reply; the peer may have accepted it. It is sent again with the same Message-ID / event id, so that the
///   receiver can drop the duplicate.
///
/// `code` is the SMTP reply code or HTTP status when the peer gave one; `message` is the peer's reply or libcurl's
/// explanation, never a password.
public enum DeliveryOutcome: Sendable, Hashable, CustomStringConvertible {
    case sent
    case transient(code: Int?, message: String)
    case permanent(code: Int?, message: String)
    case unknown(message: String)

    /// `sent`, `transient`, `permanent` or `unknown`, as the attempts log stores it.
    public var name: String {
        switch self {
        case .sent: "sent"
        case .transient: "transient"
        case .permanent: "permanent"
        case .unknown: "unknown"
        }
    }

    /// The peer's reply code, when there was one.
    public var code: Int? {
        switch self {
        case .transient(let code, _), .permanent(let code, _): code
        case .sent, .unknown: nil
        }
    }

    /// What went wrong, when something did.
    public var message: String? {
        switch self {
        case .sent: nil
        case .transient(_, let message), .permanent(_, let message), .unknown(let message): message
        }
    }

    /// Whether a retry of the same request may succeed (transient only; unknown is the caller's choice).
    public var isRetryable: Bool {
        if case .transient = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .sent: "sent"
        case .transient(let code, let message): "transient\(code.map { " \($0)" } ?? ""): \(message)"
        case .permanent(let code, let message): "permanent\(code.map { " \($0)" } ?? ""): \(message)"
        case .unknown(let message): "unknown: \(message)"
        }
    }
}

/// When a notification that failed is tried again, and when it is given up: the pure rule every delivery path uses.
public struct RetryPolicy: Sendable, Hashable {
    /// The wait after the first, second, … failed attempt; one attempt more than there are delays.
    public var delays: [Int]
    /// Each wait is stretched or shrunk by up to this fraction at random, so that a relay coming back is not hit
    /// by every retry at once.
    public var jitter: Double

    /// 1 m, 5 m, 30 m, 2 h, 12 h, 24 h, ±10 %: seven attempts over about 39 hours.
    public static let standard = RetryPolicy(delays: [60, 300, 1_800, 7_200, 43_200, 86_400], jitter: 0.1)

    /// Attempts made before a notification is given up.
    public var maxAttempts: Int { delays.count + 1 }

    /// What follows `outcome` of attempt number `attempt` (1 for the first): `nil` when it is final (sent, failed,
    /// cancelled), else the seconds to wait before the next one. `random` in 0..<1 picks the jitter.
    public func nextAttempt(after outcome: DeliveryOutcome, attempt: Int, random: Double) -> NextStep {
        switch outcome {
        case .sent: return .sent
        case .permanent: return .failed
        case .transient, .unknown:
            guard attempt >= 1, attempt < maxAttempts else { return .failed }
            let base = Double(delays[attempt - 1])
            let factor = 1 + jitter * (2 * min(max(random, 0), 1) - 1)
            return .retry(afterSeconds: max(1, Int((base * factor).rounded())))
        }
    }

    /// The state a notification moves to after an attempt.
    public enum NextStep: Sendable, Hashable {
        case sent
        case failed
        case retry(afterSeconds: Int)

        /// The notification's status after this step.
        public var status: NotificationStatus {
            switch self {
            case .sent: .sent
            case .failed: .failed
            case .retry: .retrying
            }
        }
    }
}

/// What a notification is about; the wire value is the outbox's `kind`.
public enum NotificationKind: String, WireEnum, Sendable, Hashable {
    case invoiceIssued, subscriptionEnding, invoiceOverdue, budgetThreshold, taskDue
    /// A webhook endpoint failing for ``WebhookPolicy/disableAfterSeconds`` was disabled.
    case webhookDisabled
    /// A person invited to a tenant: the link to set a password (docs/people.md, "Invitations by e-mail").
    case userInvitation
    /// A user asked to reset a forgotten password: the single-use link, valid 30 minutes.
    case passwordReset

    /// E-mails to a person about their account: they carry a one-time link whose token is kept in the outbox only
    /// until the e-mail is sent (never in the payload), and cannot be resent from the outbox.
    public var isAccountLink: Bool { self == .userInvitation || self == .passwordReset }

    /// Reminders carry `List-Unsubscribe`: a customer can opt out of them, never out of an invoice.
    public var isReminder: Bool { self == .subscriptionEnding || self == .invoiceOverdue }

    /// Sent to the customer's billing cc addresses too (invoices and reminders; never internal alerts).
    public var copiesBillingCC: Bool { self == .invoiceIssued || isReminder }

    /// Without a recipient of its own it goes to the tenant's `delivery.alert_recipients` (internal alerts).
    public var goesToAlertRecipients: Bool { self == .budgetThreshold || self == .taskDue || self == .webhookDisabled }
}
