/// A reduction of a line or of a whole invoice: a percentage of it, or a fixed amount.
public enum Discount: Hashable, Sendable {
    /// A percentage, 0…100 (`10` is ten percent); the discount is rounded half-even to the currency.
    case percent(ExactDecimal)
    /// A fixed amount in the document's currency, at most its minor units.
    case amount(ExactDecimal)

    /// `percent` or `amount`, as stored and sent in JSON.
    public var kind: String {
        switch self {
        case .percent: "percent"
        case .amount: "amount"
        }
    }

    /// The percentage or the amount.
    public var value: ExactDecimal {
        switch self {
        case .percent(let value), .amount(let value): value
        }
    }

    /// The discount named by `kind` (`percent` or `amount`), else `nil`.
    public init?(kind: String, value: ExactDecimal) {
        switch kind {
        case "percent": self = .percent(value)
        case "amount": self = .amount(value)
        default: return nil
        }
    }
}
