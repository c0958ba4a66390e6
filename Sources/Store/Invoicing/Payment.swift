import Domain
import Foundation

/// How a payment was made.
public enum PaymentMethod: String, WireEnum, Sendable, Hashable {
    case bankTransfer, card, cash, check, directDebit, other
}

/// A part of a payment applied to one invoice.
public struct PaymentAllocationDraft: Sendable, Hashable {
    public var invoiceID: UUID
    public var amount: ExactDecimal

    public init(invoiceID: UUID, amount: ExactDecimal) {
        self.invoiceID = invoiceID
        self.amount = amount
    }
}

/// A payment received from a party, split across its open invoices.
public struct PaymentDraft: Sendable, Hashable {
    public var partyID: UUID
    public var date: CalendarDate
    /// Greater than zero; equal to the sum of the allocations.
    public var amount: ExactDecimal
    public var method: PaymentMethod
    public var reference: String?
    /// The account debited; defaults to the tenant's bank account.
    public var bankAccountID: UUID?
    public var allocations: [PaymentAllocationDraft]

    public init(
        partyID: UUID, date: CalendarDate, amount: ExactDecimal, method: PaymentMethod = .bankTransfer,
        reference: String? = nil, bankAccountID: UUID? = nil, allocations: [PaymentAllocationDraft]
    ) {
        self.partyID = partyID
        self.date = date
        self.amount = amount
        self.method = method
        self.reference = reference
        self.bankAccountID = bankAccountID
        self.allocations = allocations
    }
}

/// A stored allocation.
public struct PaymentAllocation: Sendable, Hashable {
    public let invoiceID: UUID
    public let amount: ExactDecimal
}

/// A recorded payment. It never changes, except to be reversed once.
public struct Payment: Sendable, Hashable {
    public let id: UUID
    public let partyID: UUID
    public let date: CalendarDate
    public let amount: ExactDecimal
    public let currency: Currency
    public let method: PaymentMethod
    public let reference: String?
    public let bankAccountID: UUID
    /// Dr bank / Cr receivable.
    public let entryID: UUID
    public let reversalEntryID: UUID?
    public let reversedOn: CalendarDate?
    public let reversedAt: Date?
    public let createdAt: Date
    public let allocations: [PaymentAllocation]

    public var isReversed: Bool { reversalEntryID != nil }
}
