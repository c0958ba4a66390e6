/// The invoice arithmetic, pure: line totals, discounts, tax and totals, rounded half-even to the currency.
///
/// Per line: `gross = round(quantity × unitPrice)`, `lineDiscount = round(gross × percent / 100)` or the given
/// amount, then the invoice-level discount (a percentage of, or an amount off, Σ (gross − lineDiscount)) is
/// split across lines in proportion to what remains, in whole minor units, so that the income credited per line
/// adds up exactly; `tax = round(net × rate / 100)` on each line's final net. Every rounding is half-even to
/// `minorUnits` places.
///
/// With tax-inclusive prices (`pricesIncludeTax`) the same steps run on amounts that include tax, and each line's
/// tax is taken out of what remains: `tax = round(amount × rate / (100 + rate))`, `net = amount − tax`; the stored
/// gross and discount are then stated without tax (`gross = max(net, round(inclusive gross × 100 / (100 + rate)))`,
/// discount = gross − net, of which the line's own `round(line discount × 100 / (100 + rate))` at most), so
/// `net = gross − discount` and `total = subtotal − discount + tax = Σ inclusive amounts` still hold exactly.
public enum InvoiceCalculator {
    /// Computes every amount, or reports every invalid field at once.
    ///
    /// - Parameters:
    ///   - lines: at least one.
    ///   - discount: the invoice-level discount, if any.
    ///   - minorUnits: the currency's decimal places (2 for EUR, 0 for JPY, 3 for KWD).
    /// - Throws: ``FieldViolations`` with paths `lines`, `lines/N/quantity`, `lines/N/unitPrice`,
    ///   `lines/N/discount/value`, `lines/N/taxRate`, `discount/value`.
    public static func calculate(
        lines: [InvoiceLineInput], discount: Discount?, minorUnits: Int, pricesIncludeTax: Bool = false
    ) throws(FieldViolations) -> InvoiceAmounts {
        var errors = [FieldViolation]()
        if lines.isEmpty { errors.append(FieldViolation(path: "lines", code: .required, message: "must have at least one line")) }
        var partial = [(gross: ExactDecimal, lineDiscount: ExactDecimal)]()
        for (index, line) in lines.enumerated() {
            let path = "lines/\(index)"
            var lineErrors = [FieldViolation]()
            lineErrors += [AmountLimits.violation(line.quantity, at: "\(path)/quantity", sign: .positive)].compactMap { $0 }
            lineErrors += [AmountLimits.violation(line.unitPrice, at: "\(path)/unitPrice", sign: .nonNegative)].compactMap { $0 }
            if let rate = line.taxRate, let error = AmountLimits.percentViolation(rate, at: "\(path)/taxRate") {
                lineErrors.append(error)
            }
            if !lineErrors.isEmpty {
                errors += lineErrors
                partial.append((.zero, .zero))
                continue
            }
            do {
                let gross = try line.quantity.multiplied(by: line.unitPrice).rounded(toPlaces: minorUnits)
                if let error = AmountLimits.violation(gross, at: "\(path)/unitPrice", sign: .nonNegative) {
                    errors.append(FieldViolation(path: path, code: .outOfRange, message: "line total \(error.message)"))
                    partial.append((.zero, .zero))
                    continue
                }
                let lineDiscount = try discountAmount(
                    line.discount, of: gross, minorUnits: minorUnits, path: "\(path)/discount/value", errors: &errors)
                partial.append((gross, lineDiscount))
            } catch {
                errors.append(FieldViolation(path: path, code: .outOfRange, message: "line total is too large"))
                partial.append((.zero, .zero))
            }
        }
        guard errors.isEmpty else { throw FieldViolations(errors) }
        do {
            let afterLineDiscounts = try partial.map { (p) throws(ExactDecimalError) in try p.gross.subtracting(p.lineDiscount) }
            let base = try afterLineDiscounts.sum()
            let invoiceDiscount = try discountAmount(
                discount, of: base, minorUnits: minorUnits, path: "discount/value", errors: &errors)
            guard errors.isEmpty else { throw FieldViolations(errors) }
            let shares = try ProportionalSplit.split(
                invoiceDiscount, weights: afterLineDiscounts.map { $0.rounded(toPlaces: minorUnits) }, places: minorUnits)
            var amounts = [InvoiceLineAmounts]()
            for (index, line) in lines.enumerated() {
                let remaining = try afterLineDiscounts[index].subtracting(shares[index]).rounded(toPlaces: minorUnits)
                if pricesIncludeTax {
                    amounts.append(
                        try inclusiveLine(
                            gross: partial[index].gross, lineDiscount: partial[index].lineDiscount,
                            amount: remaining, rate: line.taxRate, minorUnits: minorUnits))
                    continue
                }
                let tax = try line.taxRate.map { (rate) throws(ExactDecimalError) in
                    try remaining.multiplied(by: rate).dividedByPowerOfTen(2).rounded(toPlaces: minorUnits)
                } ?? ExactDecimal.zero.rounded(toPlaces: minorUnits)
                amounts.append(
                    InvoiceLineAmounts(
                        gross: partial[index].gross, lineDiscount: partial[index].lineDiscount,
                        allocatedDiscount: shares[index], net: remaining, tax: tax))
            }
            // Inclusive prices: the invoice discount as stored is the lines' shares restated without tax.
            let discountOff = pricesIncludeTax ? try amounts.map(\.allocatedDiscount).sum() : invoiceDiscount
            let subtotal = try amounts.map(\.gross).sum().rounded(toPlaces: minorUnits)
            let discountTotal = try amounts.map(\.lineDiscount).sum().adding(discountOff).rounded(toPlaces: minorUnits)
            let taxTotal = try amounts.map(\.tax).sum().rounded(toPlaces: minorUnits)
            let total = try subtotal.subtracting(discountTotal).adding(taxTotal).rounded(toPlaces: minorUnits)
            if let error = AmountLimits.violation(total, at: "", sign: .nonNegative) {
                throw FieldViolations([FieldViolation(path: "lines", code: .outOfRange, message: "invoice total \(error.message)")])
            }
            return InvoiceAmounts(
                lines: amounts, subtotal: subtotal, discountTotal: discountTotal, taxTotal: taxTotal, total: total)
        } catch let violations as FieldViolations {
            throw violations
        } catch {
            throw FieldViolations([FieldViolation(path: "lines", code: .outOfRange, message: "invoice total is too large")])
        }
    }

