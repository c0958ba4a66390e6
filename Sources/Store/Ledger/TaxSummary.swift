import Domain
import Foundation
import Postgres

/// The tax summary of a period in one currency (docs/invoicing.md, "Tax summary"): per tax code, and per rate for
/// lines without a code, the sales taxable base and tax and the purchases base and input tax. Amounts are exact sums
/// of the stored (minor-unit) amounts.
public struct TaxSummary: Sendable, Hashable {
    /// A code's row (`taxCode` set) or the row of one rate of lines without a code.
    public struct Row: Sendable, Hashable {
        public let taxCodeID: UUID?
        public let code: String?
        public let name: String?
        public let category: TaxCodeCategory?
        public let rate: ExactDecimal
        public let salesBase: ExactDecimal
        public let salesTax: ExactDecimal
        public let purchasesBase: ExactDecimal
        public let purchasesTax: ExactDecimal
        /// Sales tax less input tax: what is due for the row (negative: to reclaim).
        public let netTax: ExactDecimal
    }

    public let from: CalendarDate
    public let to: CalendarDate
    public let currency: Currency
    public let rows: [Row]
    /// The sums of the rows (no code, rate 0), summed by the database with them.
    public let totals: Row
}

/// Reads the tax summary of the tenant the connection is bound to.
public struct TaxSummaryRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// The summary of `from`…`to` (both included) for documents in `currency`.
    /// - Throws: ``LedgerError/validation(_:)`` at `to` when it is before `from` or 10 years or more after it.
    public func summary(from: CalendarDate, to: CalendarDate, currency: Currency) throws -> TaxSummary {
        try LedgerError.check(Self.violations(from: from, to: to))
        var rows = [TaxSummary.Row](), totals: TaxSummary.Row?
        for row in try db.query(TaxSummaryStatements.summary, [LedgerSQL.date(from), LedgerSQL.date(to), currency.code]) {
            if try row.decode(Bool.self, "is_total") { totals = try Self.row(row) } else { rows.append(try Self.row(row)) }
        }
        guard let totals else {
            throw PostgresError.decoding(DecodingFailure(column: "is_total", reason: .invalidValue(expected: "a totals row")))
        }
        return TaxSummary(from: from, to: to, currency: currency, rows: rows, totals: totals)
    }

    /// What is wrong with the period, at `to` (the bounds of every report, ``ReportPeriod``).
    public static func violations(from: CalendarDate, to: CalendarDate) -> [FieldViolation] {
        ReportPeriod.violations(from: from, to: to)
    }

    static func row(_ row: PostgresRow) throws -> TaxSummary.Row {
        let category = try row.decode(String?.self, "category")
        return TaxSummary.Row(
            taxCodeID: try row.decode(UUID?.self, "tax_code_id"), code: try row.decode(String?.self, "code"),
            name: try row.decode(String?.self, "name"),
            category: try category.map { value in
                guard let category = TaxCodeCategory(rawValue: value) else {
                    throw PostgresError.decoding(DecodingFailure(column: "category", reason: .invalidValue(expected: "TaxCodeCategory")))
                }
                return category
            },
            rate: try row.decode(ExactDecimal.self, "rate"), salesBase: try row.decode(ExactDecimal.self, "sales_base"),
            salesTax: try row.decode(ExactDecimal.self, "sales_tax"),
            purchasesBase: try row.decode(ExactDecimal.self, "purchases_base"),
            purchasesTax: try row.decode(ExactDecimal.self, "purchases_tax"), netTax: try row.decode(ExactDecimal.self, "net_tax"))
    }
}
