import Domain
import Foundation
import Postgres

/// The tenant's invoice-number settings.
public struct InvoiceNumberingSettings: Sendable, Hashable {
    public let pattern: InvoiceNumberPattern
    /// The sequence number the next issued invoice gets.
    public let nextSequenceNumber: Int64
}

/// The tenant's one invoice-number sequence, shared by manual and generated invoices.
///
/// Numbers are taken with `UPDATE invoice_numbering … RETURNING` inside the issuing transaction: the row lock
/// serialises issuers until commit, so numbers are strictly increasing in commit order, and a rollback gives the
/// number back with everything else (gapless, which a PostgreSQL sequence is not).
public struct InvoiceNumbering {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// The current pattern, prefix and next number.
    public func settings() throws -> InvoiceNumberingSettings {
        try Self.settings(db.query(InvoiceStatements.numbering).first(orNotFound: "invoice numbering"))
    }

    /// Changes the pattern and prefix (numbers already issued keep their text).
    /// - Throws: ``LedgerError/validation(_:)`` at `pattern` or `prefix`.
    public func update(pattern: String, prefix: String) throws -> InvoiceNumberingSettings {
        do {
            _ = try InvoiceNumberPattern(pattern: pattern, prefix: prefix)
        } catch {
            throw LedgerError.validation(error)
        }
        return try Self.settings(db.query(InvoiceStatements.updateNumbering, [prefix, pattern]).first(orNotFound: "invoice numbering"))
    }

    /// Locks the counter row (held to COMMIT, as taking a number does) and the lock date, and returns what the
    /// next invoice may be dated: no other issuer can take a number, nor the lock date move, until this
    /// transaction ends. Call inside the issuing transaction only, just before ``next(issueDate:)``.
    func dating() throws -> InvoiceDating {
        let row = try db.query(InvoiceStatements.lockNumbering).first(orNotFound: "invoice numbering")
        return InvoiceDating(
            lastNumberDate: try row.decode(CalendarDate?.self, "last_invoice_date"),
            lock: LockDate(try row.decode(CalendarDate?.self, "lock_date")),
            catchUp: try row.decode(String?.self, "catch_up").flatMap(InvoiceDating.CatchUp.init(rawValue:)) ?? .occurrenceDate)
    }

    /// Takes the next number for an invoice issued on `issueDate`, which the caller has checked against
    /// ``dating()``. Call inside the issuing transaction only.
    func next(issueDate: CalendarDate) throws -> (sequence: Int64, number: String) {
        let row = try db.query(InvoiceStatements.nextNumber, [issueDate]).first(orNotFound: "invoice numbering")
        let sequence = try row.decode(Int64.self, "sequence_number")
        let pattern = try Self.pattern(row)
        return (sequence, pattern.format(sequence: sequence, issueDate: issueDate))
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
