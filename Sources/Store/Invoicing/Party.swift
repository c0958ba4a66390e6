import Domain
import Foundation

/// Whom a party is to the tenant.
public enum PartyKind: String, WireEnum, Sendable, Hashable {
    case customer, vendor

    /// Customers owe us through receivables, we owe vendors through payables.
    var defaultControlRole: AccountRole { self == .customer ? .accountsReceivable : .accountsPayable }
    /// The type a control account of such a party must have.
    var controlAccountType: AccountType { self == .customer ? .asset : .liability }
}

/// A customer or vendor.
public struct Party: Sendable, Hashable {
    public let id: UUID
    public let kind: PartyKind
    public let name: String
    public let email: String?
    /// Debited when the party is invoiced (AR for customers, AP for vendors, unless overridden).
    public let controlAccountID: UUID
    /// Invoices fall due this many days after their date.
    public let paymentTermsDays: Int
    public let currency: Currency
    /// Where invoices are addressed; EN 16931 needs at least its country (BR-11).
    public let billingAddress: PostalAddress?
    /// The party's VAT identifier, printed on documents; e-invoices with reverse charge need it.
    public let vatID: String?
    /// A company registration number (SIREN…).
    public let registrationID: String?
    /// The reference the customer asks to be quoted on its invoices (EN 16931 BT-10), e.g. a purchase order.
    public let buyerReference: String?
    /// The customer asked not to be reminded (subscription ending, overdue); invoices are still sent.
    public let remindersOptOut: Bool
    /// The language of the party's e-mails; `nil`: the tenant's documents locale.
    public let language: DocumentLocale?
    /// Copied (`Cc:`) on the party's invoices and reminders, at most ``PartyDraft/maxBillingCC``.
    public let billingCC: [String]
    /// Customer credit left by credit notes beyond what their invoices owed, not yet refunded or applied.
    public let creditBalance: ExactDecimal
    public let archivedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
}

/// A new party, or the full replacement of an existing one (its kind cannot change).
public struct PartyDraft: Sendable, Hashable {
    public var kind: PartyKind
    /// 1–200 characters.
    public var name: String
    public var email: String?
    /// Defaults to the tenant's accounts receivable (customers) or payable (vendors).
    public var controlAccountID: UUID?
    /// 0…3650 days.
    public var paymentTermsDays: Int
    /// Defaults to the tenant's base currency.
    public var currency: Currency?
    public var billingAddress: PostalAddress?
    public var vatID: String?
    public var registrationID: String?
    public var buyerReference: String?
    /// No reminders to this customer (subscription ending, overdue); invoices are still sent.
    public var remindersOptOut: Bool
    /// The language of the party's e-mails; `nil`: the tenant's documents locale.
    public var language: DocumentLocale?
    /// More addresses for invoices and reminders (`Cc:`), at most ``maxBillingCC``, each an ``EmailAddress``.
    public var billingCC: [String]

    /// The most cc addresses a party has.
    public static let maxBillingCC = 10

    public init(
        kind: PartyKind, name: String, email: String? = nil, controlAccountID: UUID? = nil, paymentTermsDays: Int = 0,
        currency: Currency? = nil, billingAddress: PostalAddress? = nil, vatID: String? = nil,
        registrationID: String? = nil, buyerReference: String? = nil, remindersOptOut: Bool = false,
        language: DocumentLocale? = nil, billingCC: [String] = []
    ) {
        self.remindersOptOut = remindersOptOut
        self.language = language
        self.billingCC = billingCC
        self.billingAddress = billingAddress
        self.vatID = vatID
        self.registrationID = registrationID
        self.buyerReference = buyerReference
        self.kind = kind
        self.name = name
        self.email = email
        self.controlAccountID = controlAccountID
        self.paymentTermsDays = paymentTermsDays
        self.currency = currency
    }

    /// The draft that would replace `party` with itself: the start of a partial change.
    public init(_ party: Party) {
        self.init(
            kind: party.kind, name: party.name, email: party.email, controlAccountID: party.controlAccountID,
            paymentTermsDays: party.paymentTermsDays, currency: party.currency, billingAddress: party.billingAddress,
            vatID: party.vatID, registrationID: party.registrationID, buyerReference: party.buyerReference,
            remindersOptOut: party.remindersOptOut, language: party.language, billingCC: party.billingCC)
    }

    func violations() -> [FieldViolation] {
        var errors = TextField.violations(name, at: "name", maxLength: 200)
        if let email, !EmailAddress.isValid(email) {
            errors.append(FieldViolation(path: "email", code: .invalidValue, message: EmailAddress.rule))
        }
        errors += PaymentTerms.violations(paymentTermsDays, at: "paymentTermsDays")
        if let billingAddress { errors += billingAddress.violations(at: "billingAddress") }
        errors += VATIdentifier.violations(vatID, at: "vatId")
        errors += TextField.violations(registrationID, at: "registrationId", maxLength: 50)
        errors += TextField.violations(buyerReference, at: "buyerReference", maxLength: 100)
        if billingCC.count > Self.maxBillingCC {
            errors.append(
                FieldViolation(path: "billingCc", code: .outOfRange, message: "must list at most \(Self.maxBillingCC) addresses"))
        }
        for (index, address) in billingCC.enumerated() where !EmailAddress.isValid(address) {
            errors.append(FieldViolation(path: "billingCc/\(index)", code: .invalidValue, message: EmailAddress.rule))
        }
        return errors
    }
}

/// Payment terms: invoices fall due `days` after their date.
enum PaymentTerms {
    static let range = 0...3650

    static func violations(_ days: Int?, at path: String) -> [FieldViolation] {
        guard let days, !range.contains(days) else { return [] }
        return [FieldViolation(path: path, code: .outOfRange, message: "must be between 0 and 3650 days")]
    }
}
