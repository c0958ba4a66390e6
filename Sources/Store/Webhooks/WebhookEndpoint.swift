import Domain
import Foundation

/// A registered webhook endpoint, as listed and read: never with its secret (shown once, see ``WebhookSecret``).
public struct WebhookEndpoint: Sendable, Hashable {
    public let id: UUID
    public let url: String
    public let eventTypes: [WebhookEventType]
    public let description: String?
    public let enabled: Bool
    /// Why Recur disabled it (failing for 3 days); `nil` when enabled or disabled by the tenant.
    public let disabledReason: String?
    /// The first failure of the current run of failures.
    public let failingSince: Date?
    /// Until when the previous secret still signs too (a rotation in progress).
    public let previousSecretExpiresAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
}

/// A signing secret, returned once: when the endpoint is created and when it is rotated.
public struct WebhookSecret: Sendable, Hashable {
    /// `whsec_` and 43 URL-safe base64 characters (32 random bytes).
    public let value: String

    /// A fresh secret from the system's cryptographic generator.
    static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return WebhookSecret(value: "whsec_" + text)
    }
}

/// One event on its way to one endpoint.
public struct WebhookDelivery: Sendable, Hashable {
    public let id: UUID
    public let endpointID: UUID
    /// The notification's id: `Recur-Event-Id`, the same for every endpoint.
    public let eventID: UUID
    public let eventType: String
    /// The JSON body sent, as text.
    public let payload: String
    public let status: NotificationStatus
    public let attempts: Int
    public let nextAttemptAt: Date?
    public let lastStatusCode: Int?
    public let lastLatencyMilliseconds: Int?
    public let lastError: String?
    public let createdAt: Date
    public let sentAt: Date?
}

/// A delivery a worker claimed, with what it needs to send it.
public struct ClaimedWebhookDelivery: Sendable, Hashable {
    public let id: UUID
    public let eventID: UUID
    public let url: String
    /// The raw body (the stored payload as text: the same bytes on every attempt).
    public let body: String
    /// The current secret, then the previous one while a rotation lasts: one `v1` each.
    public let secrets: [String]
    /// The attempt this claim makes (1 for the first).
    public let attempt: Int
    /// The previous attempt's worker stopped before recording its outcome.
    public let followsUnknownOutcome: Bool
}

/// What one webhook attempt came to, to record: the shared ``AttemptRecord`` and what the receiver answered.
public struct WebhookAttemptRecord: Sendable {
    public let record: AttemptRecord
    public let statusCode: Int?
    public let latencyMilliseconds: Int

    public init(_ claimed: ClaimedWebhookDelivery, startedAt: Date, outcome: DeliveryOutcome, statusCode: Int?,
                latency: Duration, policy: RetryPolicy, random: Double) {
        record = AttemptRecord(
            id: claimed.id, attempt: claimed.attempt, startedAt: startedAt, outcome: outcome, policy: policy, random: random)
        self.statusCode = statusCode
        latencyMilliseconds = latency.wholeMilliseconds
    }
}
