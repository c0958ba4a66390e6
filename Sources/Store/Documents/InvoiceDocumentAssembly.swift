import Domain
import Foundation

/// Turns a stored invoice, its party and the tenant's settings into the ``InvoiceDocument`` every renderer reads.
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
        let seller = DocumentParty(
            name: legal.legalName ?? "", address: legal.address, vatID: legal.vatID, registrationID: legal.registrationID)
        let buyer = DocumentParty(
            name: party.name, address: party.billingAddress, vatID: party.vatID, registrationID: party.registrationID,
            email: party.email)
        let period = invoice.periodStart.flatMap { start in invoice.periodEnd.map { DocumentPeriod(start: start, end: $0) } }
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
}
