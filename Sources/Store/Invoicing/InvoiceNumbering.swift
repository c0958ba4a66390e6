import Domain
import Foundation
import Postgres

/// The tenant's invoice-number settings.
public struct InvoiceNumberingSettings: Sendable, Hashable {
    public let pattern: InvoiceNumberPattern
    /// The sequence number the next issued invoice gets.
    public let nextSequenceNumber: Int64
}

/// The tenant's gapless document-number sequences: one for invoices (manual and generated alike) and one for credit
/// notes, each a counter row with its own pattern and prefix (credit notes default to `CN-{YYYY}-{SEQ:6}`).
///
/// Numbers are taken with `UPDATE … RETURNING` inside the issuing transaction: the row lock serialises issuers until
/// commit, so numbers are strictly increasing in commit order, and a rollback gives the number back with everything
/// else (gapless, which a PostgreSQL sequence is not).
public struct InvoiceNumbering {
    /// Which sequence: the statements of its counter row and the name its errors use.
    public enum Sequence: Sendable {
        case invoices, creditNotes

        var name: String { self == .invoices ? "invoice numbering" : "credit note numbering" }
    }

    let db: PostgresConnection
    let sequence: Sequence

    public init(_ connection: PostgresConnection, _ sequence: Sequence = .invoices) {
        db = connection
        self.sequence = sequence
    }

    /// The current pattern, prefix and next number.
    public func settings() throws -> InvoiceNumberingSettings {
        try Self.settings(db.query(sequence.read).first(orNotFound: sequence.name))
    }

    /// Changes the pattern and prefix (numbers already issued keep their text).
    /// - Throws: ``LedgerError/validation(_:)`` at `pattern` or `prefix`.
    public func update(pattern: String, prefix: String) throws -> InvoiceNumberingSettings {
        do {
            _ = try InvoiceNumberPattern(pattern: pattern, prefix: prefix)
        } catch {
            throw LedgerError.validation(error)
        }
        return try Self.settings(db.query(sequence.update, [prefix, pattern]).first(orNotFound: sequence.name))
    }

    /// Locks the counter row (held to COMMIT, as taking a number does) and the lock date, and returns what the
    /// next document may be dated: no other issuer can take a number, nor the lock date move, until this
    /// transaction ends. Invoices also read the tenant's catch-up dating (`invoicing.catch_up_dating`); credit
    /// notes are dated chronologically only. Call inside the issuing transaction only, just before ``next(date:)``.
    func dating() throws -> InvoiceDating {
        let row = try db.query(sequence.lock).first(orNotFound: sequence.name)
        let catchUp = sequence == .invoices
            ? try row.decode(String?.self, "catch_up").flatMap(InvoiceDating.CatchUp.init(rawValue:)) : nil
        return InvoiceDating(
            lastNumberDate: try row.decode(CalendarDate?.self, sequence.lastDateColumn),
            lock: LockDate(try row.decode(CalendarDate?.self, "lock_date")), catchUp: catchUp ?? .occurrenceDate)
    }

    /// Takes the next number for a document dated `date`, which the caller has checked against ``dating()``.
    /// Call inside the issuing transaction only.
    func next(date: CalendarDate) throws -> (sequence: Int64, number: String) {
        let row = try db.query(sequence.next, [date]).first(orNotFound: sequence.name)
        let number = try row.decode(Int64.self, "sequence_number")
        return (number, try Self.pattern(row).format(sequence: number, issueDate: date))
    }

    static func settings(_ row: PostgresRow) throws -> InvoiceNumberingSettings {
        InvoiceNumberingSettings(pattern: try pattern(row), nextSequenceNumber: try row.decode(Int64.self, "next_value"))
    }

    static func pattern(_ row: PostgresRow) throws -> InvoiceNumberPattern {
        do {
            return try InvoiceNumberPattern(
                pattern: try row.decode(String.self, "pattern"), prefix: try row.decode(String.self, "prefix"))
        } catch is FieldViolations {
            throw PostgresError.decoding(DecodingFailure(column: "pattern", reason: .invalidValue(expected: "invoice number pattern")))
        }
    }
}
