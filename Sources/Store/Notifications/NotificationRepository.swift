import Domain
import Foundation
import Postgres

/// The outbox as the API shows it: listing, one notification with its attempts, sending again.
public struct NotificationRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Newest first.
    public func list(_ filter: NotificationFilter = NotificationFilter(), page: PageRequest = PageRequest()) throws -> Page<OutboxNotification> {
        let parameters: [any PostgresEncodable] = [filter.kind?.wireValue, filter.status?.wireValue, filter.recipient, filter.invoiceID]
        return try Page.make(rows: db.query(NotificationStatements.list, parameters + page.parameters), limit: page.limit, Self.notification).page
    }

    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func get(_ id: UUID) throws -> OutboxNotification {
        try Self.notification(try db.query(NotificationStatements.read, [id]).first(orNotFound: "notification", id: id))
    }

    /// Every attempt, first first.
    public func attempts(_ id: UUID) throws -> [NotificationAttempt] {
        try db.query(NotificationStatements.attempts, [id]).map { row in
            NotificationAttempt(
                attempt: try row.decode(Int.self, "attempt"), startedAt: try row.decode(Date.self, "started_at"),
                finishedAt: try row.decode(Date.self, "finished_at"), outcome: try row.decode(String.self, "outcome"),
                code: try row.decode(Int?.self, "code"), detail: try row.decode(String?.self, "detail"))
        }
    }

    /// Queues a sent, failed or cancelled notification again, due now (same id, so the same Message-ID).
    /// - Throws: ``LedgerError/notFound(resource:id:)``; ``LedgerError/conflict(_:)`` while it is still on its way.
    public func resend(_ id: UUID) throws -> OutboxNotification {
        try db.transaction { db in
            let current = try NotificationRepository(db).get(id)
            guard !current.kind.isAccountLink else {
                throw LedgerError.conflict(
                    "an account e-mail's one-time link is not kept once sent: send a new invitation or password reset instead")
            }
            guard try db.query(NotificationStatements.resend, [id]).affectedRows == 1 else {
                throw LedgerError.conflict("the notification is \(current.status.wireValue): it is already on its way")
            }
            return try NotificationRepository(db).get(id)
        }
    }

    static func notification(_ row: PostgresRow) throws -> OutboxNotification {
        OutboxNotification(
            id: try row.decode(UUID.self, "id"), kind: try wire(NotificationKind.self, row, "kind"),
            status: try wire(NotificationStatus.self, row, "status"),
            recipient: try row.decode(String?.self, "recipient"), subject: try row.decode(String.self, "subject"),
            body: try row.decode(String.self, "body"), payload: try row.decode(String.self, "payload"),
            attempts: try row.decode(Int.self, "attempts"), createdAt: try row.decode(Date.self, "created_at"),
            nextAttemptAt: try row.decode(Date?.self, "next_attempt_at"), sentAt: try row.decode(Date?.self, "sent_at"),
            lastError: try row.decode(String?.self, "last_error"), invoiceID: try row.decode(UUID?.self, "invoice_id"))
    }

    /// A `snake_case` enum column.
    static func wire<T: WireEnum>(_ type: T.Type, _ row: PostgresRow, _ column: String) throws -> T {
        guard let value = T(wireValue: try row.decode(String.self, column)) else {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .invalidValue(expected: "\(T.self)")))
        }
        return value
    }
}
