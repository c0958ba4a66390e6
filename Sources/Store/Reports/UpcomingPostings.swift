import Domain
import Foundation
import Postgres

/// Where an upcoming posting comes from.
public enum UpcomingPostingSource: String, WireEnum, Sendable, Hashable, CaseIterable {
    case recurringInvoice, recurringExpense, recurringSalesOrder, recurringTask
}

/// One document the EOD will create: on `date` (its EOD date: the occurrence's posting date, less a task's lead days),
/// from a template, with the amounts its own preview shows.
public struct UpcomingPosting: Sendable, Hashable {
    public let date: CalendarDate
    public let source: UpcomingPostingSource
    public let templateID: UUID
    /// The invoice's statement reference, the expense's or order's reference, the task's title.
    public let name: String?
    public let partyID: UUID?
    public let partyName: String?
    public let preview: RecurringPreview
    /// Net of tax after discounts, tax, total (none for a task).
    public var amounts: InvoiceAmounts? { preview.amounts }
}

/// The upcoming postings of a window, capped: `truncated` when more templates or occurrences fell in it.
public struct UpcomingPostings: Sendable, Hashable {
    public let from: CalendarDate
    public let through: CalendarDate
    public let postings: [UpcomingPosting]
    public let truncated: Bool
}

/// What an upcoming posting shows of a template, per kind.
protocol UpcomingPostingKind: RecurringTemplateKind {
    static var source: UpcomingPostingSource { get }
    static func name(_ template: Template) -> String?
    static func partyID(_ template: Template) -> UUID?
    /// Days between the EOD creating a document and its occurrence's posting date.
    static func leadDays(_ template: Template) -> Int
}

extension UpcomingPostingKind {
    static func leadDays(_ template: Template) -> Int { 0 }
}

extension RecurringInvoiceKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringInvoice }
    static func name(_ template: RecurringInvoiceSetup) -> String? { template.statementReference }
    static func partyID(_ template: RecurringInvoiceSetup) -> UUID? { template.partyID }
}

extension RecurringExpenseKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringExpense }
    static func name(_ template: RecurringExpense) -> String? { template.reference }
    static func partyID(_ template: RecurringExpense) -> UUID? { template.vendorID }
}

extension RecurringSalesOrderKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringSalesOrder }
    static func name(_ template: RecurringSalesOrder) -> String? { template.reference }
    static func partyID(_ template: RecurringSalesOrder) -> UUID? { template.partyID }
}

extension RecurringTaskKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringTask }
    static func name(_ template: RecurringTask) -> String? { template.title }
    static func partyID(_ template: RecurringTask) -> UUID? { template.partyID }
    static func leadDays(_ template: RecurringTask) -> Int { template.leadDays }
}

/// Everything the EOD will create in the next days, from the same pure schedule code and the same previews the
/// templates' own preview endpoints show. Bounded: a window of at most ``dayRange`` days, at most ``templateLimit``
/// templates per source, and at most ``postingLimit`` postings in all (the soonest), `truncated` saying when more fell
/// in the window. The occurrences' dates are found first (pure schedule code, no preview); only the soonest
/// ``postingLimit`` of them are previewed, one preview call per template.
public struct UpcomingPostingsRepository {
    let db: PostgresConnection

    /// The window's length in days: 1…92 (a quarter at most; a longer window is a cash plan, not what the next EODs
    /// post, and its work grows with days × templates).
    public static let dayRange = 1...92
    /// Templates read per source.
    public static let templateLimit = 1_000
    /// Postings returned in all.
    public static let postingLimit = 5_000

    public init(_ connection: PostgresConnection) { db = connection }

