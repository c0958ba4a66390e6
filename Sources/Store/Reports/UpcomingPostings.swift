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
    /// The kind's due templates with their party's name (``UpcomingPostingsStatements/due(_:table:party:)``).
    static var due: PostgresStatement { get }
    static func name(_ template: Template) -> String?
    static func partyID(_ template: Template) -> UUID?
    /// Days between the EOD creating a document and its occurrence's posting date.
    static func leadDays(_ template: Template) -> Int
    /// The templates of `rows`, as ``RecurringTemplateKind/templates(_:on:)`` decodes them; a kind may take each
    /// schedule from `schedules` (decoded once per distinct text in the request).
    static func dueTemplates(_ rows: [PostgresRow], schedules: inout ScheduleTexts, on db: PostgresConnection) throws
        -> [Template]
    /// What ``RecurringTemplateKind/preview(_:_:on:)`` gives for each template and its occurrences, in order; a kind
    /// may price templates that preview alike once.
    static func previews(_ batches: [(Template, [Occurrence])], on db: PostgresConnection) throws -> [[RecurringPreview]]
}

extension UpcomingPostingKind {
    static func leadDays(_ template: Template) -> Int { 0 }
    static func dueTemplates(_ rows: [PostgresRow], schedules: inout ScheduleTexts, on db: PostgresConnection) throws
        -> [Template]
    {
        try templates(rows, on: db)
    }

    static func previews(_ batches: [(Template, [Occurrence])], on db: PostgresConnection) throws -> [[RecurringPreview]] {
        try batches.map { try preview($0.0, $0.1, on: db) }
    }
}

/// Schedules decoded once per distinct stored text (the templates of a tenant share a few hundred schedules at most:
/// the 1M-invoice seed's 16,666 setups have 105 between them), so that a report reading a thousand templates decodes
/// each text once.
struct ScheduleTexts {
    private var decoded = [String: Schedule]()

    /// The schedule of a template row (its `schedule` column), as ``RecurringTemplate/init(row:schedule:)`` would
    /// decode it.
    mutating func schedule(of row: PostgresRow) throws -> Schedule {
        let text = try row.decode(String.self, "schedule")
        if let schedule = decoded[text] { return schedule }
        let schedule = try StoredSchedule.decode(text, column: "schedule")
        decoded[text] = schedule
        return schedule
    }
}

extension RecurringInvoiceKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringInvoice }
    static let due = UpcomingPostingsStatements.due(statements, table: "recurring_invoice_setups", party: "party_id")
    static func name(_ template: RecurringInvoiceSetup) -> String? { template.statementReference }
    static func partyID(_ template: RecurringInvoiceSetup) -> UUID? { template.partyID }

    /// ``templates(_:on:)`` with each schedule decoded once per distinct text.
    static func dueTemplates(_ rows: [PostgresRow], schedules: inout ScheduleTexts, on db: PostgresConnection) throws
        -> [RecurringInvoiceSetup]
    {
        let products = try rows.filter { try $0.decode(String.self, "mode") == "products" }
        let lines = try self.lines(try products.map { try $0.decode(UUID.self, "id") }, on: db)
        return try rows.map { try setup($0, lines: lines, schedule: try schedules.schedule(of: $0)) }
    }

    /// Everything ``preview(content:discount:currency:terms:statementReference:occurrences:pricesIncludeTax:)`` — the
    /// function ``preview(_:_:on:)`` calls — reads of a setup: setups equal in these preview alike, each occurrence
    /// alone (the function prices the setup once, then maps each occurrence on its own).
    private struct Pricing: Hashable {
        let content: RecurringInvoiceContent
        let discount: Discount?
        let currency: Currency
        let terms: Int
        let statementReference: String
        let pricesIncludeTax: Bool

        init(_ setup: RecurringInvoiceSetup) {
            content = setup.content
            discount = setup.discount
            currency = setup.currency
            terms = setup.paymentTermsDays
            statementReference = setup.statementReference
            pricesIncludeTax = setup.pricesIncludeTax
        }
    }

    /// One call of the preview function per distinct ``Pricing`` (the 1M-invoice seed's 1,000 due setups have 20), with
    /// the distinct occurrences of its setups by due date: the function stops at the first occurrence whose due date
    /// plus terms is past the calendar, so every occurrence before it — all it returns for any one setup — is returned.
    /// Each setup then takes its own occurrences' previews: the same as one call per setup.
    static func previews(_ batches: [(RecurringInvoiceSetup, [Occurrence])], on db: PostgresConnection) throws
        -> [[RecurringPreview]]
    {
        var groups = [Pricing: Set<Occurrence>]()
        for (setup, occurrences) in batches { groups[Pricing(setup), default: []].formUnion(occurrences) }
        var priced = [Pricing: [Occurrence: RecurringPreview]]()
        for (pricing, occurrences) in groups {
            let previews = try preview(
                content: pricing.content, discount: pricing.discount, currency: pricing.currency, terms: pricing.terms,
                statementReference: pricing.statementReference,
                occurrences: occurrences.sorted { ($0.dueDate, $0.postingDate, $0.index) < ($1.dueDate, $1.postingDate, $1.index) },
                pricesIncludeTax: pricing.pricesIncludeTax)
            priced[pricing] = Dictionary(previews.map { ($0.occurrence, $0) }) { first, _ in first }
        }
        return batches.map { setup, occurrences in
            let previews = priced[Pricing(setup)] ?? [:]
            return occurrences.compactMap { previews[$0] }
        }
    }
}

