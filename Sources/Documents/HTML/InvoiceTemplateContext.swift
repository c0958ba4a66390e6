import Domain

/// The Mustache context an invoice template is rendered with: every value already formatted for the document's
/// locale (amounts with their currency, dates written out), so a template only places text. `{{…}}` HTML-escapes.
///
/// The variables, a stable interface tenants write templates against (absent values are missing, so
/// `{{#due_date}}…{{/due_date}}` shows only when there is one):
///
/// - `locale` (`fr`, `en`), `currency` (`EUR`), `is_draft`, `is_credit_note` (booleans), `page_size` (`A4`,
///   `Letter`, for `@page { size: … }`), `colon` (`\u{00A0}:` in French, `:` in English, after a label)
/// - `title` ("Facture" / "Avoir" / "Invoice" / "Credit note"), `number` (absent for a draft)
/// - `issue_date`, `due_date`, `service_period.start`, `service_period.end`, `statement_reference`,
///   `buyer_reference`, `payment_terms`, `legal_footer`, `preceding_invoice.number`, `preceding_invoice.issue_date`
/// - `seller.…` and `buyer.…`: `name`, `vat_id`, `registration_id`, `email`, `address.line1`, `address.line2`,
///   `address.postal_code`, `address.city`, `address.country`
/// - `lines` (a list): `line_number`, `description`, `quantity`, `unit` (absent for plain units), `unit_price`,
///   `gross`, `discount` (absent when none), `tax_rate` (absent when none), `tax`, `net`; `has_discounts` is true
///   when any line has a discount
/// - `tax_breakdown` (a list): `category` (S, Z, E, AE, K, O), `rate`, `basis`, `tax`, `exemption_reason`
/// - `totals.subtotal` (total before tax), `totals.discount_total` (absent when none), `totals.tax`,
///   `totals.total` (with tax), `totals.paid` (absent when nothing was paid), `totals.amount_due`
/// - `payment.iban` (grouped by four), `payment.bic`, `payment.reference`
/// - `notes` (a list of texts: `{{#notes}}{{.}}{{/notes}}`), `has_notes`
/// - `labels.…`: every fixed text in the document's language, named after ``DocumentLabel`` in snake case:
///   `labels.invoice`, `labels.credit_note`, `labels.draft`, `labels.number`, `labels.issue_date`,
///   `labels.due_date`, `labels.service_period`, `labels.statement_reference`, `labels.buyer_reference`,
///   `labels.seller`, `labels.bill_to`, `labels.description`, `labels.quantity`, `labels.unit`, `labels.unit_price`,
///   `labels.discount`, `labels.tax_rate`, `labels.line_total`, `labels.subtotal`, `labels.discount_total`,
///   `labels.tax`, `labels.total`, `labels.paid`, `labels.amount_due`, `labels.payment_terms`,
///   `labels.payment_details`, `labels.iban`, `labels.bic`, `labels.payment_reference`, `labels.vat_id`,
///   `labels.registration_id`, `labels.page`, `labels.page_of`, `labels.continued`, `labels.preceding_invoice`,
///   `labels.credit_settled`, `labels.credit_due` (a credit note prints these as `paid` and `amount_due`)
public enum InvoiceTemplateContext {
    /// The context of `document`, as nested dictionaries, lists, strings and booleans.
    public static func values(for document: InvoiceDocument, paper: PaperSize = .a4) -> [String: Any] {
        let locale = document.locale
        let money = { (amount: ExactDecimal) in locale.money(amount, document.currency) }
        var values: [String: Any] = [
            "locale": locale.rawValue, "currency": document.currency.code, "is_draft": document.isDraft,
            "is_credit_note": document.kind == .creditNote,
            "title": locale.label(document.kind == .creditNote ? .creditNote : .invoice),
            "issue_date": locale.date(document.issueDate),
            "seller": party(document.seller), "buyer": party(document.buyer),
            "lines": document.lines.map { line($0, locale, document.currency, money) },
            "has_discounts": document.lines.contains { !$0.discountAmount.isZero },
            "tax_breakdown": document.taxBreakdown.map { subtotal -> [String: Any] in
                var values: [String: Any] = [
                    "category": subtotal.category.rawValue, "rate": locale.percent(subtotal.rate),
                    "basis": money(subtotal.basis), "tax": money(subtotal.tax),
                ]
                values["exemption_reason"] = subtotal.exemptionReason
                return values
            },
            "totals": totals(document.totals, money),
            "notes": document.notes, "has_notes": !document.notes.isEmpty,
            "page_size": paper == .a4 ? "A4" : "Letter", "colon": locale == .fr ? "\u{00A0}:" : ":",
            "labels": labels(locale, document.kind),
        ]
        values["number"] = document.number
        values["due_date"] = document.dueDate.map(locale.date)
        values["service_period"] = document.servicePeriod.map { ["start": locale.date($0.start), "end": locale.date($0.end)] }
        values["statement_reference"] = document.statementReference
        values["buyer_reference"] = document.buyerReference
        values["payment_terms"] = document.paymentTerms
        values["legal_footer"] = document.legalFooter
        values["preceding_invoice"] = document.precedingInvoice.map {
            ["number": $0.number, "issue_date": locale.date($0.issueDate)]
        }
        values["payment"] = document.payment.map { account -> [String: Any] in
            var values: [String: Any] = ["iban": account.groupedIBAN]
            values["bic"] = account.bic
            values["reference"] = account.reference
            return values
        }
        return values
    }

