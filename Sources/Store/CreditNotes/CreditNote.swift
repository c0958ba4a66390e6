import Domain
import Foundation

/// A credit note: all or part of an issued invoice cancelled, numbered in its own gapless sequence, posted as the
/// exact reversal of the credited part.
public struct CreditNote: Sendable, Hashable {
    public let id: UUID
    public let invoiceID: UUID
    public let partyID: UUID
    public let currency: Currency
    public let sequenceNumber: Int64
    /// The formatted number, e.g. `CN-2026-000007`.
    public let number: String
    public let creditDate: CalendarDate
    public let reason: String?
    public let netTotal: ExactDecimal
    public let taxTotal: ExactDecimal
    public let total: ExactDecimal
    /// The part that reduced what the invoice still owed.
    public let invoiceSettled: ExactDecimal
    /// The rest: a customer credit, to refund or apply to another invoice of the party.
    public let customerCredit: ExactDecimal
    /// Refunded or applied so far.
    public let creditUsed: ExactDecimal
    public let entryID: UUID
    public let createdAt: Date
    public let lines: [CreditNoteLine]
    public let uses: [CustomerCreditUse]

    /// Customer credit not yet refunded or applied.
    public var creditLeft: ExactDecimal { (try? customerCredit.subtracting(creditUsed)) ?? .zero }
}

/// What a credit note credits of one invoice line.
public struct CreditNoteLine: Sendable, Hashable {
    public let lineNumber: Int
    public let invoiceLineNumber: Int
    public let description: String
    /// The units credited, when credited by quantity.
    public let quantity: ExactDecimal?
    public let taxRate: ExactDecimal?
    public let incomeAccountID: UUID
    public let net: ExactDecimal
    public let tax: ExactDecimal
}

/// How a customer credit was used.
public enum CustomerCreditUseKind: String, WireEnum, Sendable, Hashable {
    /// Paid back to the customer: a payment out (Dr receivable, Cr bank).
    case refund
    /// Set against another invoice of the party (Dr receivable for the credit note, Cr receivable for the invoice).
    case application
}

/// A refund or an application of (part of) a credit note's customer credit.
public struct CustomerCreditUse: Sendable, Hashable {
    public let id: UUID
    public let kind: CustomerCreditUseKind
    public let date: CalendarDate
    public let amount: ExactDecimal
    /// The invoice it was applied to (applications).
    public let invoiceID: UUID?
    public let method: PaymentMethod?
    public let reference: String?
    public let bankAccountID: UUID?
    public let entryID: UUID
    public let createdAt: Date
}

/// A credit note to issue against an invoice.
public struct CreditNoteDraft: Sendable, Hashable {
    public var request: CreditRequest
    public var reason: String?
    /// Default: the tenant's today.
    public var creditDate: CalendarDate?

    public init(request: CreditRequest, reason: String? = nil, creditDate: CalendarDate? = nil) {
        self.request = request
        self.reason = reason
        self.creditDate = creditDate
    }
}

/// A refund of a credit note's customer credit.
public struct CreditRefundDraft: Sendable, Hashable {
    /// Default: all the credit left on the credit note.
    public var amount: ExactDecimal?
    public var date: CalendarDate
    public var method: PaymentMethod
    public var reference: String?
    /// Default: the bank account.
    public var bankAccountID: UUID?

    public init(
        amount: ExactDecimal? = nil, date: CalendarDate, method: PaymentMethod = .bankTransfer, reference: String? = nil,
        bankAccountID: UUID? = nil
    ) {
        self.amount = amount
        self.date = date
        self.method = method
        self.reference = reference
        self.bankAccountID = bankAccountID
    }
}

/// Filters of ``CreditNoteRepository/list(_:)``.
public struct CreditNoteQuery: Sendable, Hashable {
    public var partyID: UUID?
    public var invoiceID: UUID?
    public var page: PageRequest

    public init(partyID: UUID? = nil, invoiceID: UUID? = nil, page: PageRequest = PageRequest()) {
        self.partyID = partyID
        self.invoiceID = invoiceID
        self.page = page
    }
}
