import Delivery
import Domain
import Foundation
import Store

/// Delivers a tenant's due webhook deliveries, the sibling of ``DeliveryPass`` run from the same places
/// (`recur-worker deliver` and `run`): claims a batch (leased, `FOR UPDATE SKIP LOCKED`), POSTs each signed with the
/// endpoint's secret (and, while a rotation lasts, the previous one: two `v1`), records every outcome in one statement.
/// Needs no SMTP relay.
public struct WebhookPass: Sendable {
    public let database: TenantDatabase
    public let transport: WebhookTransport
    /// Deliveries per tenant and round.
    public var batchSize = 50
    /// How long a claim holds before another worker may take it (and send it again, same `Recur-Event-Id`).
    public var leaseSeconds = 300
    public var policy = RetryPolicy.standard

    public init(database: TenantDatabase, configuration: WebhookConfiguration) {
        self.database = database
        transport = WebhookTransport(configuration)
    }

    /// The transport's settings from the environment: `RECUR_WEBHOOK_CA_FILE`, a PEM of CAs to trust instead of the
    /// system's (a private CA, the tests' certificate); `RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS=1` lets endpoints reach
    /// loopback and private addresses (development). Plain `http://` is never allowed.
    public static func configuration(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> WebhookConfiguration {
        WebhookConfiguration(
            caFile: environment["RECUR_WEBHOOK_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            allowsPrivateNetworks: environment["RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS"] == "1")
    }

    /// One round for `tenant`: claims up to ``batchSize`` due deliveries and sends them.
    public func run(_ tenant: TenantContext) throws -> DeliveryRoundOutcome {
        var outcome = DeliveryRoundOutcome(slug: tenant.slug)
        let claimed = try database.transaction(tenant) { db -> [ClaimedWebhookDelivery] in
            let queue = WebhookDeliveryQueue(db)
            guard try queue.anyDue() else { return [] }
            return try queue.claim(limit: batchSize, leaseSeconds: leaseSeconds)
        }
        guard !claimed.isEmpty else { return outcome }
        outcome.unknown = claimed.filter(\.followsUnknownOutcome).count

        var records: [WebhookAttemptRecord] = []
        for delivery in claimed {
            let started = Date()
            let request = WebhookRequest(url: delivery.url, eventID: delivery.eventID.uuidString.lowercased(), body: Array(delivery.body.utf8))
            let response: WebhookResponse
            do {
                response = try transport.deliver(request, secrets: delivery.secrets)
            } catch {
                response = WebhookResponse(outcome: .permanent(code: nil, message: error.description), status: nil, latency: .zero, bodyPrefix: [])
            }
            let record = WebhookAttemptRecord(
                delivery, startedAt: started, outcome: response.outcome, statusCode: response.status, latency: response.latency,
                policy: policy, random: Double.random(in: 0..<1))
            outcome.count(record.record.next)
            records.append(record)
        }
        let recorded = try database.transaction(tenant) { db in try WebhookDeliveryQueue(db).record(records) }
        outcome.endpointsDisabled = recorded.disabled
        return outcome
    }
}
