import Domain
import Foundation
import Postgres

/// The journal of the tenant the connection is bound to: append-only, balanced entries.
///
/// Balance is checked here (to name the field) and again by the database (statement-level triggers over the
/// inserted rows), which also refuses any UPDATE or DELETE of a posting. Corrections are reversing entries (``reverse(_:on:memo:sourceType:sourceID:)``).
public struct JournalRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Posts a balanced entry, atomically (in a savepoint of the caller's transaction, if any).
    ///
    /// - Parameter dateField: the request field the entry's date came from, named when the date is on or before
    ///   the lock date.
    /// - Returns: the new entry's id.
    /// - Throws: ``LedgerError/validation(_:)`` (fewer than two lines, a non-positive amount, unbalanced, an unknown
    ///   or archived account at `lines/N/accountId`, a date on or before the lock date at `dateField`).
    @discardableResult
    public func post(_ draft: JournalEntryDraft, dateField: String = "date") throws -> UUID {
        try LedgerError.check(draft.violations())
        try LedgerLock(db).check(draft.date, at: dateField)
        let lines = draft.lines
        let parameters: [any PostgresEncodable] = [
            LedgerSQL.date(draft.date), draft.currency.code, draft.memo, draft.sourceType, draft.sourceID, UUID?.none,
            SQLArray(lines.map(\.accountID)),
            SQLArray(lines.map { $0.side == .debit ? $0.amount : ExactDecimal.zero }),
            SQLArray(lines.map { $0.side == .credit ? $0.amount : ExactDecimal.zero }),
            SQLArray(lines.map(\.partyID)), SQLArray(lines.map(\.memo)), SQLArray(lines.map { $0.document?.type }),
            SQLArray(lines.map { $0.document?.id }), SQLArray(lines.map(\.campaign)),
        ]
        do {
            return try db.transaction { db in
                // The database checks balance and line count as the statement ends (journal_entries_checked).
                try db.query(JournalStatements.post, parameters).first(orNotFound: "journal entry").decode(UUID.self, "entry_id")
            }
        } catch let error as PostgresError {
            throw LedgerLock.refusal(error, at: dateField) ?? Self.mapped(error, lines: lines)
        }
    }

    /// Posts the reverse of entry `id` (every line on the other side) dated `date`.
    ///
    /// - Throws: ``LedgerError/notFound(resource:id:)``; ``LedgerError/conflict(_:)`` if it was already reversed;
    ///   ``LedgerError/validation(_:)`` at `dateField` for a date on or before the lock date.
    @discardableResult
    public func reverse(
        _ id: UUID, on date: CalendarDate, memo: String? = nil, sourceType: String = "reversal", sourceID: UUID? = nil,
        dateField: String = "date"
    ) throws -> UUID {
        try reverse(id, lines: nil, on: date, memo: memo, sourceType: sourceType, sourceID: sourceID, dateField: dateField)
    }

    /// Posts the reverse of lines `lines` of entry `id` (`nil`: all of them, as ``reverse(_:on:memo:sourceType:sourceID:dateField:)``)
    /// dated `date`: a part of an entry shared by several payments (docs/banking.md). `balancedBy`: the entry's line
    /// whose account and party take the reversed lines' net, on the other side (a shared deposit's one bank line;
    /// `nil`: the lines balance by themselves). A partial reversal is a new entry of its own (no
    /// `reverses_entry_id`): its accounts must still be active.
    ///
    /// - Throws: as ``reverse(_:on:memo:sourceType:sourceID:dateField:)`` (a range that is not balanced lines of the
    ///   entry is refused by the ledger's own checks).
    @discardableResult
    public func reverse(
        _ id: UUID, lines: ClosedRange<Int>?, balancedBy: Int? = nil, on date: CalendarDate, memo: String? = nil,
        sourceType: String = "reversal", sourceID: UUID? = nil, dateField: String = "date"
    ) throws -> UUID {
        try LedgerLock(db).check(date, at: dateField)
        do {
            return try db.transaction { db in
                let parameters: [any PostgresEncodable] = [id, LedgerSQL.date(date), memo, sourceType, sourceID]
                let part: [any PostgresEncodable]? = lines.map { [$0.lowerBound, $0.upperBound, balancedBy] }
                let rows = try part.map { try db.query(JournalStatements.reverseLines, parameters + $0) }
                    ?? db.query(JournalStatements.reverse, parameters)
                guard let row = rows.first else {
                    throw LedgerError.notFound(resource: "journal entry", id: id.uuidString.lowercased())
                }
                return try row.decode(UUID.self, "entry_id")
            }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw LedgerError.conflict("the journal entry has already been reversed")
        } catch let error as PostgresError {
            throw LedgerLock.refusal(error, at: dateField) ?? error
        }
    }

    /// The entry with `id` and its lines.
    public func get(_ id: UUID) throws -> JournalEntry {
        let rows = try db.query(JournalStatements.entry, [id])
        guard let first = rows.first else {
            throw LedgerError.notFound(resource: "journal entry", id: id.uuidString.lowercased())
        }
        let lines = try rows.map { row in
            let debit = try row.decode(ExactDecimal.self, "debit")
            let credit = try row.decode(ExactDecimal.self, "credit")
            let documentType = try row.decode(String?.self, "document_type")
            let documentID = try row.decode(UUID?.self, "document_id")
            return JournalLine(
                lineNumber: try row.decode(Int.self, "line_no"), accountID: try row.decode(UUID.self, "account_id"),
                side: debit.isPositive ? .debit : .credit, amount: debit.isPositive ? debit : credit,
                partyID: try row.decode(UUID?.self, "party_id"), memo: try row.decode(String?.self, "line_memo"),
                document: documentType.flatMap { type in documentID.map { DocumentReference(type: type, id: $0) } })
        }
        return try JournalEntry(header: first, lines: lines)
    }

    /// The ids of the entries a document caused, in posting order.
    public func entries(sourceType: String, sourceID: UUID) throws -> [UUID] {
        try db.query(JournalStatements.entriesForSource, [sourceType, sourceID]).map { try $0.decode(UUID.self, "id") }
    }

    /// Every account's Σ debit and Σ credit per currency, of the lines dated on or before `asOf` (every line for `nil`),
    /// with its code and name; read from the monthly summary (docs/reports.md).
    public func balances(asOf: CalendarDate? = nil) throws -> [AccountBalance] {
        try db.query(LedgerReportStatements.balances, [LedgerSQL.date(asOf)]).map { row in
            AccountBalance(
                accountID: try row.decode(UUID.self, "account_id"), accountCode: try row.decode(String.self, "code"),
                accountName: try row.decode(String.self, "name"), currency: try LedgerSQL.currency(row),
                debit: try row.decode(ExactDecimal.self, "debit"), credit: try row.decode(ExactDecimal.self, "credit"))
        }
    }

    /// Σ debit and Σ credit over the whole ledger; equal at all times.
    public func totals() throws -> (debit: ExactDecimal, credit: ExactDecimal) {
        let row = try db.query(JournalStatements.totals).first(orNotFound: "journal")
        return (try row.decode(ExactDecimal.self, "debit"), try row.decode(ExactDecimal.self, "credit"))
    }

    /// Database refusals turned into field errors where a line is to blame.
    static func mapped(_ error: PostgresError, lines: [JournalLineDraft]) -> any Error {
        switch (error.sqlState, error.constraintName) {
        case (_, "journal_lines_account_active"?):
            return LedgerError.invalid("lines", .invalidValue, "posts to an archived account")
        case (.foreignKeyViolation?, "journal_lines_account_id_fkey"?):
            return LedgerError.invalid("lines", .invalidValue, "names an account that does not exist")
        case (.foreignKeyViolation?, "journal_lines_party_fkey"?):
            return LedgerError.invalid("lines", .invalidValue, "names a party that does not exist")
        case (_, "journal_entry_balanced"?):
            return LedgerError.invalid("lines", .conflict, "do not balance")
        default:
            return error
        }
    }
}

extension JournalEntry {
    /// An entry from its header columns (`id`, `entry_number`, `entry_date`, `currency`, `memo`, `source_type`,
    /// `source_id`, `reverses_entry_id`, `created_at`) and its lines.
    init(header row: PostgresRow, lines: [JournalLine]) throws {
        self.init(
            id: try row.decode(UUID.self, "id"), entryNumber: try row.decode(Int64.self, "entry_number"),
            date: try LedgerSQL.date(row, "entry_date"), currency: try LedgerSQL.currency(row),
            memo: try row.decode(String?.self, "memo"), sourceType: try row.decode(String.self, "source_type"),
            sourceID: try row.decode(UUID?.self, "source_id"),
            reversesEntryID: try row.decode(UUID?.self, "reverses_entry_id"),
            createdAt: try row.decode(Date.self, "created_at"), lines: lines)
    }
}
