import Domain
import Foundation
import Postgres

/// A tenant's webhook endpoints and their deliveries, as the API manages them.
public struct WebhookEndpointRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Registers an endpoint; its secret is returned here and never again.
    /// - Throws: ``LedgerError/validation(_:)`` at `url`, `eventTypes`, `description`.
    public func create(_ draft: WebhookEndpointDraft) throws -> (WebhookEndpoint, WebhookSecret) {
        try LedgerError.check(draft.violations())
        let secret = WebhookSecret.generate()
        let row = try db.query(WebhookStatements.insert, Self.parameters(draft) + [secret.value]).first(orNotFound: "webhook endpoint")
        return (try Self.endpoint(row), secret)
    }

    /// Newest first.
    public func list(page: PageRequest = PageRequest()) throws -> Page<WebhookEndpoint> {
        try Page.make(rows: db.query(WebhookStatements.list, page.parameters), limit: page.limit, Self.endpoint).page
    }

    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func get(_ id: UUID) throws -> WebhookEndpoint {
        try Self.endpoint(try db.query(WebhookStatements.read, [id]).first(orNotFound: "webhook endpoint", id: id))
    }

    /// Replaces url, event types, description and enabled; enabling clears the failure record.
    public func update(_ id: UUID, _ draft: WebhookEndpointDraft) throws -> WebhookEndpoint {
        try LedgerError.check(draft.violations())
        return try Self.endpoint(
            try db.query(WebhookStatements.update, [id] + Self.parameters(draft)).first(orNotFound: "webhook endpoint", id: id))
    }

    /// Deletes the endpoint with its deliveries and their log (the events stay in the outbox).
    public func delete(_ id: UUID) throws {
        guard try db.query(WebhookStatements.delete, [id]).affectedRows == 1 else {
            throw LedgerError.notFound(resource: "webhook endpoint", id: id.uuidString.lowercased())
        }
    }

    /// A new secret, returned once; the current one keeps signing too for `overlapHours` (0: stops at once).
    public func rotateSecret(_ id: UUID, overlapHours: Int = WebhookPolicy.defaultOverlapHours) throws -> (WebhookEndpoint, WebhookSecret) {
        guard WebhookPolicy.overlapHours.contains(overlapHours) else {
            throw LedgerError.validation(
                FieldViolations([
                    FieldViolation(
                        path: "overlapHours", code: .outOfRange,
                        message: "must be from \(WebhookPolicy.overlapHours.lowerBound) to \(WebhookPolicy.overlapHours.upperBound)")
                ]))
        }
        let secret = WebhookSecret.generate()
        let row = try db.query(WebhookStatements.rotate, [id, secret.value, overlapHours]).first(orNotFound: "webhook endpoint", id: id)
        return (try Self.endpoint(row), secret)
    }

    /// The deliveries of an endpoint, newest first, optionally of one status.
    public func deliveries(of endpointID: UUID, status: NotificationStatus? = nil, page: PageRequest = PageRequest()) throws -> Page<WebhookDelivery> {
        _ = try get(endpointID)
        let rows = try db.query(WebhookStatements.deliveries, [endpointID, status?.rawValue] + page.parameters)
        return try Page.make(rows: rows, limit: page.limit, Self.delivery).page
    }

    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func delivery(_ id: UUID, of endpointID: UUID) throws -> WebhookDelivery {
        try Self.delivery(try db.query(WebhookStatements.delivery, [endpointID, id]).first(orNotFound: "webhook delivery", id: id))
    }

    /// Queues a delivery again, due now (same event id).
    /// - Throws: ``LedgerError/conflict(_:)`` while a worker is sending it.
    public func redeliver(_ id: UUID, of endpointID: UUID) throws -> WebhookDelivery {
        try db.transaction { db in
            let repository = WebhookEndpointRepository(db)
            _ = try repository.delivery(id, of: endpointID)
            guard try db.query(WebhookStatements.redeliver, [endpointID, id]).affectedRows == 1 else {
                throw LedgerError.conflict("the delivery is being sent right now")
            }
            return try repository.delivery(id, of: endpointID)
        }
    }

    static func parameters(_ draft: WebhookEndpointDraft) -> [any PostgresEncodable] {
        [draft.url, SQLArray(draft.eventTypes.map { Optional($0.rawValue) }), draft.description, draft.enabled]
    }

    static func endpoint(_ row: PostgresRow) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: try row.decode(UUID.self, "id"), url: try row.decode(String.self, "url"),
            eventTypes: try row.decode(String.self, "event_types").split(separator: " ").compactMap { WebhookEventType(rawValue: String($0)) },
            description: try row.decode(String?.self, "description"), enabled: try row.decode(Bool.self, "enabled"),
            disabledReason: try row.decode(String?.self, "disabled_reason"), failingSince: try row.decode(Date?.self, "failing_since"),
            previousSecretExpiresAt: try row.decode(Date?.self, "previous_secret_expires_at"),
            createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"))
    }

    static func delivery(_ row: PostgresRow) throws -> WebhookDelivery {
        WebhookDelivery(
            id: try row.decode(UUID.self, "id"), endpointID: try row.decode(UUID.self, "endpoint_id"),
            eventID: try row.decode(UUID.self, "event_id"), eventType: try row.decode(String.self, "event_type"),
            payload: try row.decode(String.self, "payload"),
            status: try NotificationRepository.wire(NotificationStatus.self, row, "status"),
            attempts: try row.decode(Int.self, "attempts"), nextAttemptAt: try row.decode(Date?.self, "next_attempt_at"),
            lastStatusCode: try row.decode(Int?.self, "last_status_code"),
            lastLatencyMilliseconds: try row.decode(Int?.self, "last_latency_ms"),
            lastError: try row.decode(String?.self, "last_error"), createdAt: try row.decode(Date.self, "created_at"),
            sentAt: try row.decode(Date?.self, "sent_at"))
    }
}
