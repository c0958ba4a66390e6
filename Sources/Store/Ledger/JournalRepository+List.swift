import Domain
import Foundation
import Postgres

/// Which journal entries to list.
public struct JournalEntryQuery: Sendable, Hashable {
    /// Entry date on or after.
    public var from: CalendarDate?
    /// Entry date on or before.
    public var through: CalendarDate?
    /// Only entries with a line on this account.
    public var accountID: UUID?
    public var page: PageRequest

    public init(from: CalendarDate? = nil, through: CalendarDate? = nil, accountID: UUID? = nil, page: PageRequest = PageRequest()) {
        self.from = from
        self.through = through
        self.accountID = accountID
        self.page = page
    }
}

extension JournalRepository {
    /// A page of entries with their lines, newest first (by posting time).
    public func list(_ query: JournalEntryQuery = JournalEntryQuery()) throws -> Page<JournalEntry> {
        let rows = try db.query(
            JournalListStatements.page,
            [
                LedgerSQL.date(query.from), LedgerSQL.date(query.through), query.accountID,
            ] + query.page.parameters)
        let (ids, _) = try Page.make(rows: rows, limit: query.page.limit) { try $0.decode(UUID.self, "id") }
        guard !ids.items.isEmpty else { return Page(items: [], next: ids.next) }
        var entries = [UUID: JournalEntry]()
        var current: (first: PostgresRow, lines: [JournalLine])?
        func flush() throws {
            guard let (first, lines) = current else { return }
            let entry = try JournalEntry(header: first, lines: lines)
            entries[entry.id] = entry
        }
        for row in try db.query(JournalListStatements.entries, [SQLArray(ids.items)]) {
            let id = try row.decode(UUID.self, "id")
            if let open = current, try open.first.decode(UUID.self, "id") != id {
                try flush()
                current = nil
            }
            if current == nil { current = (row, []) }
            let debit = try row.decode(ExactDecimal.self, "debit")
            let credit = try row.decode(ExactDecimal.self, "credit")
            let documentType = try row.decode(String?.self, "document_type")
            let documentID = try row.decode(UUID?.self, "document_id")
            current?.lines.append(
                JournalLine(
                    lineNumber: try row.decode(Int.self, "line_no"), accountID: try row.decode(UUID.self, "account_id"),
                    side: debit.isPositive ? .debit : .credit, amount: debit.isPositive ? debit : credit,
                    partyID: try row.decode(UUID?.self, "party_id"), memo: try row.decode(String?.self, "line_memo"),
                    document: documentType.flatMap { type in documentID.map { DocumentReference(type: type, id: $0) } }))
        }
        try flush()
        return Page(items: ids.items.compactMap { entries[$0] }, next: ids.next)
    }
}

/// The journal listing's SQL.
enum JournalListStatements {
    /// $1 from or NULL, $2 through or NULL, $3 account or NULL, $4/$5 cursor, $6 limit.
    static let page = PostgresStatement(
        "ledger_journal_list",
        """
        SELECT e.id, e.created_at::text AS cursor_at FROM journal_entries e
        WHERE ($1::date IS NULL OR e.entry_date >= $1::date) AND ($2::date IS NULL OR e.entry_date <= $2::date)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id AND l.account_id = $3::uuid))
          AND ($4::timestamptz IS NULL OR (e.created_at, e.id) < ($4::timestamptz, $5::uuid))
        ORDER BY e.created_at DESC, e.id DESC LIMIT $6
        """)

    static let entries = PostgresStatement(
        "ledger_journal_list_entries",
        """
        \(JournalStatements.entriesWithLines)
        WHERE e.id = ANY($1::uuid[])
        ORDER BY e.id, l.line_no
        """)
}
