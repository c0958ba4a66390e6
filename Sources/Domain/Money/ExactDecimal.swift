/// An exact decimal number: an integer ``significand`` scaled by 10^-``scale`` (`123.4500` is 1234500 × 10⁻⁴).
///
/// Money in Recur is this type, never `Double`. Values keep the scale they were written with (`"1.50"` prints as
/// `1.50`) but compare and hash by value (`1.5 == 1.50`). Up to 38 significant digits and 38 decimal places;
/// arithmetic that would leave that range throws ``ExactDecimalError/overflow`` instead of losing digits.
public struct ExactDecimal: Sendable {
    /// The digits as an integer; `|significand| ≤ ``maxSignificand``.
    public let significand: Int128
    /// The number of digits after the decimal point (0…``maxScale``).
    public let scale: Int

    /// The largest number of decimal places.
    public static let maxScale = 38
    /// The largest magnitude of a significand: 38 nines.
    public static let maxSignificand: Int128 = powersOfTen[38] - 1

    /// `significand × 10^-scale`, or `nil` when either is out of range.
    public init?(significand: Int128, scale: Int) {
        guard (0...ExactDecimal.maxScale).contains(scale), significand.magnitude <= ExactDecimal.maxSignificand.magnitude
        else { return nil }
        self.significand = significand
        self.scale = scale
    }

    /// An integer value.
    public init(_ integer: Int) {
        significand = Int128(integer)
        scale = 0
    }

    init(unchecked significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    /// Zero, with no decimal places.
    public static let zero = ExactDecimal(unchecked: 0, scale: 0)

    /// Whether the value is zero.
    public var isZero: Bool { significand == 0 }
    /// Whether the value is below zero.
    public var isNegative: Bool { significand < 0 }
    /// Whether the value is above zero.
    public var isPositive: Bool { significand > 0 }

    /// The number of decimal places actually needed (`1.500` → 1, `2.000` → 0).
    public var significantScale: Int { normalized.scale }

    /// The same value with trailing fractional zeros removed (`1.500` → `1.5`).
    public var normalized: ExactDecimal {
        var value = significand
        var scale = self.scale
        while scale > 0, value % 10 == 0 {
            value /= 10
            scale -= 1
        }
        return ExactDecimal(unchecked: value, scale: scale)
    }

    /// 10⁰ … 10³⁸, all of which fit in `Int128` (its maximum is about 1.7 × 10³⁸).
    static let powersOfTen: [Int128] = {
        var powers: [Int128] = [1]
        for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
}

extension ExactDecimal: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
