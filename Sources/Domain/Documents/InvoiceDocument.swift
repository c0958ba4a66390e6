/// Everything an invoice or credit note document shows, in one value: what the HTML template, the PDF layout and
/// the Factur-X (CII, EN 16931) writer read. Built by the store from an invoice, its party and the tenant's
/// settings; pure data, no formatting (``DocumentLocale`` formats it).
public struct InvoiceDocument: Sendable, Hashable {
    /// Invoice (UNTDID 1001 code 380) or credit note (381).
    public var kind: InvoiceDocumentKind
    /// The formatted number; `nil` for a draft.
    public var number: String?
    /// A draft prints a DRAFT watermark and is never stored.
    public var isDraft: Bool
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate?
    /// The period the invoice bills (a recurring occurrence's period), when it has one.
    public var servicePeriod: DocumentPeriod?
    /// The statement reference of a recurring invoice ("2026-12"), printed and sent as the payment reference.
    public var statementReference: String?
    /// BT-10: the reference the buyer asked to be quoted.
    public var buyerReference: String?
    public var currency: Currency
    public var locale: DocumentLocale
    public var seller: DocumentParty
    public var buyer: DocumentParty
    public var lines: [DocumentLine]
    /// One entry per tax category and rate, in the order they first appear on the lines.
    public var taxBreakdown: [DocumentTaxSubtotal]
    public var totals: DocumentTotals
    /// Payment terms as text ("Payable within 30 days"), printed and sent as BT-20.
    public var paymentTerms: String?
    /// How to pay: the seller's account, printed and sent as payment means 58 (SEPA credit transfer).
    public var payment: DocumentPaymentAccount?
    /// Free notes printed above the footer (BT-22).
    public var notes: [String]
    /// The tenant's legal footer (capital, registration, late-payment mention…).
    public var legalFooter: String?
    /// For a credit note: the invoice it credits (BG-3).
    public var precedingInvoice: DocumentReference?

    public init(
        kind: InvoiceDocumentKind = .invoice, number: String?, isDraft: Bool, issueDate: CalendarDate,
        dueDate: CalendarDate?, servicePeriod: DocumentPeriod? = nil, statementReference: String? = nil,
        buyerReference: String? = nil, currency: Currency, locale: DocumentLocale, seller: DocumentParty,
        buyer: DocumentParty, lines: [DocumentLine], taxBreakdown: [DocumentTaxSubtotal], totals: DocumentTotals,
        paymentTerms: String? = nil, payment: DocumentPaymentAccount? = nil, notes: [String] = [],
        legalFooter: String? = nil, precedingInvoice: DocumentReference? = nil
    ) {
        self.kind = kind
        self.number = number
        self.isDraft = isDraft
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.servicePeriod = servicePeriod
        self.statementReference = statementReference
        self.buyerReference = buyerReference
        self.currency = currency
        self.locale = locale
        self.seller = seller
        self.buyer = buyer
        self.lines = lines
        self.taxBreakdown = taxBreakdown
        self.totals = totals
        self.paymentTerms = paymentTerms
        self.payment = payment
        self.notes = notes
        self.legalFooter = legalFooter
        self.precedingInvoice = precedingInvoice
    }
}

/// Invoice or credit note, with its UNTDID 1001 type code.
public enum InvoiceDocumentKind: String, Sendable, Hashable, CaseIterable {
    case invoice, creditNote

    /// 380 commercial invoice, 381 credit note.
    public var typeCode: Int { self == .invoice ? 380 : 381 }
}

/// A seller or buyer as a document names it.
public struct DocumentParty: Sendable, Hashable {
    /// The legal name (seller) or the party's name (buyer).
    public var name: String
    public var address: PostalAddress?
    /// VAT identifier with its country prefix (BT-31 / BT-48).
    public var vatID: String?
    /// Company registration (SIREN…) (BT-30 / BT-47).
    public var registrationID: String?
    public var email: String?

    public init(
        name: String, address: PostalAddress? = nil, vatID: String? = nil, registrationID: String? = nil,
        email: String? = nil
    ) {
        self.name = name
        self.address = address
        self.vatID = vatID
        self.registrationID = registrationID
        self.email = email
    }
}

/// A first and last day, both included.
public struct DocumentPeriod: Sendable, Hashable {
    public var start: CalendarDate
    public var end: CalendarDate

    public init(start: CalendarDate, end: CalendarDate) {
        self.start = start
        self.end = end
    }
}

/// Another document by its number and date.
public struct DocumentReference: Sendable, Hashable {
    public var number: String
    public var issueDate: CalendarDate

    public init(number: String, issueDate: CalendarDate) {
        self.number = number
        self.issueDate = issueDate
    }
}

/// The seller's account to pay into.
public struct DocumentPaymentAccount: Sendable, Hashable {
    /// Stored compact (no spaces); formatted in groups of four when printed.
    public var iban: String
    public var bic: String?
    /// The text to quote with the payment (the invoice number, or the statement reference).
    public var reference: String?

