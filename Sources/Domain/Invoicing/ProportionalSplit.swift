/// Splits an amount across parts in proportion to weights, in whole minor units, so that the shares add up to
/// the amount exactly (largest-remainder method; ties go to the earlier part).
public enum ProportionalSplit {
    /// Shares of `total` proportional to `weights`, each with `places` decimal places.
    ///
    /// `total` and the weights must have at most `places` decimal places and must not be negative. When every
    /// weight is zero, every share is zero (and `total` should be too).
    public static func split(
        _ total: ExactDecimal, weights: [ExactDecimal], places: Int
    ) throws(ExactDecimalError) -> [ExactDecimal] {
        let units = try minorUnits(total, places)
        let weightUnits = try weights.map { (w) throws(ExactDecimalError) in try minorUnits(w, places) }
        var weightSum: Int128 = 0
        for w in weightUnits {
            let (sum, overflow) = weightSum.addingReportingOverflow(w)
            guard !overflow else { throw .overflow }
            weightSum = sum
        }
        guard weightSum > 0 else { return weights.map { _ in ExactDecimal(unchecked: 0, scale: places) } }
        var shares = [Int128]()
        var remainders = [(remainder: Int128, index: Int)]()
        var allotted: Int128 = 0
        for (index, w) in weightUnits.enumerated() {
            let (product, overflow) = units.multipliedReportingOverflow(by: w)
            guard !overflow else { throw .overflow }
            let (share, remainder) = product.quotientAndRemainder(dividingBy: weightSum)
            shares.append(share)
            remainders.append((remainder, index))
            allotted += share
        }
        // At most (parts − 1) units are left over; they go to the largest remainders.
        let leftover = Int(units - allotted)
        let order = remainders.sorted { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for position in 0..<max(0, leftover) { shares[order[position].index] += 1 }
        return shares.map { ExactDecimal(unchecked: $0, scale: places) }
    }

    /// `value × 10^places` as an integer; `value` must have at most `places` places.
    private static func minorUnits(_ value: ExactDecimal, _ places: Int) throws(ExactDecimalError) -> Int128 {
        let rounded = value.rounded(toPlaces: places, .towardZero)
        guard rounded == value, rounded.scale == places else { throw .tooManyDigits }
        return rounded.significand
    }
}
