import Foundation

/// What a credit note credits of its invoice.
public enum CreditRequest: Sendable, Hashable {
    /// Everything not yet credited.
    case full
    /// An amount including tax, spread over the lines in proportion to what is left of each.
    case amount(ExactDecimal)
    /// Some lines, each by quantity or by an amount including tax.
    case lines([CreditLineRequest])
}

/// One line of a credit-by-lines request.
public struct CreditLineRequest: Sendable, Hashable {
    /// The invoice line's `line_no`.
    public var lineNumber: Int
    /// Credit this many units (the line's net and tax in proportion to its quantity).
    public var quantity: ExactDecimal?
    /// Or credit this amount including tax (net and tax in proportion to what is left of the line).
    public var amount: ExactDecimal?

    public init(lineNumber: Int, quantity: ExactDecimal? = nil, amount: ExactDecimal? = nil) {
        self.lineNumber = lineNumber
        self.quantity = quantity
        self.amount = amount
    }
}

/// An invoice line as a new credit note sees it: what it billed and what earlier credit notes took from it.
public struct CreditableLine: Sendable, Hashable {
    public var lineNumber: Int
    public var description: String
    public var quantity: ExactDecimal
    public var taxRate: ExactDecimal?
    public var incomeAccount: UUID
    public var net: ExactDecimal
    public var tax: ExactDecimal
    /// Credited by earlier credit notes (by quantity, amount or in full).
    public var creditedNet: ExactDecimal
    public var creditedTax: ExactDecimal
    /// Units credited by earlier credit notes that credited by quantity.
    public var creditedQuantity: ExactDecimal

    public init(
        lineNumber: Int, description: String, quantity: ExactDecimal, taxRate: ExactDecimal?, incomeAccount: UUID,
        net: ExactDecimal, tax: ExactDecimal, creditedNet: ExactDecimal = .zero, creditedTax: ExactDecimal = .zero,
        creditedQuantity: ExactDecimal = .zero
    ) {
        self.lineNumber = lineNumber
        self.description = description
        self.quantity = quantity
        self.taxRate = taxRate
        self.incomeAccount = incomeAccount
        self.net = net
        self.tax = tax
        self.creditedNet = creditedNet
        self.creditedTax = creditedTax
        self.creditedQuantity = creditedQuantity
    }
}

/// One line of a computed credit note.
public struct CreditedLine: Sendable, Hashable {
    public var invoiceLineNumber: Int
    public var description: String
    /// The units credited, when credited by quantity.
    public var quantity: ExactDecimal?
    public var taxRate: ExactDecimal?
    public var incomeAccount: UUID
    public var net: ExactDecimal
    public var tax: ExactDecimal
}

/// A computed credit note: its lines and totals, in the currency's minor units.
public struct CreditNoteAmounts: Sendable, Hashable {
    public var lines: [CreditedLine]
    public var netTotal: ExactDecimal
    public var taxTotal: ExactDecimal
    /// `netTotal + taxTotal`.
    public var total: ExactDecimal
}
