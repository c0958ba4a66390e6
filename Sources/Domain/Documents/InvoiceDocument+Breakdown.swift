extension InvoiceDocument {
    /// One subtotal per tax category and rate, in the order they first appear on `lines`: the sums of the lines'
    /// stored nets and taxes (never recomputed from the rate, EN 16931 BR-CO-17 allows the per-line rounding), and
    /// the first exemption reason its lines carry.
    public static func taxBreakdown(of lines: [DocumentLine]) throws(ExactDecimalError) -> [DocumentTaxSubtotal] {
        var subtotals: [DocumentTaxSubtotal] = []
        for line in lines {
            let rate = line.taxRate ?? .zero
            if let at = subtotals.firstIndex(where: { $0.category == line.taxCategory && $0.rate == rate }) {
                subtotals[at].basis = try subtotals[at].basis.adding(line.net)
                subtotals[at].tax = try subtotals[at].tax.adding(line.tax)
                subtotals[at].exemptionReason = subtotals[at].exemptionReason ?? line.exemptionReason
            } else {
                subtotals.append(
                    DocumentTaxSubtotal(
                        category: line.taxCategory, rate: rate, basis: line.net, tax: line.tax,
                        exemptionReason: line.exemptionReason))
            }
        }
        return subtotals
    }
}

extension DocumentLocale {
    /// "Payable within 30 days" / "Paiement à 30 jours"; on receipt for 0 days.
    public func paymentTerms(days: Int) -> String {
        switch (self, days) {
        case (.en, 0): "Payable on receipt"
        case (.en, 1): "Payable within 1 day"
        case (.en, _): "Payable within \(days) days"
        case (.fr, 0): "Paiement à réception"
        case (.fr, _): "Paiement à \(days) jour\(days > 1 ? "s" : "")"
        }
    }

    /// A credit note's payment terms when it leaves a customer credit (BR-CO-25: an amount due needs terms).
    public var customerCreditTerms: String {
        switch self {
        case .en: "Credited to your account: refunded or set against a later invoice"
        case .fr: "Montant porté à votre crédit, remboursé ou imputé sur une prochaine facture"
        }
    }
}
