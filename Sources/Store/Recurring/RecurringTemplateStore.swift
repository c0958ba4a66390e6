import Domain
import Foundation
import Postgres

/// Recurring templates of one kind, for the tenant the connection is bound to: create, get, list, replace (PUT),
/// pause, resume (with or without catch-up), end, preview, and posting one occurrence exactly once. The same
/// lifecycle for every kind (``RecurringTemplate``); a kind supplies only its payload and its posting.
public struct RecurringTemplateStore<Kind: RecurringTemplateKind> {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Saves a new, active template.
    /// - Throws: ``LedgerError/validation(_:)`` at the kind's fields.
    public func create(_ draft: Kind.Draft, effectiveFrom: CalendarDate? = nil) throws -> Kind.Template {
        let id = try db.transaction { db in
            let id = try Kind.insert(draft, on: db)
            if let before = effectiveFrom?.checkedAdding(days: -1) { try skip(id, through: before) }
            if Kind.amountHistoryKind != nil {
                try RecurringAmountHistory.record(
                    try lockedTemplate(id, on: db), Kind.self, reason: .created,
                    effectiveOn: max(draft.schedule.start, effectiveFrom ?? draft.schedule.start), on: db)
            }
            return id
        }
        return try get(id)
    }

    /// The template with `id`.
    public func get(_ id: UUID) throws -> Kind.Template {
        guard let row = try db.query(Kind.statements.byID, [id]).first,
            let template = try Kind.templates([row], on: db).first
        else { throw notFound(id) }
        return template
    }

    /// A page of templates, newest first; only those in `state`, of `partyID`, when given.
    public func list(state: RecurringState? = nil, partyID: UUID? = nil, page: PageRequest = PageRequest()) throws
        -> Page<Kind.Template>
    {
        let rows = try db.query(Kind.statements.list, [state?.rawValue, partyID] + page.parameters)
        let (ids, kept) = try Page.make(rows: rows, limit: page.limit) { try $0.decode(UUID.self, "id") }
        return Page(items: try Kind.templates(kept, on: db), next: ids.next)
    }

    /// Replaces the payload and the schedule. Nothing posted changes: the new payload applies to what posts next,
    /// and a new schedule governs the occurrences after the last one posted (and none before `effectiveFrom`).
    /// - Throws: ``LedgerError/conflict(_:)`` once ended; ``LedgerError/validation(_:)`` at the kind's fields.
    public func replace(_ id: UUID, with draft: Kind.Draft, effectiveFrom: CalendarDate? = nil) throws -> Kind.Template {
        try db.transaction { db in
            let current = try lockedForChange(id, on: db)
            let next = try Self.checked {
                try current.recurring.replacingSchedule(with: draft.schedule, effectiveFrom: effectiveFrom)
            }
            try RecurringAmountHistory.fillBackfilled(current, Kind.self, on: db)
            try Kind.update(current, with: draft, on: db)
            try write(id, next, on: db)
            if Kind.amountHistoryKind != nil {
                try RecurringAmountHistory.record(try lockedTemplate(id, on: db), Kind.self, reason: .updated, effectiveOn: effectiveFrom, on: db)
            }
        }
        return try get(id)
    }

    /// Pauses a template: the EOD posts nothing until it is resumed.
    public func pause(_ id: UUID) throws -> Kind.Template { try change(id, .paused) { try $0.paused() } }

    /// Resumes a paused template on `today`. Without `catchUp`, occurrences posted before `today` are skipped;
    /// with it, the next EOD posts them too.
    public func resume(_ id: UUID, today: CalendarDate, catchUp: Bool = false) throws -> Kind.Template {
        try change(id, .resumed, effectiveOn: today) { try $0.resumed(today: today, catchUp: catchUp) }
    }

    /// Ends a template for good.
    public func end(_ id: UUID) throws -> Kind.Template { try change(id, .ended) { try $0.ended(at: Date()) } }

    /// The next `count` (1…100) occurrences still to post and what each would create, writing nothing.
    public func preview(_ id: UUID, count: Int, context: ScheduleContext) throws -> [RecurringPreview] {
        let template = try get(id)
        let occurrences = try Self.checked { try template.recurring.preview(count: count, context: context) }
        return try Kind.preview(template, occurrences, on: db)
    }

