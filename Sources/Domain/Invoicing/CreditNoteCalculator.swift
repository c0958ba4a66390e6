/// Computes what a credit note credits of each invoice line, exactly, in the currency's minor units.
///
/// - Full: what is left of every line (net and tax).
/// - By amount (including tax): the amount is split over the lines in proportion to what is left of each (net + tax),
///   in whole minor units by largest remainder (``ProportionalSplit``); each line's share is split into tax =
///   round-half-even(share × left tax ÷ left net + tax) and net = share − tax. Crediting what is left gives back
///   exactly the net and tax left, so a series of partial credits ends exactly at the invoice's amounts.
/// - By line quantity: net = round-half-even(line net × q ÷ line quantity), tax likewise; the quantity that
///   completes the line takes exactly what is left of it.
/// - By line amount (including tax): as by amount, on that line alone.
public enum CreditNoteCalculator {
    /// The credit note for `request` on `lines`.
    /// - Throws: ``FieldViolations`` at `amount`, `lines`, `lines/N/lineNo`, `lines/N/quantity`, `lines/N/amount`.
    public static func compute(
        _ request: CreditRequest, lines: [CreditableLine], minorUnits places: Int
    ) throws(FieldViolations) -> CreditNoteAmounts {
        var result = [CreditedLine]()
        switch request {
        case .full:
            result = lines.compactMap { line in
                let (net, tax) = left(line)
                return credited(line, net: net, tax: tax)
            }
            if result.isEmpty {
                throw FieldViolations([FieldViolation(path: "", code: .conflict, message: "the invoice is already fully credited")])
            }
        case .amount(let amount):
            if let error = AmountLimits.violation(amount, at: "amount", sign: .positive, places: places) {
                throw FieldViolations([error])
            }
            let lefts = lines.map(left)
            let available = sum(lefts.map { sum([$0.net, $0.tax]) })
            guard amount <= available else {
                throw FieldViolations([overCredit("amount", available)])
            }
            let shares = (try? ProportionalSplit.split(amount, weights: lefts.map { sum([$0.net, $0.tax]) }, places: places)) ?? []
            for (index, line) in lines.enumerated() where index < shares.count && shares[index].isPositive {
                let (net, tax) = splitShare(shares[index], left: lefts[index], places: places)
                if let line = credited(line, net: net, tax: tax) { result.append(line) }
            }
        case .lines(let requests):
            result = try creditLines(requests, lines: lines, places: places)
        }
        let netTotal = sum(result.map(\.net))
        let taxTotal = sum(result.map(\.tax))
        return CreditNoteAmounts(lines: result, netTotal: netTotal, taxTotal: taxTotal, total: sum([netTotal, taxTotal]))
    }

    private static func creditLines(
        _ requests: [CreditLineRequest], lines: [CreditableLine], places: Int
    ) throws(FieldViolations) -> [CreditedLine] {
        var errors = [FieldViolation]()
        var result = [CreditedLine]()
        if requests.isEmpty {
            errors.append(FieldViolation(path: "lines", code: .required, message: "must name at least one invoice line"))
        }
        var seen = Set<Int>()
        for (index, request) in requests.enumerated() {
            let path = "lines/\(index)"
            guard let line = lines.first(where: { $0.lineNumber == request.lineNumber }) else {
                errors.append(FieldViolation(path: "\(path)/lineNo", code: .invalidValue, message: "names no line of the invoice"))
                continue
            }
            guard seen.insert(request.lineNumber).inserted else {
                errors.append(FieldViolation(path: "\(path)/lineNo", code: .conflict, message: "names the same invoice line twice"))
                continue
            }
            let (leftNet, leftTax) = left(line)
            var net = ExactDecimal.zero
            var tax = ExactDecimal.zero
            switch (request.quantity, request.amount) {
            case (let quantity?, nil):
                if let error = AmountLimits.violation(quantity, at: "\(path)/quantity", sign: .positive) {
                    errors.append(error)
                    continue
                }
                let leftQuantity = difference(line.quantity, line.creditedQuantity)
                guard quantity <= leftQuantity else {
                    errors.append(
                        FieldViolation(
                            path: "\(path)/quantity", code: .outOfRange,
                            message: "exceeds the quantity left to credit on the line (\(leftQuantity.normalized))"))
                    continue
                }
                if quantity == leftQuantity {
                    (net, tax) = (leftNet, leftTax)
                } else {
                    net = proportion(line.net, quantity, of: line.quantity, places: places)
                    tax = proportion(line.tax, quantity, of: line.quantity, places: places)
                }
                guard net <= leftNet, tax <= leftTax, sum([net, tax]).isPositive else {
                    errors.append(overCredit("\(path)/quantity", sum([leftNet, leftTax])))
                    continue
                }
            case (nil, let amount?):
                if let error = AmountLimits.violation(amount, at: "\(path)/amount", sign: .positive, places: places) {
                    errors.append(error)
                    continue
                }
                let available = sum([leftNet, leftTax])
                guard amount <= available else {
                    errors.append(overCredit("\(path)/amount", available))
                    continue
                }
                (net, tax) = splitShare(amount, left: (leftNet, leftTax), places: places)
            default:
                errors.append(
                    FieldViolation(path: "\(path)/quantity", code: .conflict, message: "give either quantity or amount, not both or neither"))
                continue
            }
            if let credited = credited(line, net: net, tax: tax, quantity: request.quantity) { result.append(credited) }
        }
        guard errors.isEmpty else { throw FieldViolations(errors) }
        return result
    }

