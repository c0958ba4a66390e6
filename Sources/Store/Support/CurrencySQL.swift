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

    /// The two array parameters ``rounded(_:currency:codes:units:)`` reads: the codes whose minor units are not 2
    /// (about 30 of 180; 2 is the default) and their minor units. Sent with every reminder run and budget check,
    /// so kept short.
    static var parameters: [any PostgresEncodable] { [SQLArray(exceptions.map(\.code)), SQLArray(exceptions.map(\.minorUnits))] }

    private static let exceptions = Currency.all.filter { $0.minorUnits != 2 }
}