    /// A line priced with tax included: `amount` (what the line costs after discounts, tax included) split into
    /// net and tax, and its gross and discounts restated without tax (see the type's documentation).
    static func inclusiveLine(
        gross inclusiveGross: ExactDecimal, lineDiscount inclusiveLineDiscount: ExactDecimal, amount: ExactDecimal,
        rate: ExactDecimal?, minorUnits: Int
    ) throws(ExactDecimalError) -> InvoiceLineAmounts {
        let zero = ExactDecimal.zero.rounded(toPlaces: minorUnits)
        let rate = rate ?? .zero
        let whole = try ExactDecimal(100).adding(rate)
        let tax = CreditNoteCalculator.proportion(amount, rate, of: whole, places: minorUnits)
        let net = try amount.subtracting(tax).rounded(toPlaces: minorUnits)
        guard amount != inclusiveGross else {
            return InvoiceLineAmounts(gross: net, lineDiscount: zero, allocatedDiscount: zero, net: net, tax: tax)
        }
        let gross = max(net, CreditNoteCalculator.proportion(inclusiveGross, 100, of: whole, places: minorUnits))
        let discount = try gross.subtracting(net).rounded(toPlaces: minorUnits)
        let lineDiscount = min(
            discount, CreditNoteCalculator.proportion(inclusiveLineDiscount, 100, of: whole, places: minorUnits))
        return InvoiceLineAmounts(
            gross: gross, lineDiscount: lineDiscount,
            allocatedDiscount: try discount.subtracting(lineDiscount).rounded(toPlaces: minorUnits), net: net, tax: tax)
    }

    /// The rounded discount on `base`, or zero; records a violation at `path` when it is invalid.
    static func discountAmount(
        _ discount: Discount?, of base: ExactDecimal, minorUnits: Int, path: String, errors: inout [FieldViolation]
    ) throws(ExactDecimalError) -> ExactDecimal {
        let zero = ExactDecimal.zero.rounded(toPlaces: minorUnits)
        switch discount {
        case nil:
            return zero
        case .percent(let percent):
            if let error = AmountLimits.percentViolation(percent, at: path) {
                errors.append(error)
                return zero
            }
            return try base.multiplied(by: percent).dividedByPowerOfTen(2).rounded(toPlaces: minorUnits)
        case .amount(let amount):
            if let error = AmountLimits.violation(amount, at: path, sign: .nonNegative, places: minorUnits) {
                errors.append(error)
                return zero
            }
            guard amount <= base else {
                errors.append(
                    FieldViolation(
                        path: path, code: .outOfRange, message: "must not exceed the amount it discounts (\(base))"))
                return zero
            }
            return amount.rounded(toPlaces: minorUnits)
        }
    }
}