extension RecurringExpenseKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringExpense }
    static let due = UpcomingPostingsStatements.due(statements, table: "recurring_expenses", party: "vendor_id")
    static func name(_ template: RecurringExpense) -> String? { template.reference }
    static func partyID(_ template: RecurringExpense) -> UUID? { template.vendorID }
}

extension RecurringSalesOrderKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringSalesOrder }
    static let due = UpcomingPostingsStatements.due(statements, table: "recurring_sales_orders", party: "party_id")
    static func name(_ template: RecurringSalesOrder) -> String? { template.reference }
    static func partyID(_ template: RecurringSalesOrder) -> UUID? { template.partyID }
}

extension RecurringTaskKind: UpcomingPostingKind {
    static var source: UpcomingPostingSource { .recurringTask }
    static let due = UpcomingPostingsStatements.due(statements, table: "recurring_tasks", party: "party_id")
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
        // Each source's due templates with their parties' names, the four statements in one round trip.
        let parameters: [any PostgresEncodable] = [through, Self.templateLimit + 1]
        let due = try db.queries([
            (RecurringInvoiceKind.due, parameters), (RecurringExpenseKind.due, parameters),
            (RecurringSalesOrderKind.due, parameters), (RecurringTaskKind.due, parameters),
        ])
        var schedules = ScheduleTexts()
        let sources = [
            try pending(RecurringInvoiceKind.self, due[0], today, through, limit, context, &schedules, &truncated),
            try pending(RecurringExpenseKind.self, due[1], today, through, limit, context, &schedules, &truncated),
            try pending(RecurringSalesOrderKind.self, due[2], today, through, limit, context, &schedules, &truncated),
            try pending(RecurringTaskKind.self, due[3], today, through, limit, context, &schedules, &truncated),
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
        return UpcomingPostings(from: today, through: through, postings: placed.compactMap { $0 }, truncated: truncated)
    }

    /// One occurrence in the window before its preview: its EOD date in the window, its template (by position, and
    /// its id's bytes, made once per template: the report's order compares it).
    private struct PendingOccurrence {
        let date: CalendarDate
        let templateKey: TemplateKey
        let template: Int
        let occurrence: Occurrence
    }

    /// A template id ordered as its text is (the report's order is by the id's text): the 16 bytes as two big-endian
    /// words compare as the hexadecimal text does, without making the text (`0`–`9` sort before `A`–`F` as their
    /// nibbles do, and the hyphens stand at the same places in every id).
    private struct TemplateKey: Comparable {
        let high: UInt64
        let low: UInt64

        init(_ id: UUID) {
            let b = id.uuid
            high = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7].reduce(0) { $0 << 8 | UInt64($1) }
            low = [b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15].reduce(0) { $0 << 8 | UInt64($1) }
        }