    /// `labels.…`: every ``DocumentLabel`` under its snake-case name; on a credit note, `paid` and `amount_due` are
    /// its own wording (``DocumentLabel/on(_:)``).
    static func labels(_ locale: DocumentLocale, _ kind: InvoiceDocumentKind) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: DocumentLabel.allCases.map { (snakeCase($0.rawValue), locale.label($0.on(kind)) as Any) })
    }

    /// `creditNote` → `credit_note`, `vatID` → `vat_id`.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previousIsLower = false
        for character in name {
            if character.isUppercase, previousIsLower { out.append("_") }
            previousIsLower = character.isLowercase
            out += character.lowercased()
        }
        return out
    }

    private static func party(_ party: DocumentParty) -> [String: Any] {
        var values: [String: Any] = ["name": party.name]
        values["vat_id"] = party.vatID
        values["registration_id"] = party.registrationID
        values["email"] = party.email
        values["address"] = party.address.map { address -> [String: Any] in
            var values: [String: Any] = ["line1": address.line1, "city": address.city, "country": address.country]
            values["line2"] = address.line2
            values["postal_code"] = address.postalCode
            return values
        }
        return values
    }

    private static func line(
        _ line: DocumentLine, _ locale: DocumentLocale, _ currency: Currency, _ money: (ExactDecimal) -> String
    ) -> [String: Any] {
        var values: [String: Any] = [
            "line_number": String(line.lineNumber), "description": line.description,
            "quantity": locale.number(line.quantity),
            "unit_price": locale.unitPrice(line.unitPrice, currency), "gross": money(line.gross),
            "tax": money(line.tax), "net": money(line.net),
        ]
        let unit = locale.unitName(line.unitCode)
        if !unit.isEmpty { values["unit"] = unit }
        if !line.discountAmount.isZero { values["discount"] = money(line.discountAmount) }
        values["tax_rate"] = line.taxRate.map(locale.percent)
        return values
    }

    private static func totals(_ totals: DocumentTotals, _ money: (ExactDecimal) -> String) -> [String: Any] {
        var values: [String: Any] = [
            "subtotal": money(totals.lineTotal), "tax": money(totals.taxTotal), "total": money(totals.grandTotal),
            "amount_due": money(totals.amountDue),
        ]
        if !totals.discountTotal.isZero { values["discount_total"] = money(totals.discountTotal) }
        if !totals.paid.isZero { values["paid"] = money(totals.paid) }
        return values
    }
}
