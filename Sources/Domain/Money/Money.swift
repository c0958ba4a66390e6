/// An exact amount in one ``Currency``.
///
/// Arithmetic refuses to mix currencies; ``rounded()`` rounds half-even to the currency's minor units
/// (2 for EUR, 0 for JPY, 3 for KWD).
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount, exactly as computed (round with ``rounded()`` where a rule says so).
    public let amount: ExactDecimal
    /// The currency.
    public let currency: Currency

    /// `amount` in `currency`.
    public init(_ amount: ExactDecimal, _ currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    /// Zero in `currency`, written with its minor units (`0.00`).
    public static func zero(_ currency: Currency) -> Money {
        Money(ExactDecimal.zero.rounded(toPlaces: currency.minorUnits), currency)
    }

    /// The sum of two amounts in the same currency.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency.code, other.currency.code) }
        do { return Money(try amount.adding(other.amount), currency) } catch { throw .overflow }
    }

    /// The difference of two amounts in the same currency.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency.code, other.currency.code) }
        do { return Money(try amount.subtracting(other.amount), currency) } catch { throw .overflow }
    }

    /// The amount rounded half-even to the currency's minor units, written with exactly that many places.
    public func rounded() -> Money {
        Money(amount.rounded(toPlaces: currency.minorUnits, .halfEven), currency)
    }

    /// Whether the amount needs no more decimal places than the currency's minor unit has.
    public var isInMinorUnits: Bool { amount.hasAtMost(places: currency.minorUnits) }

    /// `12.50 EUR`.
    public var description: String { "\(amount) \(currency.code)" }
}

/// Why a ``Money`` operation failed.
public enum MoneyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The two amounts are in different currencies (their codes).
    case currencyMismatch(String, String)
    /// The result has more than 38 digits.
    case overflow

    public var description: String {
        switch self {
        case .currencyMismatch(let a, let b): "cannot combine amounts in \(a) and \(b)"
        case .overflow: "amount is too large"
        }
    }
}