    /// The postings the EOD runs of `today` … `today + days − 1` will create, by date then source: the soonest
    /// `limit` (1…``postingLimit``; only those are previewed).
    /// - Throws: ``LedgerError/validation(_:)`` at `days` outside ``dayRange``, at `limit` outside 1…``postingLimit``.
    public func upcoming(today: CalendarDate, days: Int, limit: Int = postingLimit, context: ScheduleContext) throws
        -> UpcomingPostings
    {
        guard Self.dayRange.contains(days), let through = today.checkedAdding(days: days - 1) else {
            throw LedgerError.invalid("days", .outOfRange, "must be an integer from \(Self.dayRange.lowerBound) to \(Self.dayRange.upperBound)")
        }
        guard (1...Self.postingLimit).contains(limit) else {
            throw LedgerError.invalid("limit", .outOfRange, "must be an integer from 1 to \(Self.postingLimit)")
        }
        var truncated = false
        // Each source's due templates, the four statements in one round trip.
        let parameters: [any PostgresEncodable] = [through, Self.templateLimit + 1]
        let due = try db.queries([
            (RecurringInvoiceKind.statements.upcoming, parameters), (RecurringExpenseKind.statements.upcoming, parameters),
            (RecurringSalesOrderKind.statements.upcoming, parameters), (RecurringTaskKind.statements.upcoming, parameters),
        ])
        let sources = [
            try pending(RecurringInvoiceKind.self, due[0], today, through, limit, context, &truncated),
            try pending(RecurringExpenseKind.self, due[1], today, through, limit, context, &truncated),
            try pending(RecurringSalesOrderKind.self, due[2], today, through, limit, context, &truncated),
            try pending(RecurringTaskKind.self, due[3], today, through, limit, context, &truncated),
        ]
        // The soonest occurrences of every source, in the report's order (date, source, template id as text,
        // occurrence); only those are previewed, and the postings keep that order.
        var chosen = sources.enumerated().flatMap { source, pending in pending.occurrences.map { (source, $0) } }
        chosen.sort { ($0.1.date, $0.0, $0.1.templateKey, $0.1.occurrence.index) < ($1.1.date, $1.0, $1.1.templateKey, $1.1.occurrence.index) }
        if chosen.count > limit {
            chosen.removeLast(chosen.count - limit)
            truncated = true
        }
        var placed = [UpcomingPosting?](repeating: nil, count: chosen.count)
        for (index, source) in sources.enumerated() {
            let mine = chosen.indices.filter { chosen[$0].0 == index }
            for (position, posting) in try source.preview(mine.map { ($0, chosen[$0].1) }) { placed[position] = posting }
        }
        let postings = placed.compactMap { $0 }
        let names = try partyNames(Set(postings.compactMap(\.partyID)))
        return UpcomingPostings(
            from: today, through: through,
            postings: postings.map {
                UpcomingPosting(
                    date: $0.date, source: $0.source, templateID: $0.templateID, name: $0.name, partyID: $0.partyID,
                    partyName: $0.partyID.flatMap { names[$0] }, preview: $0.preview)
            }, truncated: truncated)
    }

    /// One occurrence in the window before its preview: its EOD date in the window, its template (by position, and
    /// its id as text, made once per template: the report's order compares it).
    private struct PendingOccurrence {
        let date: CalendarDate
        let templateKey: String
        let template: Int
        let occurrence: Occurrence
    }

    /// A source's occurrences in the window, and how to preview a chosen few of them (each given with its position in
    /// the report, returned with it).
    private struct PendingSource {
        let occurrences: [PendingOccurrence]
        let preview: ([(Int, PendingOccurrence)]) throws -> [(Int, UpcomingPosting)]
    }

    private func pending<Kind: UpcomingPostingKind>(
        _: Kind.Type, _ rows: PostgresRows, _ from: CalendarDate, _ through: CalendarDate, _ limit: Int,
        _ context: ScheduleContext, _ truncated: inout Bool
    ) throws -> PendingSource {
        if rows.count > Self.templateLimit { truncated = true }
        let templates = try Kind.templates(Array(rows.prefix(Self.templateLimit)), on: db)
        var occurrences = [PendingOccurrence]()
        for (index, template) in templates.enumerated() {
            let key = template.id.uuidString
            let lead = Kind.leadDays(template)
            guard let last = through.checkedAdding(days: lead) else { continue }
            // The EOD of `from` also posts what is due and not yet posted (catch-up): those are in the window too.
            for occurrence in template.recurring.occurrencesDue(through: last, context: context).prefix(limit + 1) {
                guard let created = occurrence.postingDate.checkedAdding(days: -lead), created <= through else { continue }
                occurrences.append(
                    PendingOccurrence(date: max(created, from), templateKey: key, template: index, occurrence: occurrence))
            }
        }
        let db = self.db
        return PendingSource(occurrences: occurrences) { chosen in
            var postings = [(Int, UpcomingPosting)]()
            for (index, picked) in Dictionary(grouping: chosen, by: \.1.template) {
                let template = templates[index]
                let positions = Dictionary(picked.map { ($0.1.occurrence.index, $0.0) }) { first, _ in first }
                for preview in try Kind.preview(template, picked.map(\.1.occurrence), on: db) where preview.createdOn <= through {
                    guard let position = positions[preview.occurrence.index] else { continue }
                    postings.append(
                        (position,
                         UpcomingPosting(
                            date: max(preview.createdOn, from), source: Kind.source, templateID: template.id,
                            name: Kind.name(template), partyID: Kind.partyID(template), partyName: nil, preview: preview)))
                }
            }
            return postings
        }
    }

    private func partyNames(_ ids: Set<UUID>) throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names = [UUID: String]()
        for row in try db.query(UpcomingPostingsStatements.partyNames, [SQLArray(Array(ids))]) {
            names[try row.decode(UUID.self, "id")] = try row.decode(String.self, "name")
        }
        return names
    }
}

enum UpcomingPostingsStatements {
    /// $1 party ids.
    static let partyNames = PostgresStatement(
        "upcoming_postings_party_names", "SELECT id, name FROM parties WHERE id = ANY($1::uuid[])")
}
