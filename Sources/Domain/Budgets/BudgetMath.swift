/// Exact division for budgets: quotients rounded half-even to a number of places.
public enum BudgetMath {
    /// `numerator / denominator` rounded half-even to `places`; `nil` when the denominator is zero or the
    /// intermediate value overflows.
    public static func divide(_ numerator: ExactDecimal, by denominator: ExactDecimal, places: Int) -> ExactDecimal? {
        guard !denominator.isZero, (0...18).contains(places) else { return nil }
        // n/d = (N/D) · 10^(sd − sn); scaled by 10^places: N · 10^(places + sd − sn) / D.
        let exponent = places + denominator.scale - numerator.scale
        var n = numerator.significand
        var d = denominator.significand
        if exponent >= 0 {
            guard exponent <= ExactDecimal.maxScale else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: ExactDecimal.powersOfTen[exponent])
            guard !overflow else { return nil }
            n = product
        } else {
            guard -exponent <= ExactDecimal.maxScale else { return nil }
            let (product, overflow) = d.multipliedReportingOverflow(by: ExactDecimal.powersOfTen[-exponent])
            guard !overflow else { return nil }
            d = product
        }
        return ExactDecimal(significand: roundedQuotient(n, d), scale: places)
    }

    /// `n / d` rounded half-even to an integer (`d` ≠ 0).
    static func roundedQuotient(_ n: Int128, _ d: Int128) -> Int128 {
        let negative = (n < 0) != (d < 0)
        let (q, r) = n.magnitude.quotientAndRemainder(dividingBy: d.magnitude)
        let rest = r, other = d.magnitude - r
        var quotient = q
        if rest > other || (rest == other && q % 2 == 1) { quotient += 1 }
        let value = Int128(quotient)
        return negative ? -value : value
    }

    /// `part / whole × 100`, two places; `nil` when `whole` is zero.
    public static func percent(_ part: ExactDecimal, of whole: ExactDecimal) -> ExactDecimal? {
        guard let scaled = try? part.multiplied(by: 100) else { return nil }
        return divide(scaled, by: whole, places: 2)
    }
}
