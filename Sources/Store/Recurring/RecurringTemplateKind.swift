import Domain
import Foundation
import Postgres

/// A stored recurring template of any kind: its id, what every template shares, and when it was made.
public protocol RecurringTemplateRecord: Sendable {
    var id: UUID { get }
    var recurring: RecurringTemplate { get }
    var createdAt: Date { get }
    var updatedAt: Date { get }
}

/// A template as entered, of any kind: its payload and its schedule.
public protocol RecurringTemplateDraft: Sendable {
    var schedule: Schedule { get }
}

/// What a kind of recurring template supplies to ``RecurringTemplateStore``: its SQL, how its rows decode, how
/// its payload is checked and written, what a preview shows, and how one occurrence posts. The lifecycle,
/// listing, cursor and exactly-once posting are the store's, the same for every kind.
public protocol RecurringTemplateKind: SendableMetatype {
    associatedtype Template: RecurringTemplateRecord
    associatedtype Draft: RecurringTemplateDraft
    /// For messages: `recurring expense`.
    static var resource: String { get }
    static var statements: RecurringTemplateStatements { get }
    /// Decodes rows read with ``RecurringTemplateStatements/columns`` (reading any child rows in one query).
    static func templates(_ rows: [PostgresRow], on db: PostgresConnection) throws -> [Template]
    /// Checks a draft and inserts it (active, nothing posted); returns the new id.
    static func insert(_ draft: Draft, on db: PostgresConnection) throws -> UUID
    /// Checks a draft and writes its payload over `current`'s (the store writes the schedule).
    static func update(_ current: Template, with draft: Draft, on db: PostgresConnection) throws
    /// What the given occurrences of `template` would create.
    static func preview(_ template: Template, _ occurrences: [Occurrence], on db: PostgresConnection) throws
        -> [RecurringPreview]
    /// Creates the occurrence's documents in the caller's transaction and records that it posted (the
    /// occurrence row a unique key keeps single); returns the main document's id. The store has locked the
    /// template and checked that the occurrence may post, and moves the cursor afterwards. `eodDate`: the business
    /// date of the EOD posting it (`nil`: by hand), for the documents' dates (``InvoiceDating``, ``LockDate``).
    static func post(_ template: Template, _ occurrence: Occurrence, eodDate: CalendarDate?, on db: PostgresConnection)
        throws -> UUID
    /// The `template_kind` its changes are recorded under in `recurring_amount_changes` (MRR and committed spend,
    /// docs/reports.md), or `nil` when its amounts are not tracked.
    static var amountHistoryKind: String? { get }
}

extension RecurringTemplateKind {
    public static var amountHistoryKind: String? { nil }
}

extension RecurringTemplateKind {
    /// A template that bills a party keeps it once an occurrence is posted (the documents already made are its).
    static func checkPartyFixed(_ recurring: RecurringTemplate, from current: UUID, to new: UUID) throws {
        guard recurring.lastPostedDate != nil, new != current else { return }
        throw LedgerError.validation(
            FieldViolations([FieldViolation(path: "partyId", code: .conflict, message: "cannot change once an occurrence is posted")]))
    }

    /// Records an occurrence in the kind's occurrence table; a second posting of it is a conflict.
    static func recordOccurrence(_ templateID: UUID, _ occurrence: Occurrence, document: UUID, on db: PostgresConnection)
        throws
    {
        guard let statement = statements.recordOccurrence else { return }
        do {
            try db.query(statement, [templateID, occurrence.postingDate, occurrence.index, document])
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw LedgerError(.alreadyPosted(occurrence.index), resource: resource)
        }
    }
}
