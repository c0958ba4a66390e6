/// How to round a value that lies between two representable ones.
public enum RoundingRule: Sendable, Hashable {
    /// To the nearest; ties to the even neighbour (banker's rounding): 0.125 → 0.12, 0.135 → 0.14.
    case halfEven
    /// Drop the extra digits (toward zero).
    case towardZero
}

extension ExactDecimal {
    /// `self + other`, at the larger of the two scales.
    public func adding(_ other: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal {
        let (a, b, scale) = try ExactDecimal.aligned(self, other)
        return try ExactDecimal.checked(a.addingReportingOverflow(b), scale: scale)
    }

    /// `self - other`, at the larger of the two scales.
    public func subtracting(_ other: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal {
        let (a, b, scale) = try ExactDecimal.aligned(self, other)
        return try ExactDecimal.checked(a.subtractingReportingOverflow(b), scale: scale)
    }

    /// `self × other`, exactly, at the sum of the scales (`1.25 × 0.5 = 0.625`).
    public func multiplied(by other: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal {
        let scale = self.scale + other.scale
        guard scale <= ExactDecimal.maxScale else { throw .overflow }
        return try ExactDecimal.checked(significand.multipliedReportingOverflow(by: other.significand), scale: scale)
    }

    /// `self / 10^places`, exactly (a percentage is `rate.shiftedLeft(2)`).
    public func dividedByPowerOfTen(_ places: Int) throws(ExactDecimalError) -> ExactDecimal {
        guard places > 0 else { return self }
        guard scale + places <= ExactDecimal.maxScale else { throw .overflow }
        return ExactDecimal(unchecked: significand, scale: scale + places)
    }

    /// `-self`. Always representable: the significand range is symmetric.
    public var negated: ExactDecimal { ExactDecimal(unchecked: -significand, scale: scale) }

    /// `|self|`.
    public var magnitude: ExactDecimal { isNegative ? negated : self }

    /// The value rounded to `places` decimal places (0…38) and written with exactly that many.
    ///
    /// Negative values round symmetrically (`-0.125` → `-0.12` half-even).
    public func rounded(toPlaces places: Int, _ rule: RoundingRule = .halfEven) -> ExactDecimal {
        let places = min(max(places, 0), ExactDecimal.maxScale)
        if places >= scale {
            // Padding with zeros changes no value; if it would overflow, keep the shorter (equal) form.
            return (try? rescaledUp(by: places - scale)) ?? self
        }
        let divisor = ExactDecimal.powersOfTen[scale - places]
        let (q, remainder) = significand.quotientAndRemainder(dividingBy: divisor)
        var quotient = q
        let rest = remainder.magnitude
        let away: Bool
        switch rule {
        case .towardZero:
            away = false
        case .halfEven:
            // Compare rest with divisor − rest rather than 2 × rest with divisor: no overflow at 10³⁸.
            let other = divisor.magnitude - rest
            away = rest > other || (rest == other && quotient % 2 != 0)
        }
        if away { quotient += significand < 0 ? -1 : 1 }
        return ExactDecimal(unchecked: quotient, scale: places)
    }

    /// Whether the value needs no more than `places` decimal places (`1.50` has at most 1).
    public func hasAtMost(places: Int) -> Bool { significantScale <= places }

    /// The significand at `scale + extra` (the same value with more zeros).
    func rescaledUp(by extra: Int) throws(ExactDecimalError) -> ExactDecimal {
        guard extra > 0 else { return self }
        guard scale + extra <= ExactDecimal.maxScale else { throw .overflow }
        return try ExactDecimal.checked(
            significand.multipliedReportingOverflow(by: ExactDecimal.powersOfTen[extra]), scale: scale + extra)
    }

    /// Both significands at the larger scale.
    static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) throws(ExactDecimalError) -> (Int128, Int128, Int) {
        let scale = max(a.scale, b.scale)
        return (
            try a.rescaledUp(by: scale - a.scale).significand, try b.rescaledUp(by: scale - b.scale).significand, scale
        )
    }

    static func checked(_ result: (partialValue: Int128, overflow: Bool), scale: Int) throws(ExactDecimalError)
        -> ExactDecimal
    {
        guard !result.overflow, result.partialValue.magnitude <= maxSignificand.magnitude else { throw .overflow }
        return ExactDecimal(unchecked: result.partialValue, scale: scale)
    }
}

extension Sequence where Element == ExactDecimal {
    /// The exact sum (``ExactDecimal/zero`` for an empty sequence).
    public func sum() throws(ExactDecimalError) -> ExactDecimal {
        var total = ExactDecimal.zero
        for value in self { total = try total.adding(value) }
        return total
    }
}