        static func < (a: TemplateKey, b: TemplateKey) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }

    /// A source's occurrences in the window, and how to preview a chosen few of them (each given with its position in
    /// the report, returned with it).
    private struct PendingSource {
        let occurrences: [PendingOccurrence]
        let preview: ([(Int, PendingOccurrence)]) throws -> [(Int, UpcomingPosting)]
    }

    private func pending<Kind: UpcomingPostingKind>(
        _: Kind.Type, _ rows: PostgresRows, _ from: CalendarDate, _ through: CalendarDate, _ limit: Int,
        _ context: ScheduleContext, _ schedules: inout ScheduleTexts, _ truncated: inout Bool
    ) throws -> PendingSource {
        if rows.count > Self.templateLimit { truncated = true }
        let kept = Array(rows.prefix(Self.templateLimit))
        let templates = try Kind.dueTemplates(kept, schedules: &schedules, on: db)
        let partyNames = try kept.map { try $0.decode(String?.self, "upcoming_party_name") }
        var occurrences = [PendingOccurrence]()
        for (index, template) in templates.enumerated() {
            let key = TemplateKey(template.id)
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
            // The chosen occurrences of each template together (`chosen` is in the report's order; a stable sort by
            // template keeps each template's occurrences in order).
            let byTemplate = chosen.sorted { $0.1.template < $1.1.template }
            var batches = [ArraySlice<(Int, PendingOccurrence)>]()
            var start = byTemplate.startIndex
            while start < byTemplate.endIndex {
                var end = start + 1
                while end < byTemplate.endIndex, byTemplate[end].1.template == byTemplate[start].1.template { end += 1 }
                batches.append(byTemplate[start..<end])
                start = end
            }
            let previews = try Kind.previews(
                batches.map { (templates[$0[$0.startIndex].1.template], $0.map(\.1.occurrence)) }, on: db)
            var postings = [(Int, UpcomingPosting)]()
            postings.reserveCapacity(chosen.count)
            for (picked, previews) in zip(batches, previews) {
                let index = picked[picked.startIndex].1.template
                let template = templates[index]
                let name = Kind.name(template), partyID = Kind.partyID(template), partyName = partyNames[index]
                for preview in previews where preview.createdOn <= through {
                    guard let position = picked.first(where: { $0.1.occurrence.index == preview.occurrence.index })?.0 else { continue }
                    postings.append(
                        (position,
                         UpcomingPosting(
                            date: max(preview.createdOn, from), source: Kind.source, templateID: template.id,
                            name: name, partyID: partyID, partyName: partyID == nil ? nil : partyName, preview: preview)))
                }
            }
            return postings
        }
    }

}

enum UpcomingPostingsStatements {
    /// A kind's due templates (``RecurringTemplateStatements/upcoming``: $1 last date, $2 limit, the soonest first)
    /// with `upcoming_party_name`, the name of the party in its `party` column (NULL without one), in one statement so
    /// that the report is one round trip. The due rows are chosen by their ids alone (PostgreSQL computes only the
    /// columns an outer query uses of a subquery, here the id and the sort keys), then read from `table`: the
    /// `schedule::text` and the other columns are made for the 1,001 rows kept, not for every due row before the sort
    /// (15,833 on the 1M-invoice seed: the read went from 37–58 to 26–40 ms in psql at load 5). They keep the chosen
    /// order (the report keeps the first ``UpcomingPostingsRepository/templateLimit``): numbered before the joins,
    /// sorted by that number after them. (A subquery per row for the name kept the order without a sort, but on a
    /// small `parties` table the planner scans it once per template: 35 ms for 1,000 templates at 100,000 invoices.)
    static func due(_ statements: RecurringTemplateStatements, table: StaticString, party: StaticString) -> PostgresStatement {
        PostgresStatement(
            "\(statements.upcoming.name)_named",
            """
            SELECT u.*, p.name AS upcoming_party_name
            FROM (
                SELECT \(statements.columns), d.upcoming_position
                FROM \(table)
                JOIN (SELECT x.id, row_number() OVER () AS upcoming_position FROM (\(statements.upcoming.sql)) x) d USING (id)
            ) u
            LEFT JOIN parties p ON p.id = u.\(party)
            ORDER BY u.upcoming_position
            """)
    }
}
