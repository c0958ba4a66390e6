import Domain
import Foundation
import Postgres

/// The tenant's audit trail: recording a write (in the write's own transaction), listing, reading one event.
public struct AuditRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Appends one event on the caller's connection, inside its transaction. Texts longer than their columns allow
    /// (an undocumented route's path) are cut to fit rather than failing the write.
    @discardableResult
    public func record(_ draft: AuditEventDraft) throws -> AuditEvent {
        let parameters: [any PostgresEncodable] = [
            draft.actor.kind.wireValue, draft.actor.id, String(draft.actor.label.prefix(200)), draft.actor.role.rawValue,
            String(draft.action.prefix(100)), draft.method, String(draft.path.prefix(2000)),
            String(draft.resourceType.prefix(100)),
            draft.resourceID.map { String($0.prefix(200)) }, draft.status, draft.requestID, draft.changes,
        ]
        return try Self.event(try db.query(AuditStatements.insert, parameters).first(orNotFound: "audit event"))
    }

    /// Newest first; the days of `filter` are read in `timeZone` (an IANA name, the tenant's).
    public func list(
        _ filter: AuditEventFilter = AuditEventFilter(), timeZone: String = "UTC", page: PageRequest = PageRequest()
    ) throws -> Page<AuditEvent> {
        let parameters: [any PostgresEncodable] = [
            filter.actorType?.wireValue, filter.actorID, filter.action, filter.resourceType, filter.resourceID,
            filter.from, filter.to, timeZone,
        ]
        return try Page.make(rows: db.query(AuditStatements.list, parameters + page.parameters), limit: page.limit, Self.event).page
    }

    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func get(_ id: UUID) throws -> AuditEvent {
        try Self.event(try db.query(AuditStatements.read, [id]).first(orNotFound: "audit event", id: id))
    }

    static func event(_ row: PostgresRow) throws -> AuditEvent {
        let actor = Principal(
            kind: try NotificationRepository.wire(Principal.Kind.self, row, "actor_type"), id: try row.decode(Int64.self, "actor_id"),
            label: try row.decode(String.self, "actor_label"), role: try APIKeyInfo.role(row))
        return AuditEvent(
            id: try row.decode(UUID.self, "id"), occurredAt: try row.decode(Date.self, "occurred_at"), actor: actor,
            action: try row.decode(String.self, "action"), method: try row.decode(String.self, "method"),
            path: try row.decode(String.self, "path"), resourceType: try row.decode(String.self, "resource_type"),
            resourceID: try row.decode(String?.self, "resource_id"), status: try row.decode(Int.self, "status"),
            requestID: try row.decode(String.self, "request_id"), changes: try row.decode(String?.self, "changes"))
    }
}
