import Domain

/// Documents beyond `InvoiceDocument.sample`: other currencies, categories, credit notes.
enum DocumentFixtures {
    static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day) ?? .min
    }

    static func dec(_ text: String) -> ExactDecimal { ExactDecimal(text) ?? .zero }

    /// The sample in English and US dollars, partly paid (TotalPrepaidAmount), with a 1.5-hour line.
    static func usdInvoice() -> InvoiceDocument {
        var document = InvoiceDocument.sample(lineCount: 4, locale: .en)
        document.currency = .usd
        document.number = "INV-2026-0042"
        document.lines[0].quantity = dec("1.5")
        document.lines[0].unitCode = "HUR"
        document.lines[0].unitPrice = dec("82.30")
        document.lines[0].gross = dec("123.45")
        document.totals.paid = dec("100.00")
        document.totals.amountDue = (try? document.totals.grandTotal.subtracting(dec("100.00"))) ?? .zero
        document.payment?.reference = "INV-2026-0042"
        return document
    }

    /// A credit note of lines in Z, E, AE and K (rate 0, no tax), crediting an earlier invoice.
    static func creditNoteMix() -> InvoiceDocument {
        var document = InvoiceDocument.sample(lineCount: 1)
        document.kind = .creditNote
        document.number = "AV-2026-000007"
        document.precedingInvoice = DocumentReference(number: "FA-2026-000042", issueDate: date(2026, 11, 6))
        let rows: [(String, TaxCategory, String, String?)] = [
            ("Livres (taux zéro)", .zeroRated, "100.00", nil),
            ("Formation professionnelle continue", .exempt, "250.00", "Exonération de TVA, article 261-4-4° du CGI"),
            ("Prestation B2B — autoliquidation", .reverseCharge, "80.50", "Autoliquidation, article 283-2 du CGI"),
            ("Livraison intracommunautaire", .intraCommunity, "19.99", "Exonération, article 262 ter I du CGI"),
        ]
        document.lines = rows.enumerated().map { index, row in
            DocumentLine(
                lineNumber: index + 1, description: row.0, quantity: 1, unitPrice: dec(row.2), gross: dec(row.2),
                discountAmount: .zero, net: dec(row.2), taxRate: nil, taxCategory: row.1, tax: .zero)
        }
        document.taxBreakdown = rows.map {
            DocumentTaxSubtotal(category: $0.1, rate: .zero, basis: dec($0.2), tax: .zero, exemptionReason: $0.3)
        }
        let total = dec("450.49")
        document.totals = DocumentTotals(
            lineTotal: total, discountTotal: .zero, taxTotal: .zero, grandTotal: total, paid: .zero, amountDue: total)
        document.payment?.reference = "AV-2026-000007"
        return document
    }

    /// The sample with a commercial credit line: a negative unit price (written as a positive price and a negative
    /// quantity, BR-27), its negative net and tax in the 20 % subtotal.
    static func invoiceWithCreditLine() -> InvoiceDocument {
        var document = InvoiceDocument.sample(lineCount: 3)
        document.lines.append(DocumentLine(
            lineNumber: 4, description: "Geste commercial", quantity: 1, unitPrice: dec("-50.00"), gross: dec("-50.00"),
            discountAmount: .zero, net: dec("-50.00"), taxRate: 20, taxCategory: .standard, tax: dec("-10.00")))
        if let at = document.taxBreakdown.firstIndex(where: { $0.rate == 20 }) {
            document.taxBreakdown[at].basis = (try? document.taxBreakdown[at].basis.subtracting(dec("50.00"))) ?? .zero
            document.taxBreakdown[at].tax = (try? document.taxBreakdown[at].tax.subtracting(dec("10.00"))) ?? .zero
        }
        var totals = document.totals
        totals.lineTotal = (try? totals.lineTotal.subtracting(dec("50.00"))) ?? .zero
        totals.taxTotal = (try? totals.taxTotal.subtracting(dec("10.00"))) ?? .zero
        totals.grandTotal = (try? totals.lineTotal.adding(totals.taxTotal)) ?? .zero
        totals.amountDue = totals.grandTotal
        document.totals = totals
        return document
    }

    /// An invoice of lines not subject to VAT (O): no rate, an exemption reason, no VAT identifiers sent (BR-O-02).
    static func outOfScopeInvoice() -> InvoiceDocument {
        var document = InvoiceDocument.sample(lineCount: 1)
        document.number = "FA-2026-000124"
        document.lines = [DocumentLine(
            lineNumber: 1, description: "Débours (frais de greffe)", quantity: 2, unitPrice: dec("39.42"),
            gross: dec("78.84"), discountAmount: .zero, net: dec("78.84"), taxRate: nil, taxCategory: .outOfScope,
            tax: .zero)]
        document.taxBreakdown = [DocumentTaxSubtotal(
            category: .outOfScope, rate: .zero, basis: dec("78.84"), tax: .zero,
            exemptionReason: "Débours hors champ de la TVA")]
        document.totals = DocumentTotals(
            lineTotal: dec("78.84"), discountTotal: .zero, taxTotal: .zero, grandTotal: dec("78.84"), paid: .zero,
            amountDue: dec("78.84"))
        return document
    }
}
