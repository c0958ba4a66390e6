/// Why text is not an ``ExactDecimal``, or why arithmetic could not produce one. Offsets count bytes from 0.
public enum ExactDecimalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is empty.
    case empty
    /// A byte that cannot appear there: letters (`NaN`, `Infinity`), spaces, `+`, a second `.`, ….
    case invalidCharacter(offset: Int)
    /// `e`/`E` exponent notation, which money never uses.
    case exponentNotAllowed(offset: Int)
    /// A sign or point without digits on both sides where needed (`-`, `1.`, `.5`).
    case missingDigits
    /// More than 38 significant digits or decimal places.
    case tooManyDigits
    /// An arithmetic result outside 38 digits.
    case overflow

    public var description: String {
        switch self {
        case .empty: "is empty; expected a decimal number such as \"12.50\""
        case .invalidCharacter(let offset):
            "has an invalid character at position \(offset); expected digits with an optional leading - and one ."
        case .exponentNotAllowed(let offset): "uses an exponent at position \(offset); write the digits out"
        case .missingDigits: "needs digits before and after the decimal point, as in \"0.50\""
        case .tooManyDigits: "has more than 38 digits"
        case .overflow: "is too large"
        }
    }
}