    /// Posts one occurrence in a savepoint of the caller's transaction: its documents, the record that keeps it
    /// single, and the cursor. All or nothing. `eodDate` is the business date of the EOD posting it (`nil`: posted
    /// by hand), which dates its documents (docs/invoicing.md, "Numbering and dating").
    /// - Throws: ``LedgerError/conflict(_:)`` when already posted, paused, ended or skipped.
    @discardableResult
    public func postOccurrence(
        templateID: UUID, occurrence: Occurrence, context: ScheduleContext, eodDate: CalendarDate? = nil
    ) throws -> UUID {
        try db.transaction { db in
            let template = try lockedTemplate(templateID, on: db)
            try Self.checked { try template.recurring.checkPostable(occurrence, context: context) }
            let documentID = try Kind.post(template, occurrence, eodDate: eodDate, on: db)
            try db.query(Kind.statements.moveCursor, [template.id, occurrence.index, occurrence.postingDate])
            return documentID
        }
    }

    /// Skips the occurrences posting on or before `date` (a sale whose invoice billed the first period already).
    func skip(_ id: UUID, through date: CalendarDate) throws {
        let current = try lockedTemplate(id, on: db)
        guard let from = date.checkedAdding(days: 1) else { return }
        try write(id, try Self.checked { try current.recurring.replacingSchedule(with: current.recurring.schedule, effectiveFrom: from) }, on: db)
    }

    // MARK: Helpers

    /// Applies a lifecycle transition and records it in the amount history (the payload is unchanged), effective
    /// `effectiveOn` (`nil`: the day of the change in the tenant's zone).
    private func change(
        _ id: UUID, _ reason: RecurringAmountReason, effectiveOn: CalendarDate? = nil,
        _ transition: (RecurringTemplate) throws -> RecurringTemplate
    ) throws -> Kind.Template {
        try db.transaction { db in
            let current = try lockedForChange(id, on: db)
            let next = try Self.checked { try transition(current.recurring) }
            try write(id, next, on: db)
            try RecurringAmountHistory.fillBackfilled(current, Kind.self, on: db)
            try RecurringAmountHistory.record(current, Kind.self, reason: reason, state: next.state, effectiveOn: effectiveOn, on: db)
        }
        return try get(id)
    }

    /// How long a change (replace, pause, resume, end) waits for a template another transaction holds — an EOD run
    /// posting it — before answering 409 rather than hanging the request.
    static var changeLockWaitMilliseconds: Int { 3_000 }

    /// The template locked for a change, waiting at most ``changeLockWaitMilliseconds``.
    /// - Throws: ``LedgerError/conflict(_:)`` when it stays locked (being posted).
    private func lockedForChange(_ id: UUID, on db: PostgresConnection) throws -> Kind.Template {
        do {
            return try db.boundingLockWaits(milliseconds: Self.changeLockWaitMilliseconds) { try lockedTemplate(id, on: $0) }
        } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
            throw LedgerError.conflict("the \(Kind.resource) is being posted by an EOD run; retry in a few seconds")
        }
    }

    func lockedTemplate(_ id: UUID, on db: PostgresConnection) throws -> Kind.Template {
        guard let row = try db.query(Kind.statements.lock, [id]).first, let template = try Kind.templates([row], on: db).first
        else { throw notFound(id) }
        return template
    }

    private func write(_ id: UUID, _ recurring: RecurringTemplate, on db: PostgresConnection) throws {
        try db.query(
            Kind.statements.writeLifecycle,
            [
                id, recurring.schedule.json, recurring.isActive, recurring.endedAt, recurring.skipThrough,
                recurring.lastPostedIndex, recurring.lastPostedDate,
            ])
    }

    private func notFound(_ id: UUID) -> LedgerError {
        .notFound(resource: Kind.resource, id: id.uuidString.lowercased())
    }

    /// Runs a lifecycle rule, reporting its refusal as the store's error.
    private static func checked<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as RecurringTemplateError { throw LedgerError(error, resource: Kind.resource) }
    }
}
