import Domain
import Postgres

/// The tenant's credit-note number sequence: gapless, like ``InvoiceNumbering`` (a row lock held to COMMIT), with
/// its own pattern and prefix (default `CN-{YYYY}-{SEQ:6}` → `CN-2026-000001`).
public struct CreditNoteNumbering {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// The current pattern, prefix and next number.
    public func settings() throws -> InvoiceNumberingSettings {
        try InvoiceNumbering.settings(db.query(CreditNoteStatements.numbering).first(orNotFound: "credit note numbering"))
    }

    /// Changes the pattern and prefix (numbers already issued keep their text).
    /// - Throws: ``LedgerError/validation(_:)`` at `pattern` or `prefix`.
    public func update(pattern: String, prefix: String) throws -> InvoiceNumberingSettings {
        do {
            _ = try InvoiceNumberPattern(pattern: pattern, prefix: prefix)
        } catch {
            throw LedgerError.validation(error)
        }
        return try InvoiceNumbering.settings(
            db.query(CreditNoteStatements.updateNumbering, [prefix, pattern]).first(orNotFound: "credit note numbering"))
    }

    /// Locks the counter row (held to COMMIT) and the lock date, and returns what the next credit note may be dated
    /// (chronological numbering, as invoices: ``InvoiceDating``). Call inside the crediting transaction only, before
    /// ``next(date:)``.
    func dating() throws -> InvoiceDating {
        let row = try db.query(CreditNoteStatements.lockNumbering).first(orNotFound: "credit note numbering")
        return InvoiceDating(
            lastNumberDate: try row.decode(CalendarDate?.self, "last_credit_date"),
            lock: LockDate(try row.decode(CalendarDate?.self, "lock_date")))
    }

    /// Takes the next number for a credit note dated `date`, which the caller has checked against ``dating()``.
    /// Call inside the crediting transaction only.
    func next(date: CalendarDate) throws -> (sequence: Int64, number: String) {
        let row = try db.query(CreditNoteStatements.nextNumber, [date]).first(orNotFound: "credit note numbering")
        let sequence = try row.decode(Int64.self, "sequence_number")
        return (sequence, try InvoiceNumbering.pattern(row).format(sequence: sequence, issueDate: date))
    }
}
