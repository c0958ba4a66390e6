/// The fixed texts a document prints, in every ``DocumentLocale`` (``DocumentLocale/label(_:)``). French labels use
/// French accounting vocabulary (Total HT, TVA, Net à payer…). The raw value is the template variable name's stem
/// (`labels.amount_due` is ``amountDue``).
public enum DocumentLabel: String, CaseIterable, Sendable {
    case invoice, creditNote, draft, number, issueDate, dueDate, servicePeriod, statementReference, buyerReference
    case seller, billTo, description, quantity, unit, unitPrice, discount, taxRate, lineTotal, subtotal
    case discountTotal, tax, total, paid, amountDue, paymentTerms, paymentDetails, iban, bic, paymentReference
    case vatID, registrationID, page, pageOf, continued, precedingInvoice, creditSettled, creditDue

    var french: String {
        switch self {
        case .invoice: "Facture"
        case .creditNote: "Avoir"
        case .draft: "BROUILLON"
        case .number: "N°"
        case .issueDate: "Date d’émission"
        case .dueDate: "Date d’échéance"
        case .servicePeriod: "Période de service"
        case .statementReference: "Référence de relevé"
        case .buyerReference: "Votre référence"
        case .seller: "Émetteur"
        case .billTo: "Facturé à"
        case .description: "Désignation"
        case .quantity: "Qté"
        case .unit: "Unité"
        case .unitPrice: "Prix unitaire HT"
        case .discount: "Remise"
        case .taxRate: "Taux TVA"
        case .lineTotal: "Montant HT"
        case .subtotal: "Total HT"
        case .discountTotal: "Total des remises"
        case .tax: "TVA"
        case .total: "Total TTC"
        case .paid: "Déjà réglé"
        case .amountDue: "Net à payer"
        case .paymentTerms: "Conditions de paiement"
        case .paymentDetails: "Coordonnées bancaires"
        case .iban: "IBAN"
        case .bic: "BIC"
        case .paymentReference: "Référence de paiement"
        case .vatID: "N° TVA intracommunautaire"
        case .registrationID: "SIREN"
        case .page: "Page"
        case .pageOf: "sur"
        case .continued: "Suite"
        case .precedingInvoice: "Facture d’origine"
        case .creditSettled: "Imputé sur la facture"
        case .creditDue: "Crédit en votre faveur"
        }
    }

    var english: String {
        switch self {
        case .invoice: "Invoice"
        case .creditNote: "Credit note"
        case .draft: "DRAFT"
        case .number: "No."
        case .issueDate: "Issue date"
        case .dueDate: "Due date"
        case .servicePeriod: "Service period"
        case .statementReference: "Statement reference"
        case .buyerReference: "Your reference"
        case .seller: "From"
        case .billTo: "Bill to"
        case .description: "Description"
        case .quantity: "Qty"
        case .unit: "Unit"
        case .unitPrice: "Unit price"
        case .discount: "Discount"
        case .taxRate: "Tax rate"
        case .lineTotal: "Amount"
        case .subtotal: "Subtotal"
        case .discountTotal: "Total discounts"
        case .tax: "VAT"
        case .total: "Total"
        case .paid: "Paid"
        case .amountDue: "Amount due"
        case .paymentTerms: "Payment terms"
        case .paymentDetails: "Payment details"
        case .iban: "IBAN"
        case .bic: "BIC"
        case .paymentReference: "Payment reference"
        case .vatID: "VAT number"
        case .registrationID: "Company number"
        case .page: "Page"
        case .pageOf: "of"
        case .continued: "Continued"
        case .precedingInvoice: "Original invoice"
        case .creditSettled: "Set against the invoice"
        case .creditDue: "Credit to you"
        }
    }
}

extension DocumentLabel {
    /// The label a document of `kind` prints in this one's place: a credit note's totals say what the credit did
    /// (set against the invoice, a credit to the customer) rather than "paid" and "amount due".
    public func on(_ kind: InvoiceDocumentKind) -> DocumentLabel {
        switch (kind, self) {
        case (.creditNote, .paid): .creditSettled
        case (.creditNote, .amountDue): .creditDue
        default: self
        }
    }
}
