/// The paper a tenant's PDFs are printed on.
public enum PaperSize: String, Sendable, Hashable, CaseIterable, Codable, WireEnum {
    case a4, letter

    /// Width and height in PDF points (1/72 inch): A4 595.276 × 841.89, US Letter 612 × 792.
    public var points: (width: Double, height: Double) {
        self == .a4 ? (595.276, 841.890) : (612, 792)
    }
}

extension DocumentLocale: Codable, WireEnum {}

/// How a tenant's documents look and what they say besides the invoice itself (`PATCH /v1/tenant`, `documents`).
public struct DocumentSettings: Sendable, Hashable, Codable {
    public var locale: DocumentLocale
    public var paper: PaperSize
    /// `#RRGGBB`: headings and rules of the PDF and the default HTML template.
    public var accentColor: String
    /// Whether invoices are e-invoices: the PDF embeds the Factur-X XML, and issuing refuses (422) an invoice that
    /// misses data EN 16931 requires.
    public var eInvoicing: Bool
    /// Printed at the foot of every page (share capital, registration, late-payment mention…).
    public var legalFooter: String?
    /// Replaces the generated "Payable within 30 days".
    public var paymentTermsText: String?
    /// Printed on every invoice above the footer.
    public var note: String?

    public init(
        locale: DocumentLocale = .en, paper: PaperSize = .a4, accentColor: String = "#1F4E79", eInvoicing: Bool = false,
        legalFooter: String? = nil, paymentTermsText: String? = nil, note: String? = nil
    ) {
        self.locale = locale
        self.paper = paper
        self.accentColor = accentColor
        self.eInvoicing = eInvoicing
        self.legalFooter = legalFooter
        self.paymentTermsText = paymentTermsText
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case locale, paper, accentColor = "accent_color", eInvoicing = "e_invoicing", legalFooter = "legal_footer",
            paymentTermsText = "payment_terms_text", note
    }

    /// Every problem, at `documents/…`.
    public func violations(at base: String = "documents") -> [FieldViolation] {
        var errors = [FieldViolation]()
        if accentColor.wholeMatch(of: /#[0-9A-Fa-f]{6}/) == nil {
            errors.append(FieldViolation(path: "\(base)/accentColor", code: .invalidValue, message: "must be a colour #RRGGBB"))
        }
        errors += TextField.violations(legalFooter, at: "\(base)/legalFooter", maxLength: 1000)
        errors += TextField.violations(paymentTermsText, at: "\(base)/paymentTermsText", maxLength: 300)
        errors += TextField.violations(note, at: "\(base)/note", maxLength: 1000)
        return errors
    }

    /// The accent colour as red, green, blue in 0…255.
    public var accentRGB: (red: Int, green: Int, blue: Int) {
        let value = Int(accentColor.dropFirst(), radix: 16) ?? 0x1F4E79
        return (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)
    }
}
