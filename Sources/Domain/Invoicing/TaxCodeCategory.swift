/// What kind of tax a tax code is, as an accountant names it; each maps to an EN 16931 VAT category (UNTDID 5305)
/// for e-invoices (``documentCategory``).
///
/// Standard and reduced rates are positive; every other category is 0 %. Exempt, reverse charge and out of scope
/// need an exemption reason on e-invoices (BT-120).
public enum TaxCodeCategory: String, WireEnum, Hashable, Sendable {
    case standard, reduced, zero, exempt, reverseCharge, outOfScope

    /// The EN 16931 category: standard and reduced → S, zero → Z, exempt → E, reverse charge → AE, out of scope → O.
    public var documentCategory: TaxCategory {
        switch self {
        case .standard, .reduced: .standard
        case .zero: .zeroRated
        case .exempt: .exempt
        case .reverseCharge: .reverseCharge
        case .outOfScope: .outOfScope
        }
    }

    /// Whether the rate must be above 0 (standard, reduced) rather than exactly 0 (every other category).
    public var hasPositiveRate: Bool { self == .standard || self == .reduced }

    /// Whether a code of this category needs an exemption reason (E, AE, O on an e-invoice).
    public var needsExemptionReason: Bool { documentCategory.needsExemptionReason }
}

/// The rules on a tax code's fields, pure: code, name, rate against category, exemption reason.
public enum TaxCodeRules {
    /// Letters, digits, `_ . -`; 1–20 characters, starting with a letter or digit (`FR-20`, `EXEMPT`).
    public static let codePattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$"

    /// Every problem with a code's fields, by path (`code`, `name`, `rate`, `exemptionReason`).
    public static func violations(
        code: String?, name: String?, rate: ExactDecimal?, category: TaxCodeCategory?, exemptionReason: String?
    ) -> [FieldViolation] {
        var errors = [FieldViolation]()
        if let code, !isCode(code) {
            errors.append(
                FieldViolation(
                    path: "code", code: .invalidValue,
                    message: "must be 1 to 20 letters, digits, '_', '.' or '-', starting with a letter or digit"))
        }
        if let name { errors += TextField.violations(name, at: "name", maxLength: 200) }
        if let exemptionReason { errors += TextField.violations(exemptionReason, at: "exemptionReason", maxLength: 500) }
        if let rate {
            if let error = AmountLimits.percentViolation(rate, at: "rate") {
                errors.append(error)
            } else if let category, category.hasPositiveRate != rate.isPositive {
                errors.append(
                    FieldViolation(
                        path: "rate", code: .conflict,
                        message: category.hasPositiveRate
                            ? "must be greater than 0 for the category \(category.wireValue)"
                            : "must be 0 for the category \(category.wireValue)"))
            }
        }
        if let category, category.needsExemptionReason, exemptionReason == nil {
            errors.append(
                FieldViolation(
                    path: "exemptionReason", code: .required,
                    message: "is required for the category \(category.wireValue) (e-invoices carry it, EN 16931 BT-120)"))
        }
        return errors
    }

    static func isCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...20).contains(bytes.count) else { return false }
        func allowed(_ b: UInt8, first: Bool) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                || (!first && (b == 0x5F || b == 0x2E || b == 0x2D))
        }
        return bytes.enumerated().allSatisfy { allowed($0.element, first: $0.offset == 0) }
    }
}
