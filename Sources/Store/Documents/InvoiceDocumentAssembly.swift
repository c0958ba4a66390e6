import Domain
import Foundation

/// Turns a stored invoice or credit note, its party and the tenant's settings into the ``InvoiceDocument`` every
/// renderer reads.
enum InvoiceDocumentAssembly {
    /// A line with a tax code takes the code's category and exemption reason; a line without one, the category
    /// its rate implies (``TaxCategory/defaultCategory(rate:)``).
    static func document(
        invoice: Invoice, party: Party, legal: LegalIdentity, settings: DocumentSettings, today: CalendarDate,
        taxCodes: [UUID: TaxCode] = [:]
    ) throws -> InvoiceDocument {
        let locale = settings.locale
        let lines = invoice.lines.map { line in
            let code = line.taxCodeID.flatMap { taxCodes[$0] }
            return DocumentLine(
                lineNumber: line.lineNumber, description: line.description, quantity: line.quantity,
                unitPrice: line.unitPrice, gross: line.gross, discountAmount: line.discountAmount, net: line.net,
                taxRate: line.taxRate,
                taxCategory: code?.category.documentCategory ?? TaxCategory.defaultCategory(rate: line.taxRate),
                tax: line.tax, exemptionReason: code?.exemptionReason)
        }
        let minor = invoice.currency.minorUnits
        let lineTotal = try lines.map(\.net).sum().rounded(toPlaces: minor)
        let discountTotal = try lines.map(\.discountAmount).sum().rounded(toPlaces: minor)
        let paid = invoice.status == .void ? .zero : invoice.amountPaid
        let (seller, buyer, period) = (seller(legal), buyer(party), servicePeriod(invoice))
        let reference = invoice.statementReference ?? invoice.number
        return InvoiceDocument(
            number: invoice.number, isDraft: invoice.status == .draft, issueDate: invoice.invoiceDate ?? today,
            dueDate: invoice.dueDate, servicePeriod: period, statementReference: invoice.statementReference,
            buyerReference: party.buyerReference, currency: invoice.currency, locale: locale, seller: seller, buyer: buyer,
            lines: lines, taxBreakdown: try InvoiceDocument.taxBreakdown(of: lines),
            totals: DocumentTotals(
                lineTotal: lineTotal, discountTotal: discountTotal, taxTotal: invoice.taxTotal, grandTotal: invoice.total,
                paid: paid, amountDue: invoice.outstanding),
            paymentTerms: settings.paymentTermsText ?? locale.paymentTerms(days: invoice.paymentTermsDays),
            payment: legal.iban.map { DocumentPaymentAccount(iban: $0, bic: legal.bic, reference: reference) },
            notes: settings.note.map { [$0] } ?? [], legalFooter: settings.legalFooter)
    }

    /// A credit note (type 381) crediting `invoice`: its own lines with positive amounts as stored, the invoice as the
    /// preceding invoice (BG-3), the invoice line's tax code category and exemption reason per line. The part that
    /// settled the invoice is shown as paid (BT-113) and the customer credit as the amount due (BT-115), with a
    /// sentence as payment terms when there is one (BR-CO-25); no payment account (nothing to pay to the seller).
    static func document(
        creditNote note: CreditNote, invoice: Invoice, party: Party, legal: LegalIdentity, settings: DocumentSettings,
        taxCodes: [UUID: TaxCode] = [:]
    ) throws -> InvoiceDocument {
        let locale = settings.locale
        let invoiceLines = Dictionary(invoice.lines.map { ($0.lineNumber, $0) }, uniquingKeysWith: { first, _ in first })
        let lines = try note.lines.map { line in
            let source = invoiceLines[line.invoiceLineNumber]
            let code = source?.taxCodeID.flatMap { taxCodes[$0] }
            let (quantity, unitPrice, gross) = try creditedQuantity(line, of: source, pricesIncludeTax: invoice.pricesIncludeTax)
            return DocumentLine(
                lineNumber: line.lineNumber, description: line.description, quantity: quantity, unitPrice: unitPrice,
                gross: gross, discountAmount: try gross.subtracting(line.net), net: line.net, taxRate: line.taxRate,
                taxCategory: code?.category.documentCategory ?? TaxCategory.defaultCategory(rate: line.taxRate),
                tax: line.tax, exemptionReason: code?.exemptionReason)
        }
        let minor = note.currency.minorUnits
        let discountTotal = try lines.map(\.discountAmount).sum().rounded(toPlaces: minor)
        let (seller, buyer, period) = (seller(legal), buyer(party), servicePeriod(invoice))
        let preceding = invoice.number.map { Domain.DocumentReference(number: $0, issueDate: invoice.invoiceDate ?? note.creditDate) }
        let reason = note.reason.flatMap { TextField.isBlank($0) ? nil : $0 }
        return InvoiceDocument(
            kind: .creditNote, number: note.number, isDraft: false, issueDate: note.creditDate, dueDate: nil,
            servicePeriod: period, buyerReference: party.buyerReference, currency: note.currency, locale: locale,
            seller: seller, buyer: buyer, lines: lines, taxBreakdown: try InvoiceDocument.taxBreakdown(of: lines),
            totals: DocumentTotals(
                lineTotal: note.netTotal, discountTotal: discountTotal, taxTotal: note.taxTotal, grandTotal: note.total,
                paid: note.invoiceSettled, amountDue: note.customerCredit),
            paymentTerms: note.customerCredit.isPositive ? locale.customerCreditTerms : nil,
            notes: reason.map { [$0] } ?? [], legalFooter: settings.legalFooter, precedingInvoice: preceding)
    }

    /// The quantity, unit price and gross a credited line prints. Credited by quantity from a line priced without
    /// tax whose price × quantity covers the credited net: that quantity at the invoice's price, the difference being
    /// the line's discount share. Otherwise (by amount, tax-inclusive prices): one unit at the credited net.
    private static func creditedQuantity(_ line: CreditNoteLine, of source: InvoiceLine?, pricesIncludeTax: Bool) throws
        -> (quantity: ExactDecimal, unitPrice: ExactDecimal, gross: ExactDecimal)
    {
        if let quantity = line.quantity, let price = source?.unitPrice, !pricesIncludeTax, !price.isNegative,
            !line.net.isNegative
        {
            let gross = try price.multiplied(by: quantity)
            if gross.hasAtMost(places: 6), !(gross < line.net) { return (quantity, price, gross) }
        }
        return (ExactDecimal(1), line.net, line.net)
    }

    private static func seller(_ legal: LegalIdentity) -> DocumentParty {
        DocumentParty(name: legal.legalName ?? "", address: legal.address, vatID: legal.vatID, registrationID: legal.registrationID)
    }

    private static func buyer(_ party: Party) -> DocumentParty {
        DocumentParty(
            name: party.name, address: party.billingAddress, vatID: party.vatID, registrationID: party.registrationID,
            email: party.email)
    }

    private static func servicePeriod(_ invoice: Invoice) -> DocumentPeriod? {
        invoice.periodStart.flatMap { start in invoice.periodEnd.map { DocumentPeriod(start: start, end: $0) } }
    }
}
