/// The ranges the database stores exactly: amounts and quantities are `NUMERIC(18,4)`, rates `NUMERIC(7,4)`.
///
/// Checking them in the domain turns an out-of-range value into a field error instead of a database error.
public enum AmountLimits {
    /// Decimal places of a stored amount, quantity or unit price.
    public static let storedPlaces = 4
    /// Stored amounts are below 10¹⁴ in magnitude (18 digits, 4 after the point).
    public static let storedBound = ExactDecimal(significand: 100_000_000_000_000, scale: 0) ?? .zero

    /// What a value may be.
    public enum Sign: Sendable {
        /// Greater than zero.
        case positive
        /// Zero or more.
        case nonNegative
    }

    /// The problem with `value` at `path`, or `nil`: its sign, at most `places` decimal places, below 10¹⁴.
    public static func violation(
        _ value: ExactDecimal, at path: String, sign: Sign, places: Int = storedPlaces
    ) -> FieldViolation? {
        switch sign {
        case .positive where !value.isPositive:
            return FieldViolation(path: path, code: .outOfRange, message: "must be greater than zero")
        case .nonNegative where value.isNegative:
            return FieldViolation(path: path, code: .outOfRange, message: "must not be negative")
        default: break
        }
        guard value.hasAtMost(places: places) else {
            return FieldViolation(
                path: path, code: .invalidValue, message: "must have at most \(places) decimal places")
        }
        guard value.magnitude < storedBound else {
            return FieldViolation(path: path, code: .outOfRange, message: "must be less than 100000000000000")
        }
        return nil
    }

    /// The problem with a percentage at `path` (0…100, at most 4 decimal places), or `nil`.
    public static func percentViolation(_ value: ExactDecimal, at path: String) -> FieldViolation? {
        guard !value.isNegative, value <= ExactDecimal(100) else {
            return FieldViolation(path: path, code: .outOfRange, message: "must be between 0 and 100")
        }
        guard value.hasAtMost(places: storedPlaces) else {
            return FieldViolation(
                path: path, code: .invalidValue, message: "must have at most \(storedPlaces) decimal places")
        }
        return nil
    }
}
