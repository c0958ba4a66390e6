/// One requested allocation of a payment to an invoice, with what that invoice still owes.
public struct PaymentAllocationRequest: Hashable, Sendable {
    /// The invoice, as the request names it (for duplicate detection).
    public var invoiceID: String
    /// What the invoice still owes (total − paid).
    public var outstanding: ExactDecimal
    /// How much of the payment goes to it.
    public var amount: ExactDecimal

    public init(invoiceID: String, outstanding: ExactDecimal, amount: ExactDecimal) {
        self.invoiceID = invoiceID
        self.outstanding = outstanding
        self.amount = amount
    }
}

/// The rules for splitting a payment across invoices: every allocation positive and within the invoice's
/// outstanding balance (no overpayment), each invoice once, and the allocations adding up to the payment.
public enum PaymentAllocationCheck {
    /// Reports every broken rule at once.
    ///
    /// - Throws: ``FieldViolations`` at `amount`, `allocations`, `allocations/N/amount`,
    ///   `allocations/N/invoiceId`.
    public static func validate(
        amount: ExactDecimal, allocations: [PaymentAllocationRequest], minorUnits: Int
    ) throws(FieldViolations) {
        var errors = [FieldViolation]()
        if let error = AmountLimits.violation(amount, at: "amount", sign: .positive, places: minorUnits) {
            errors.append(error)
        }
        if allocations.isEmpty {
            errors.append(FieldViolation(path: "allocations", code: .required, message: "must name at least one invoice"))
        }
        var seen = Set<String>()
        var sum = ExactDecimal.zero
        for (index, allocation) in allocations.enumerated() {
            let path = "allocations/\(index)"
            if !seen.insert(allocation.invoiceID).inserted {
                errors.append(
                    FieldViolation(path: "\(path)/invoiceId", code: .conflict, message: "names the same invoice twice"))
            }
            if let error = AmountLimits.violation(allocation.amount, at: "\(path)/amount", sign: .positive, places: minorUnits) {
                errors.append(error)
                continue
            }
            if allocation.amount > allocation.outstanding {
                errors.append(
                    FieldViolation(
                        path: "\(path)/amount", code: .outOfRange,
                        message: "overpays the invoice: exceeds its outstanding balance of \(allocation.outstanding)"))
            }
            sum = (try? sum.adding(allocation.amount)) ?? sum
        }
        if errors.isEmpty, sum != amount {
            errors.append(
                FieldViolation(
                    path: "amount", code: .conflict,
                    message: "must equal the sum of the allocations (\(sum.rounded(toPlaces: minorUnits)))"))
        }
        guard errors.isEmpty else { throw FieldViolations(errors) }
    }
}
