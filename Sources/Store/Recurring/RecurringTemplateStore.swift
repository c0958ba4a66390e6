import Domain
import Foundation
import Postgres

/// A recurring template as the shared store needs to see it (a recurring expense, a recurring task).
protocol RecurringTemplateRecord: Sendable {
    var id: UUID { get }
    var schedule: Schedule { get }
    var state: RecurringTemplateState { get }
    var skipThrough: CalendarDate? { get }
    var lastPostedIndex: Int? { get }
    /// The occurrences not yet posted (after the cursor and the skip date), in order.
    func upcomingOccurrences(context: ScheduleContext) -> OccurrenceSequence
}

/// What a kind of recurring template supplies to ``RecurringTemplateStore``: its table's statements, its name,
/// how a row decodes, and how one occurrence makes its document. Everything else is the shared lifecycle.
protocol RecurringTemplateKind {
    associatedtype Template: RecurringTemplateRecord
    /// For messages: `recurring expense`.
    static var resource: String { get }
    static var statements: RecurringTemplateStatements { get }
    static func template(_ row: PostgresRow) throws -> Template
    /// The date a previewed occurrence's document carries (an expense's date, a task's due date).
    static func documentDate(of occurrence: Occurrence) -> CalendarDate
    /// Makes the occurrence's document in the caller's transaction; returns its id.
    static func makeDocument(for template: Template, occurrence: Occurrence, on db: PostgresConnection) throws -> UUID
}

/// The lifecycle every recurring template shares, over one kind's table: get, list, pause, resume (with or
/// without catch-up), stop, preview, and posting one occurrence exactly once.
struct RecurringTemplateStore<Kind: RecurringTemplateKind> {
    let db: PostgresConnection

    func get(_ id: UUID) throws -> Kind.Template {
        guard let row = try db.query(Kind.statements.byID, [id]).first else {
            throw LedgerError.notFound(resource: Kind.resource, id: id.uuidString.lowercased())
        }
        return try Kind.template(row)
    }

    func list(page: PageRequest) throws -> Page<Kind.Template> {
        try Page.make(rows: db.query(Kind.statements.list, page.parameters), limit: page.limit, Kind.template).page
    }

    func pause(_ id: UUID) throws -> Kind.Template { try setState(id, active: false, skipThrough: nil, stop: false) }

    /// Without `catchUp`, occurrences posted before `today` are skipped; with it, the next EOD posts them too.
    func resume(_ id: UUID, today: CalendarDate, catchUp: Bool) throws -> Kind.Template {
        try setState(id, active: true, skipThrough: catchUp ? nil : today.checkedAdding(days: -1), stop: false)
    }

    func stop(_ id: UUID) throws -> Kind.Template { try setState(id, active: false, skipThrough: nil, stop: true) }

    /// The next `count` (1…100) occurrences still to post, computed without writing anything.
    func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringPreview] {
        try RecurringCursor.checkCount(count)
        return try get(id).upcomingOccurrences(context: context).prefix(count).map {
            RecurringPreview(occurrence: $0, documentDate: Kind.documentDate(of: $0))
        }
    }

    /// Posts one occurrence in a savepoint of the caller's transaction: its document, the occurrence row that the
    /// unique key keeps single, and the cursor. All or nothing.
    /// - Throws: ``LedgerError/conflict(_:)`` when already posted, paused, stopped or skipped.
    func postOccurrence(templateID: UUID, occurrence: Occurrence, context: ScheduleContext) throws -> UUID {
        try db.transaction { db in
            guard let row = try db.query(Kind.statements.lock, [templateID]).first else {
                throw LedgerError.notFound(resource: Kind.resource, id: templateID.uuidString.lowercased())
            }
            let template = try Kind.template(row)
            try RecurringCursor.checkPostable(
                isActive: template.state == .active, schedule: template.schedule, skipThrough: template.skipThrough,
                occurrence: occurrence, context: context)
            let documentID = try Kind.makeDocument(for: template, occurrence: occurrence, on: db)
            do {
                try db.query(
                    Kind.statements.recordOccurrence, [template.id, occurrence.postingDate, occurrence.index, documentID])
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                throw LedgerError.conflict("occurrence \(occurrence.index) (\(occurrence.postingDate)) is already posted")
            }
            try db.query(Kind.statements.moveCursor, [template.id, occurrence.index, occurrence.postingDate])
            return documentID
        }
    }

    private func setState(_ id: UUID, active: Bool, skipThrough: CalendarDate?, stop: Bool) throws -> Kind.Template {
        if let row = try db.query(Kind.statements.setState, [id, active, skipThrough, stop]).first {
            return try Kind.template(row)
        }
        _ = try get(id)
        throw LedgerError.conflict("the \(Kind.resource) is stopped")
    }
}

/// The lifecycle a recurring template's repository offers, the same for every kind: what the API's shared
/// lifecycle routes call.
public protocol RecurringTemplateRepository: SendableMetatype {
    associatedtype Template: Sendable
    init(_ connection: PostgresConnection)
    func get(_ id: UUID) throws -> Template
    func list(page: PageRequest) throws -> Page<Template>
    func pause(_ id: UUID) throws -> Template
    func resume(_ id: UUID, today: CalendarDate, catchUp: Bool) throws -> Template
    func stop(_ id: UUID) throws -> Template
    func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringPreview]
}

extension RecurringExpenseRepository: RecurringTemplateRepository {}
extension RecurringTaskRepository: RecurringTemplateRepository {}
