// The header parts of the CII XML: the parties (BG-4, BG-7) and the settlement (currency, payment means, VAT
// breakdown, billing period, payment terms, totals, preceding invoice).

extension CIIWriter {
    /// BT-10 and the two parties.
    static func agreement(_ document: InvoiceDocument, into xml: inout XMLBuilder) {
        // BR-O-02: a document with only "not subject to VAT" lines carries no VAT identifiers.
        let sendsVATIDs = !document.lines.allSatisfy { $0.taxCategory == .outOfScope }
        xml.wrap("ram:ApplicableHeaderTradeAgreement") { xml in
            if let reference = document.buyerReference, !TextField.isBlank(reference) {
                xml.element("ram:BuyerReference", reference)
            }
            party("ram:SellerTradeParty", document.seller, sendsVATID: sendsVATIDs, into: &xml)
            party("ram:BuyerTradeParty", document.buyer, sendsVATID: sendsVATIDs, into: &xml)
        }
    }

    /// Name, legal registration (scheme 0002, SIREN, for a French nine-digit number), postal address, VAT id.
    private static func party(_ tag: String, _ party: DocumentParty, sendsVATID: Bool, into xml: inout XMLBuilder) {
        xml.wrap(tag) { xml in
            xml.element("ram:Name", party.name)
            if let registration = party.registrationID, !TextField.isBlank(registration) {
                let isSIREN = party.address?.country == "FR" && registration.count == 9
                    && registration.allSatisfy { $0.isASCII && $0.isNumber }
                xml.wrap("ram:SpecifiedLegalOrganization") { xml in
                    xml.element("ram:ID", registration, isSIREN ? [("schemeID", "0002")] : [])
                }
            }
            if let address = party.address {
                xml.wrap("ram:PostalTradeAddress") { xml in
                    if let code = address.postalCode, !TextField.isBlank(code) { xml.element("ram:PostcodeCode", code) }
                    if !TextField.isBlank(address.line1) { xml.element("ram:LineOne", address.line1) }
                    if let line2 = address.line2, !TextField.isBlank(line2) { xml.element("ram:LineTwo", line2) }
                    if !TextField.isBlank(address.city) { xml.element("ram:CityName", address.city) }
                    xml.element("ram:CountryID", address.country)
                }
            }
            if sendsVATID, let vatID = party.vatID, !TextField.isBlank(vatID) {
                xml.wrap("ram:SpecifiedTaxRegistration") { $0.element("ram:ID", vatID, [("schemeID", "VA")]) }
            }
        }
    }

    static func settlement(_ document: InvoiceDocument, into xml: inout XMLBuilder) {
        let currency = document.currency
        xml.wrap("ram:ApplicableHeaderTradeSettlement") { xml in
            if let reference = document.payment?.reference ?? document.statementReference, !TextField.isBlank(reference) {
                xml.element("ram:PaymentReference", reference)
            }
            xml.element("ram:InvoiceCurrencyCode", currency.code)
            if let account = document.payment, !TextField.isBlank(account.iban) {
                xml.wrap("ram:SpecifiedTradeSettlementPaymentMeans") { xml in
                    xml.element("ram:TypeCode", "58")
                    xml.wrap("ram:PayeePartyCreditorFinancialAccount") {
                        $0.element("ram:IBANID", account.iban.filter { $0 != " " })
                    }
                    if let bic = account.bic, !TextField.isBlank(bic) {
                        xml.wrap("ram:PayeeSpecifiedCreditorFinancialInstitution") { $0.element("ram:BICID", bic) }
                    }
                }
            }
            for subtotal in document.taxBreakdown { taxSubtotal(subtotal, currency, into: &xml) }
            if let period = document.servicePeriod {
                xml.wrap("ram:BillingSpecifiedPeriod") { xml in
                    xml.wrap("ram:StartDateTime") { $0.date(period.start) }
                    xml.wrap("ram:EndDateTime") { $0.date(period.end) }
                }
            }
            let terms = document.paymentTerms.flatMap { TextField.isBlank($0) ? nil : $0 }
            if terms != nil || document.dueDate != nil {
                xml.wrap("ram:SpecifiedTradePaymentTerms") { xml in
                    if let terms { xml.element("ram:Description", terms) }
                    if let due = document.dueDate { xml.wrap("ram:DueDateDateTime") { $0.date(due) } }
                }
            }
            summation(document.totals, currency, into: &xml)
            if let preceding = document.precedingInvoice {
                xml.wrap("ram:InvoiceReferencedDocument") { xml in
                    xml.element("ram:IssuerAssignedID", preceding.number)
                    xml.wrap("ram:FormattedIssueDateTime") { $0.date(preceding.issueDate, qualified: true) }
                }
            }
        }
    }

    /// BG-23, in the XSD's element order; the exemption reason only where EN 16931 allows it (E, AE, K, O), no
    /// rate for O.
    private static func taxSubtotal(_ subtotal: DocumentTaxSubtotal, _ currency: Currency, into xml: inout XMLBuilder) {
        let category = subtotal.category
        xml.wrap("ram:ApplicableTradeTax") { xml in
            xml.element("ram:CalculatedAmount", amount(subtotal.tax, currency))
            xml.element("ram:TypeCode", "VAT")
            if category.needsExemptionReason, let reason = subtotal.exemptionReason, !TextField.isBlank(reason) {
                xml.element("ram:ExemptionReason", reason)
            }
            xml.element("ram:BasisAmount", amount(subtotal.basis, currency))
            xml.element("ram:CategoryCode", category.rawValue)
            if category != .outOfScope {
                xml.element("ram:RateApplicablePercent", rate(category == .standard ? subtotal.rate : nil))
            }
        }
    }

    /// BG-22: the stored totals; the prepaid amount only when something was paid.
    private static func summation(_ totals: DocumentTotals, _ currency: Currency, into xml: inout XMLBuilder) {
        xml.wrap("ram:SpecifiedTradeSettlementHeaderMonetarySummation") { xml in
            xml.element("ram:LineTotalAmount", amount(totals.lineTotal, currency))
            xml.element("ram:TaxBasisTotalAmount", amount(totals.lineTotal, currency))
            xml.element("ram:TaxTotalAmount", amount(totals.taxTotal, currency), [("currencyID", currency.code)])
            xml.element("ram:GrandTotalAmount", amount(totals.grandTotal, currency))
            if totals.paid.isPositive { xml.element("ram:TotalPrepaidAmount", amount(totals.paid, currency)) }
            xml.element("ram:DuePayableAmount", amount(totals.amountDue, currency))
        }
    }
}

extension TaxCategory {
    /// E, AE, K and O need an exemption reason (BR-E-10, BR-AE-10, BR-IC-10, BR-O-10); S and Z must not have one.
    public var needsExemptionReason: Bool {
        switch self {
        case .exempt, .reverseCharge, .intraCommunity, .outOfScope: true
        case .standard, .zeroRated: false
        }
    }
}
