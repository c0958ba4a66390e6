extension ExactDecimal: Comparable, Hashable {
    /// Compares values, not representations: `1.5 == 1.50`.
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) == 0 }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) < 0 }

    /// Hashes the normalized value, so equal values hash alike whatever their scale.
    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.significand)
        hasher.combine(n.scale)
    }

    /// -1, 0 or 1. Never overflows: integer parts are compared first, then the fractions at a common scale
    /// (a fraction is below 10^scale ≤ 10³⁸, which fits in `Int128`).
    static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let aPower = powersOfTen[a.scale]
        let bPower = powersOfTen[b.scale]
        let (aInteger, aFraction) = a.significand.quotientAndRemainder(dividingBy: aPower)
        let (bInteger, bFraction) = b.significand.quotientAndRemainder(dividingBy: bPower)
        if aInteger != bInteger { return aInteger < bInteger ? -1 : 1 }
        let common = max(a.scale, b.scale)
        let left = aFraction * powersOfTen[common - a.scale]
        let right = bFraction * powersOfTen[common - b.scale]
        return left == right ? 0 : (left < right ? -1 : 1)
    }
}
