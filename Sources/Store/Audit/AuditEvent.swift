import Domain
import Foundation

/// One write as the audit trail keeps it (tenant table `audit_events`, append-only).
public struct AuditEvent: Sendable, Hashable {
    public let id: UUID
    public let occurredAt: Date
    public let actor: Principal
    /// The OpenAPI operationId, e.g. `voidInvoice`.
    public let action: String
    public let method: String
    /// The request path as sent (without the query).
    public let path: String
    /// The first path segment after `/v1`: `invoices`, `tenant`, `webhook-endpoints`…
    public let resourceType: String
    /// The record's id: the path's `:id`, or the `id` of what a 201 created; `nil` when neither exists.
    public let resourceID: String?
    /// The HTTP status the write was answered with (2xx or 3xx).
    public let status: Int
    public let requestID: String
    /// The request body as JSON text, secrets redacted and size capped by the HTTP layer; `nil` without a body.
    public let changes: String?
}

/// What to record: everything but the id and time, which the database assigns.
public struct AuditEventDraft: Sendable, Hashable {
    public var actor: Principal
    public var action: String
    public var method: String
    public var path: String
    public var resourceType: String
    public var resourceID: String?
    public var status: Int
    public var requestID: String
    /// JSON text (an object, usually) or `nil`.
    public var changes: String?

    public init(
        actor: Principal, action: String, method: String, path: String, resourceType: String, resourceID: String?,
        status: Int, requestID: String, changes: String?
    ) {
        self.actor = actor
        self.action = action
        self.method = method
        self.path = path
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.status = status
        self.requestID = requestID
        self.changes = changes
    }
}

/// Filters of ``AuditRepository/list(_:page:)``; `nil` matches everything.
public struct AuditEventFilter: Sendable, Hashable {
    public var actorType: Principal.Kind?
    public var actorID: Int64?
    public var action: String?
    public var resourceType: String?
    public var resourceID: String?
    /// Events on or after this day (in the tenant's time zone).
    public var from: CalendarDate?
    /// Events on or before this day (in the tenant's time zone).
    public var to: CalendarDate?

    public init(
        actorType: Principal.Kind? = nil, actorID: Int64? = nil, action: String? = nil, resourceType: String? = nil,
        resourceID: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil
    ) {
        self.actorType = actorType
        self.actorID = actorID
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.from = from
        self.to = to
    }
}
