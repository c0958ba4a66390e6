import Domain
import Foundation
import Postgres

/// Wire helpers shared by the ledger and invoicing repositories.
///
/// - Note: Dates convert explicitly here rather than through a `CalendarDate: PostgresEncodable` conformance,
///   so that Store's other owners remain free to add that conformance without a clash.
enum LedgerSQL {
    /// A calendar date as a `date` parameter.
    static func date(_ date: CalendarDate) -> PostgresDate {
        // A CalendarDate is always a valid PostgresDate (both are 0001…9999, proleptic Gregorian).
        guard let value = PostgresDate(year: date.year, month: date.month, day: date.day) else {
            preconditionFailure("CalendarDate \(date) is not a PostgreSQL date")
        }
        return value
    }

    /// An optional calendar date as a `date` parameter (NULL for `nil`).
    static func date(_ date: CalendarDate?) -> PostgresDate? { date.map { self.date($0) } }

    /// Reads a non-NULL `date` column.
    static func date(_ row: PostgresRow, _ column: String) throws -> CalendarDate {
        let value = try row.decode(PostgresDate.self, column)
        guard let date = CalendarDate(year: value.year, month: value.month, day: value.day) else {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .invalidValue(expected: "date")))
        }
        return date
    }

    /// Reads a nullable `date` column.
    static func optionalDate(_ row: PostgresRow, _ column: String) throws -> CalendarDate? {
        try row.isNull(column) ? nil : date(row, column)
    }

    /// Reads a currency code column as a known ``Currency``.
    static func currency(_ row: PostgresRow, _ column: String = "currency") throws -> Currency {
        let code = try row.decode(String.self, column)
        guard let currency = Currency(code: code) else {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .invalidValue(expected: "currency")))
        }
        return currency
    }

    /// Reads a text column as a raw-representable enum.
    static func value<T: RawRepresentable>(_ type: T.Type, _ row: PostgresRow, _ column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: try row.decode(String.self, column)) else {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .invalidValue(expected: "\(T.self)")))
        }
        return value
    }

    /// Reads a nullable `discount_kind` / `discount_value` pair (with the given column prefix).
    static func discount(_ row: PostgresRow, prefix: String = "discount") throws -> Discount? {
        guard let kind = try row.decode(String?.self, "\(prefix)_kind"),
            let value = try row.decode(ExactDecimal?.self, "\(prefix)_value")
        else { return nil }
        return Discount(kind: kind, value: value)
    }
}

extension PostgresError {
    /// The constraint a server error names, if any.
    var constraintName: String? { serverError?.constraint }
}

extension PostgresRows {
    /// The first row, or ``LedgerError/notFound(resource:id:)`` when the statement returned none (an UPDATE whose
    /// row was deleted meanwhile, an INSERT … SELECT that selected nothing). Never traps.
    func first(orNotFound resource: String, id: UUID? = nil) throws -> PostgresRow {
        guard let row = first else {
            throw LedgerError.notFound(resource: resource, id: id?.uuidString.lowercased() ?? "")
        }
        return row
    }
}
