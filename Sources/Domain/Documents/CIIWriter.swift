/// Factur-X / ZUGFeRD e-invoices: the UN/CEFACT Cross Industry Invoice (CII D16B) XML of an ``InvoiceDocument``,
/// profile EN 16931 (guideline `urn:cen.eu:en16931:2017`), with the elements and element order of
/// docs/documents.md section 2 (checked by the Factur-X 1.09 XSD and the EN 16931 schematron in the tests).
///
/// Amounts are the document's stored amounts, written with the currency's minor units; quantities, prices and rates
/// exactly. Nothing is recomputed: a document whose totals do not add up gives XML the schematron refuses. The same
/// document always gives the same bytes. Check ``EInvoiceRequirements/violations(for:)`` first: the writer writes
/// what it has, and a missing VAT identifier or address makes the XML invalid, not the call fail.
public enum CIIWriter {
    static let guideline = "urn:cen.eu:en16931:2017"

    /// The CII XML of `document`, UTF-8. A draft (no number) is written with the ID `DRAFT`.
    public static func xml(for document: InvoiceDocument) -> [UInt8] {
        var xml = XMLBuilder()
        let namespaces = [
            ("xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"),
            ("xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"),
            ("xmlns:ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"),
            ("xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"),
        ]
        xml.open("rsm:CrossIndustryInvoice", namespaces)
        xml.raw("\n")
        xml.wrap("rsm:ExchangedDocumentContext") { xml in
            xml.wrap("ram:GuidelineSpecifiedDocumentContextParameter") { $0.element("ram:ID", guideline) }
        }
        exchangedDocument(document, into: &xml)
        xml.wrap("rsm:SupplyChainTradeTransaction") { xml in
            for line in document.lines { lineItem(line, document, into: &xml) }
            agreement(document, into: &xml)
            delivery(document, into: &xml)
            settlement(document, into: &xml)
        }
        xml.close("rsm:CrossIndustryInvoice")
        return xml.bytes
    }

    private static func exchangedDocument(_ document: InvoiceDocument, into xml: inout XMLBuilder) {
        xml.wrap("rsm:ExchangedDocument") { xml in
            xml.element("ram:ID", document.number ?? "DRAFT")
            xml.element("ram:TypeCode", String(document.kind.typeCode))
            xml.wrap("ram:IssueDateTime") { $0.date(document.issueDate) }
            for note in document.notes where !TextField.isBlank(note) {
                xml.wrap("ram:IncludedNote") { $0.element("ram:Content", note) }
            }
            if let footer = document.legalFooter, !TextField.isBlank(footer) {
                // UNTDID 4451 REG: regulatory information (capital, registration, late-payment terms).
                xml.wrap("ram:IncludedNote") { xml in
                    xml.element("ram:Content", footer)
                    xml.element("ram:SubjectCode", "REG")
                }
            }
        }
    }

    /// BG-25: one line, its price, quantity, tax and discount. A negative unit price is written as a positive
    /// price with the quantity negated (BR-27: the net price is never negative); the line total is unchanged.
    private static func lineItem(_ line: DocumentLine, _ document: InvoiceDocument, into xml: inout XMLBuilder) {
        let currency = document.currency
        xml.wrap("ram:IncludedSupplyChainTradeLineItem") { xml in
            xml.wrap("ram:AssociatedDocumentLineDocument") { $0.element("ram:LineID", String(line.lineNumber)) }
            xml.wrap("ram:SpecifiedTradeProduct") { $0.element("ram:Name", line.description) }
            xml.wrap("ram:SpecifiedLineTradeAgreement") { xml in
                xml.wrap("ram:NetPriceProductTradePrice") { $0.element("ram:ChargeAmount", line.unitPrice.magnitude.description) }
            }
            let quantity = line.unitPrice.isNegative ? line.quantity.negated : line.quantity
            xml.wrap("ram:SpecifiedLineTradeDelivery") { xml in
                xml.element("ram:BilledQuantity", quantity.description, [("unitCode", line.unitCode)])
            }
            xml.wrap("ram:SpecifiedLineTradeSettlement") { xml in
                xml.wrap("ram:ApplicableTradeTax") { xml in
                    xml.element("ram:TypeCode", "VAT")
                    xml.element("ram:CategoryCode", line.taxCategory.rawValue)
                    if line.taxCategory != .outOfScope {
                        xml.element("ram:RateApplicablePercent", rate(line.taxCategory == .standard ? line.taxRate : nil))
                    }
                }
                if !line.discountAmount.isZero {
                    xml.wrap("ram:SpecifiedTradeAllowanceCharge") { xml in
                        xml.wrap("ram:ChargeIndicator") { $0.element("udt:Indicator", "false") }
                        xml.element("ram:ActualAmount", amount(line.discountAmount, currency))
                        xml.element("ram:Reason", document.locale.label(.discount))
                    }
                }
                xml.wrap("ram:SpecifiedTradeSettlementLineMonetarySummation") { xml in
                    xml.element("ram:LineTotalAmount", amount(line.net, currency))
                }
            }
        }
    }

    /// BG-13: the delivery date (the service period's last day, else the issue date), and for intra-community
    /// supply the country delivered to (BR-IC-12), the buyer's.
    private static func delivery(_ document: InvoiceDocument, into xml: inout XMLBuilder) {
        xml.wrap("ram:ApplicableHeaderTradeDelivery") { xml in
            if document.lines.contains(where: { $0.taxCategory == .intraCommunity }), let address = document.buyer.address {
                xml.wrap("ram:ShipToTradeParty") { xml in
                    xml.wrap("ram:PostalTradeAddress") { $0.element("ram:CountryID", address.country) }
                }
            }
            xml.wrap("ram:ActualDeliverySupplyChainEvent") { xml in
                xml.wrap("ram:OccurrenceDateTime") { $0.date(document.servicePeriod?.end ?? document.issueDate) }
            }
        }
    }

    /// An amount rounded half-even to the currency's minor units (`1234.50` for EUR, `1235` for JPY).
    static func amount(_ value: ExactDecimal, _ currency: Currency) -> String {
        value.rounded(toPlaces: currency.minorUnits, .halfEven).description
    }

    /// A rate in percent, exactly, without trailing zeros (`20`, `5.5`); 0 when there is none.
    static func rate(_ value: ExactDecimal?) -> String { (value ?? .zero).normalized.description }
}

extension XMLBuilder {
    /// `<udt:DateTimeString format="102">YYYYMMDD</udt:DateTimeString>`.
    mutating func date(_ date: CalendarDate, qualified: Bool = false) {
        element(qualified ? "qdt:DateTimeString" : "udt:DateTimeString", date.basicFormat, [("format", "102")])
    }
}

extension CalendarDate {
    /// `YYYYMMDD` (UNTDID 2379 format 102).
    var basicFormat: String { description.filter { $0 != "-" } }
}
