extension InvoiceDocument {
    /// A complete French-style invoice with `lineCount` lines (two VAT rates, one discounted line), amounts computed
    /// the way ``InvoiceCalculator`` stores them. Used to check a tenant's template when it is saved, and by tests and
    /// benchmarks as a realistic document.
    public static func sample(lineCount: Int = 10, locale: DocumentLocale = .fr, isDraft: Bool = false) -> InvoiceDocument {
        let currency = Currency.eur
        var lines: [DocumentLine] = []
        var subtotals: [DocumentTaxSubtotal] = []
        var lineTotal = ExactDecimal.zero
        var discountTotal = ExactDecimal.zero
        var taxTotal = ExactDecimal.zero
        let names = [
            "Abonnement logiciel — édition « Pro »", "Heures de conseil (déploiement)", "Hébergement mensuel",
            "Formation des équipes", "Maintenance préventive", "Licence utilisateur supplémentaire",
        ]
        for index in 0..<max(1, lineCount) {
            let rate: ExactDecimal = index % 3 == 2 ? ExactDecimal(significand: 55, scale: 1)! : 20
            let quantity = ExactDecimal(index % 4 + 1)
            let unitPrice = ExactDecimal(significand: Int128(12_345 + index * 1_111), scale: 2)!
            let gross = (try? quantity.multiplied(by: unitPrice))?.rounded(toPlaces: 2) ?? .zero
            let discount = index == 1 ? (try? gross.multiplied(by: ExactDecimal(significand: 1, scale: 1)!))?.rounded(toPlaces: 2) ?? .zero : .zero
            let net = (try? gross.subtracting(discount)) ?? gross
            let tax = (try? net.multiplied(by: rate).dividedByPowerOfTen(2))?.rounded(toPlaces: 2) ?? .zero
            lines.append(DocumentLine(
                lineNumber: index + 1, description: names[index % names.count], quantity: quantity,
                unitCode: index % 2 == 1 ? "HUR" : "C62", unitPrice: unitPrice, gross: gross, discountAmount: discount,
                net: net, taxRate: rate, taxCategory: .standard, tax: tax))
            lineTotal = (try? lineTotal.adding(net)) ?? lineTotal
            discountTotal = (try? discountTotal.adding(discount)) ?? discountTotal
            taxTotal = (try? taxTotal.adding(tax)) ?? taxTotal
            if let at = subtotals.firstIndex(where: { $0.rate == rate }) {
                subtotals[at].basis = (try? subtotals[at].basis.adding(net)) ?? subtotals[at].basis
                subtotals[at].tax = (try? subtotals[at].tax.adding(tax)) ?? subtotals[at].tax
            } else {
                subtotals.append(DocumentTaxSubtotal(category: .standard, rate: rate, basis: net, tax: tax))
            }
        }
        let grand = (try? lineTotal.adding(taxTotal)) ?? lineTotal
        let issue = CalendarDate(year: 2026, month: 12, day: 6) ?? .min
        return InvoiceDocument(
            number: isDraft ? nil : "FA-2026-000123", isDraft: isDraft, issueDate: issue,
            dueDate: CalendarDate(year: 2027, month: 1, day: 5),
            servicePeriod: CalendarDate(year: 2026, month: 12, day: 1).flatMap { start in
                CalendarDate(year: 2026, month: 12, day: 31).map { DocumentPeriod(start: start, end: $0) }
            },
            statementReference: "2026-12", buyerReference: "PO-88412", currency: currency, locale: locale,
            seller: DocumentParty(
                name: "Initiative Conseil SARL",
                address: PostalAddress(line1: "12 rue de l’Église", postalCode: "69002", city: "Lyon", country: "FR"),
                vatID: "FR40303265045", registrationID: "303265045", email: "factures@initiative.example"),
            buyer: DocumentParty(
                name: "Société Générale d’Études Cévenoles",
                address: PostalAddress(
                    line1: "4 place Émile Zola", line2: "Bâtiment B", postalCode: "30100", city: "Alès", country: "FR"),
                vatID: "FR61954506077", registrationID: "954506077", email: "compta@sgec.example"),
            lines: lines, taxBreakdown: subtotals,
            totals: DocumentTotals(
                lineTotal: lineTotal, discountTotal: discountTotal, taxTotal: taxTotal, grandTotal: grand, paid: .zero,
                amountDue: grand),
            paymentTerms: locale == .fr ? "Paiement à 30 jours" : "Payable within 30 days",
            payment: DocumentPaymentAccount(
                iban: "FR7630006000011234567890189", bic: "AGRIFRPP", reference: isDraft ? nil : "FA-2026-000123"),
            notes: [],
            legalFooter: locale == .fr
                ? "SARL au capital de 10 000 € — RCS Lyon 303 265 045 — Pénalités de retard : trois fois le taux d’intérêt légal ; indemnité forfaitaire pour frais de recouvrement : 40 €."
                : "Initiative Conseil SARL, share capital €10,000, Lyon trade register 303 265 045.")
    }
}
