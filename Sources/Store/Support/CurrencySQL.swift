import Domain
import Postgres

/// Currencies' minor units in SQL, from ``Currency`` (the one table): for messages that print an amount the way
/// the currency writes it ("259.20 EUR", "1235 JPY"), never the stored scale ("259.2000 EUR").
enum CurrencySQL {
    /// `round(<amount>, <minor units of currency>)`, the table read from two array parameters `$codes`/`$units`
    /// (``parameters``). The arguments are fixed SQL text of this codebase (never input).
    static func rounded(_ amount: String, currency: String, codes: String, units: String) -> String {
        "round(\(amount), coalesce((SELECT m.units FROM unnest(\(codes)::text[], \(units)::int[]) AS m(code, units) "
            + "WHERE m.code = \(currency)), 2))"
    }

    /// The two array parameters ``rounded(_:currency:codes:units:)`` reads: every known code and its minor units.
    static var parameters: [any PostgresEncodable] { [SQLArray(codes), SQLArray(units)] }

    private static let codes = Currency.all.map(\.code)
    private static let units = Currency.all.map(\.minorUnits)
}
