/// What an EN 16931 e-invoice (Factur-X, profile EN 16931) needs from a document and the document lacks, as field
/// violations at the paths the API user fills in: the tenant's legal identity at `legal/…` (`PATCH /v1/tenant`),
/// the party at `party/…`, the invoice's own fields (`dueDate`, `number`) and the VAT breakdown at
/// `taxBreakdown/<index>/exemptionReason`. Each message names the EN 16931 business rule.
public enum EInvoiceRequirements {
    /// One violation per missing field, in the order seller, buyer, invoice, breakdown; empty when the document can
    /// be sent as an EN 16931 e-invoice (as far as its data goes: amounts are not checked here).
    public static func violations(for document: InvoiceDocument) -> [FieldViolation] {
        var errors: [FieldViolation] = []
        func missing(_ path: String, _ message: String) {
            errors.append(FieldViolation(path: path, code: .required, message: message))
        }
        let categories = Set(document.lines.map(\.taxCategory) + document.taxBreakdown.map(\.category))

        // Seller (BG-4).
        if isBlank(document.seller.name) { missing("legal/legalName", "is required: the seller's name (BR-06)") }
        address(document.seller.address, at: "legal/address", rules: ("BR-08", "BR-09"), party: "seller", missing)
        if isBlank(document.seller.vatID),
            let category = [TaxCategory.standard, .zeroRated, .exempt, .reverseCharge, .intraCommunity]
                .first(where: categories.contains)
        {
            missing("legal/vatId", "is required: the seller's VAT identifier, for VAT category \(category.rawValue) (\(category.vatIdentifierRule))")
        }
        if let account = document.payment, isBlank(account.iban) {
            missing("legal/iban", "is required: the account to pay into, for a SEPA credit transfer (BR-61)")
        }

        // Buyer (BG-7).
        if isBlank(document.buyer.name) { missing("party/name", "is required: the buyer's name (BR-07)") }
        address(document.buyer.address, at: "party/address", rules: ("BR-10", "BR-11"), party: "buyer", missing)
        if isBlank(document.buyer.vatID),
            let category = [TaxCategory.reverseCharge, .intraCommunity].first(where: categories.contains)
        {
            missing("party/vatId", "is required: the buyer's VAT identifier, for VAT category \(category.rawValue) (\(category.vatIdentifierRule))")
        }

        // The invoice.
        if isBlank(document.number) { missing("number", "is required: a draft has no number; issue the invoice first (BR-02)") }
        if document.totals.amountDue.isPositive, document.dueDate == nil, isBlank(document.paymentTerms) {
            missing("dueDate", "is required when an amount is due: a due date or payment terms (BR-CO-25)")
        }
        for (index, subtotal) in document.taxBreakdown.enumerated()
        where subtotal.category.needsExemptionReason && isBlank(subtotal.exemptionReason) {
            missing(
                "taxBreakdown/\(index)/exemptionReason",
                "is required: the VAT exemption reason for category \(subtotal.category.rawValue) (\(subtotal.category.exemptionRule))")
        }
        return errors
    }

    private static func address(
        _ address: PostalAddress?, at path: String, rules: (address: String, country: String), party: String,
        _ missing: (String, String) -> Void
    ) {
        guard let address else {
            missing(path, "is required: the \(party)'s postal address (\(rules.address))")
            return
        }
        if isBlank(address.country) {
            missing(path + "/country", "is required: the \(party)'s country code (\(rules.country))")
        }
    }

    private static func isBlank(_ text: String?) -> Bool { text.map(TextField.isBlank) ?? true }
}

extension TaxCategory {
    /// The rule that asks for the seller's (and, for AE and K, the buyer's) VAT identifier.
    fileprivate var vatIdentifierRule: String {
        switch self {
        case .standard: "BR-S-02"
        case .zeroRated: "BR-Z-02"
        case .exempt: "BR-E-02"
        case .reverseCharge: "BR-AE-02"
        case .intraCommunity: "BR-IC-02"
        case .outOfScope: "BR-O-02"
        }
    }

    /// The rule that asks for an exemption reason.
    fileprivate var exemptionRule: String {
        switch self {
        case .exempt: "BR-E-10"
        case .reverseCharge: "BR-AE-10"
        case .intraCommunity: "BR-IC-10"
        case .outOfScope: "BR-O-10"
        case .standard, .zeroRated: "none"
        }
    }
}