    /// The refusal of crediting more than is left.
    static func overCredit(_ path: String, _ available: ExactDecimal) -> FieldViolation {
        FieldViolation(
            path: path, code: .outOfRange,
            message: "exceeds what is left to credit of the invoice: \(available.normalized) (total less earlier credit notes)")
    }

    private static func left(_ line: CreditableLine) -> (net: ExactDecimal, tax: ExactDecimal) {
        (difference(line.net, line.creditedNet), difference(line.tax, line.creditedTax))
    }

    private static func credited(
        _ line: CreditableLine, net: ExactDecimal, tax: ExactDecimal, quantity: ExactDecimal? = nil
    ) -> CreditedLine? {
        guard sum([net, tax]).isPositive else { return nil }
        return CreditedLine(
            invoiceLineNumber: line.lineNumber, description: line.description, quantity: quantity, taxRate: line.taxRate,
            incomeAccount: line.incomeAccount, net: net, tax: tax)
    }

    /// A share including tax split into net and tax in proportion to what is left of the line.
    private static func splitShare(
        _ share: ExactDecimal, left: (net: ExactDecimal, tax: ExactDecimal), places: Int
    ) -> (net: ExactDecimal, tax: ExactDecimal) {
        let tax = proportion(share, left.tax, of: sum([left.net, left.tax]), places: places)
        return (difference(share, tax), tax)
    }

    /// round-half-even(`value` × `part` ÷ `whole`) to `places`; zero when `whole` is zero. Values are not negative.
    static func proportion(_ value: ExactDecimal, _ part: ExactDecimal, of whole: ExactDecimal, places: Int) -> ExactDecimal {
        let scale = max(part.scale, whole.scale, value.scale)
        guard let p = units(part, scale), let w = units(whole, scale), let v = units(value, places), w > 0 else {
            return ExactDecimal(unchecked: 0, scale: places)
        }
        let (product, overflow) = v.multipliedReportingOverflow(by: p)
        guard !overflow else { return ExactDecimal(unchecked: 0, scale: places) }
        var (quotient, remainder) = product.quotientAndRemainder(dividingBy: w)
        if remainder * 2 > w || (remainder * 2 == w && quotient % 2 != 0) { quotient += 1 }
        return ExactDecimal(unchecked: quotient, scale: places)
    }

    private static func units(_ value: ExactDecimal, _ scale: Int) -> Int128? {
        let rounded = value.rounded(toPlaces: scale, .towardZero)
        return rounded.scale == scale ? rounded.significand : nil
    }

    private static func sum(_ values: [ExactDecimal]) -> ExactDecimal {
        values.reduce(ExactDecimal.zero) { (try? $0.adding($1)) ?? $0 }
    }

    private static func difference(_ a: ExactDecimal, _ b: ExactDecimal) -> ExactDecimal {
        (try? a.subtracting(b)) ?? a
    }
}