    public init(iban: String, bic: String? = nil, reference: String? = nil) {
        self.iban = iban
        self.bic = bic
        self.reference = reference
    }
}

/// VAT category codes of EN 16931 (UNTDID 5305, restricted).
public enum TaxCategory: String, Sendable, Hashable, CaseIterable {
    /// Standard or reduced rate.
    case standard = "S"
    /// Zero rated.
    case zeroRated = "Z"
    /// Exempt from VAT (needs an exemption reason).
    case exempt = "E"
    /// Reverse charge.
    case reverseCharge = "AE"
    /// Intra-community supply.
    case intraCommunity = "K"
    /// Not subject to VAT.
    case outOfScope = "O"

    /// Until tax codes exist: a positive rate is standard, no rate or 0 % zero rated.
    public static func defaultCategory(rate: ExactDecimal?) -> TaxCategory {
        guard let rate, rate.isPositive else { return .zeroRated }
        return .standard
    }
}

/// One line as printed and sent. Amounts are the stored ones, in the document currency, never recomputed.
public struct DocumentLine: Sendable, Hashable {
    /// 1, 2, … in document order.
    public var lineNumber: Int
    public var description: String
    public var quantity: ExactDecimal
    /// UN/ECE Recommendation 20 unit code: `C62` (one), `HUR` (hour), `DAY`, `MON`, `ANN`…
    public var unitCode: String
    public var unitPrice: ExactDecimal
    /// quantity × unit price, before discounts.
    public var gross: ExactDecimal
    /// The line's discount plus its share of the invoice discount (zero when none).
    public var discountAmount: ExactDecimal
    /// gross − discount: the line total before tax.
    public var net: ExactDecimal
    /// Percent; `nil` when the line has no tax.
    public var taxRate: ExactDecimal?
    public var taxCategory: TaxCategory
    public var tax: ExactDecimal
    /// From the line's tax code (E, AE, O need one: BT-120); the breakdown carries it per category and rate.
    public var exemptionReason: String?

    public init(
        lineNumber: Int, description: String, quantity: ExactDecimal, unitCode: String = "C62",
        unitPrice: ExactDecimal, gross: ExactDecimal, discountAmount: ExactDecimal, net: ExactDecimal,
        taxRate: ExactDecimal?, taxCategory: TaxCategory, tax: ExactDecimal, exemptionReason: String? = nil
    ) {
        self.exemptionReason = exemptionReason
        self.lineNumber = lineNumber
        self.description = description
        self.quantity = quantity
        self.unitCode = unitCode
        self.unitPrice = unitPrice
        self.gross = gross
        self.discountAmount = discountAmount
        self.net = net
        self.taxRate = taxRate
        self.taxCategory = taxCategory
        self.tax = tax
    }
}

/// The tax of one category and rate (BG-23).
public struct DocumentTaxSubtotal: Sendable, Hashable {
    public var category: TaxCategory
    /// Percent (0 for Z, E, AE, K, O).
    public var rate: ExactDecimal
    /// The sum of the nets of the lines in this category and rate.
    public var basis: ExactDecimal
    /// The sum of those lines' stored tax.
    public var tax: ExactDecimal
    /// Required for E, AE, K, O (BT-120), e.g. "Exonération de TVA, article 261 du CGI".
    public var exemptionReason: String?

    public init(
        category: TaxCategory, rate: ExactDecimal, basis: ExactDecimal, tax: ExactDecimal, exemptionReason: String? = nil
    ) {
        self.category = category
        self.rate = rate
        self.basis = basis
        self.tax = tax
        self.exemptionReason = exemptionReason
    }
}

/// The document's totals (BG-22), as stored on the invoice.
public struct DocumentTotals: Sendable, Hashable {
    /// Sum of line nets (BT-106) = tax basis (BT-109): discounts are already in the lines.
    public var lineTotal: ExactDecimal
    /// Sum of every line's discount, for printing only.
    public var discountTotal: ExactDecimal
    public var taxTotal: ExactDecimal
    /// lineTotal + taxTotal (BT-112).
    public var grandTotal: ExactDecimal
    /// Paid so far (BT-113).
    public var paid: ExactDecimal
    /// grandTotal − paid (BT-115).
    public var amountDue: ExactDecimal

    public init(
        lineTotal: ExactDecimal, discountTotal: ExactDecimal, taxTotal: ExactDecimal, grandTotal: ExactDecimal,
        paid: ExactDecimal, amountDue: ExactDecimal
    ) {
        self.lineTotal = lineTotal
        self.discountTotal = discountTotal
        self.taxTotal = taxTotal
        self.grandTotal = grandTotal
        self.paid = paid
        self.amountDue = amountDue
    }
}

/// The languages documents are written in. Formatting of amounts, dates and labels lives in
/// `DocumentLocale+Formatting`.
public enum DocumentLocale: String, Sendable, Hashable, CaseIterable {
    case en, fr
}
