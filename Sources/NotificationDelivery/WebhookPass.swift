import Delivery
import Domain
import Foundation
import Store
import Synchronization
import Threading

/// Delivers a tenant's due webhook deliveries, the sibling of ``DeliveryPass`` run from the same places
/// (`recur-worker deliver` and `run`): claims a batch (leased, `FOR UPDATE SKIP LOCKED`), POSTs each signed with the
/// endpoint's secret (and, while a rotation lasts, the previous one: two `v1`), records every outcome in one statement.
/// Needs no SMTP relay. A batch goes out over ``connections`` kept connections at once: a receiver answering in a
/// millisecond would otherwise leave the worker waiting on the network most of the time (docs/delivery.md,
/// "Throughput").
public struct WebhookPass: Sendable {
    public let database: TenantDatabase
    /// One transport (a kept connection per endpoint host) per parallel lane.
    public let transports: [WebhookTransport]
    /// Deliveries per tenant and round.
    public var batchSize = 50
    /// Deliveries a minute per tenant over all workers; `nil`: no limit but ``batchSize`` a round.
    public var rateLimit: DeliveryRateLimit?
    /// Requests in flight at once within a batch, each lane on its own kept connection.
    public var connections: Int { transports.count }
    /// How long a claim holds before another worker may take it (and send it again, same `Recur-Event-Id`).
    public var leaseSeconds = 300
    public var policy = RetryPolicy.standard

    /// - Parameter connections: requests in flight at once (at least 1).
    public init(database: TenantDatabase, configuration: WebhookConfiguration, connections: Int = 4) {
        self.database = database
        transports = (0..<max(1, connections)).map { _ in WebhookTransport(configuration) }
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
            return try rateLimit.claim(upTo: batchSize, tenant: tenant, database: database, on: db) {
                try queue.claim(limit: $0, leaseSeconds: leaseSeconds)
            }
        }
        guard !claimed.isEmpty else { return outcome }
        outcome.unknown = claimed.filter(\.followsUnknownOutcome).count

        // Lane `l` takes deliveries l, l + lanes, …: each lane's requests run one after another on its own transport.
        let lanes = min(transports.count, claimed.count)
        let results = AttemptSlots(count: claimed.count)
        Lanes.run(lanes) { [self] lane in
            for index in stride(from: lane, to: claimed.count, by: lanes) {
                let record = attempt(claimed[index], on: transports[lane])
                results.slots.withLock { $0[index] = record }
            }
        }
        let records = results.slots.withLock { $0.compactMap { $0 } }
        for record in records { outcome.count(record.record.next) }
        let recorded = try database.transaction(tenant) { db in try WebhookDeliveryQueue(db).record(records) }
        outcome.endpointsDisabled = recorded.disabled
        return outcome
    }

    /// POSTs one delivery and says what to record.
    private func attempt(_ delivery: ClaimedWebhookDelivery, on transport: WebhookTransport) -> WebhookAttemptRecord {
        let started = Date()
        let request = WebhookRequest(url: delivery.url, eventID: delivery.eventID.uuidString.lowercased(), body: Array(delivery.body.utf8))
        let response: WebhookResponse
        do {
            response = try transport.deliver(request, secrets: delivery.secrets)
        } catch {
            response = WebhookResponse(outcome: .permanent(code: nil, message: error.description), status: nil, latency: .zero, bodyPrefix: [])
        }
        return WebhookAttemptRecord(
            delivery, startedAt: started, outcome: response.outcome, statusCode: response.status, latency: response.latency,
            policy: policy, random: Double.random(in: 0..<1))
    }
}

/// A batch's attempt records, filled by the lanes in claim order.
private final class AttemptSlots: Sendable {
    let slots: Mutex<[WebhookAttemptRecord?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
}
