import Domain
import Foundation
import Postgres

/// Webhook deliveries as workers see them: claim a batch, send it, record the outcomes, the same way as the
/// outbox's e-mails (``DeliveryQueue``, ``DeliveryQueueSQL``).
public struct WebhookDeliveryQueue {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Whether any delivery of an enabled endpoint is due (a cheap probe before claiming).
    public func anyDue() throws -> Bool {
        try db.query(WebhookStatements.anyDue).first?.decode(Bool.self, "due") ?? false
    }

    /// Claims up to `limit` due deliveries for `leaseSeconds`, and logs as unknown the attempts of claims that ran
    /// out. Run it in its own transaction, committed before sending.
    public func claim(limit: Int, leaseSeconds: Int) throws -> [ClaimedWebhookDelivery] {
        var lapsed: [(UUID, Int)] = []
        let claimed = try db.query(WebhookStatements.claim, [limit, leaseSeconds]).map { row in
            let lapsedClaim = try row.decode(String.self, "previous") == NotificationStatus.sending.rawValue
            let delivery = ClaimedWebhookDelivery(
                id: try row.decode(UUID.self, "id"), eventID: try row.decode(UUID.self, "event_id"),
                url: try row.decode(String.self, "url"), body: try row.decode(String.self, "payload"),
                secrets: [try row.decode(String.self, "secret")] + [try row.decode(String?.self, "previous_secret")].compactMap { $0 },
                attempt: try row.decode(Int.self, "attempts"), followsUnknownOutcome: lapsedClaim)
            if lapsedClaim { lapsed.append((delivery.id, delivery.attempt - 1)) }
            return delivery
        }
        if !lapsed.isEmpty {
            try db.query(WebhookStatements.recordUnknown, [SQLArray(lapsed.map(\.0)), SQLArray(lapsed.map(\.1))])
        }
        return claimed
    }

    /// Records outcomes in one statement, keeps the endpoints' failure record, disables those failing for
    /// ``WebhookPolicy/disableAfterSeconds`` and tells the tenant. Returns how many deliveries were recorded and how
    /// many endpoints were disabled.
    @discardableResult
    public func record(_ records: [WebhookAttemptRecord]) throws -> (recorded: Int, disabled: Int) {
        guard !records.isEmpty else { return (0, 0) }
        let row = try db.query(
            WebhookStatements.record,
            AttemptRecord.parameters(records.map(\.record)) + [
                SQLArray(records.map { $0.statusCode.map(String.init) }), SQLArray(records.map(\.latencyMilliseconds)),
                WebhookPolicy.disableAfterSeconds,
            ]
        ).first(orNotFound: "webhook delivery")
        return (try row.decode(Int.self, "recorded"), try row.decode(Int.self, "disabled"))
    }
}
