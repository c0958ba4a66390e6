import Domain
import Foundation

/// An invoice: a draft until issued, then numbered, posted to the ledger, paid or voided.
public struct Invoice: Sendable, Hashable {
    public let id: UUID
    public let partyID: UUID
    public let status: InvoiceStatus
    public let currency: Currency
    /// The position in the tenant's gapless sequence; `nil` while a draft.
    public let sequenceNumber: Int64?
    /// The formatted number, e.g. `INV-2026-000123`; `nil` while a draft.
    public let number: String?
    /// The invoice date (set when issued; a draft may carry the date it is meant for).
    public let invoiceDate: CalendarDate?
    public let dueDate: CalendarDate?
    public let paymentTermsDays: Int
    public let statementReference: String?
    /// The invoice-level discount, as entered.
    public let discount: Discount?
    public let subtotal: ExactDecimal
    public let discountTotal: ExactDecimal
    public let taxTotal: ExactDecimal
    public let total: ExactDecimal
    public let amountPaid: ExactDecimal
    /// Σ the totals of its credit notes.
    public let amountCredited: ExactDecimal
    /// The credit that settles it: from its own credit notes (up to what it owed) or a customer credit applied to it.
    public let creditApplied: ExactDecimal
    /// The recurring setup that generated it, if any.
    public let recurringSetupID: UUID?
    public let salesOrderID: UUID?
    public let issueEntryID: UUID?
    public let voidEntryID: UUID?
    public let issuedAt: Date?
    public let voidedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
    /// The posting date of the recurring occurrence it bills; `nil` for other invoices. The EOD may date the invoice
    /// later (lock date, chronological numbering, `eod_date` dating): docs/invoicing.md, "Numbering and dating".
    public let occurrenceDate: CalendarDate?
    /// The first and last day of the period a recurring occurrence bills; `nil` for other invoices.
    public let periodStart: CalendarDate?
    public let periodEnd: CalendarDate?
    /// Unit prices include tax; each line's net is derived (docs/invoicing.md, "Tax codes").
    public let pricesIncludeTax: Bool
    public let lines: [InvoiceLine]

    /// total − paid − credit applied; nothing for a void invoice (its entry is reversed: nobody owes it).
    public var outstanding: ExactDecimal {
        guard status != .void else { return .zero }
        return (try? total.subtracting(amountPaid).subtracting(creditApplied)) ?? .zero
    }

    /// Open and due before `today` (the tenant's today).
    public func isOverdue(today: CalendarDate) -> Bool { status.isOverdue(dueDate: dueDate, today: today) }
}

/// A stored invoice line with its computed amounts.
public struct InvoiceLine: Sendable, Hashable {
    public let lineNumber: Int
    public let itemID: UUID?
    public let description: String
    public let quantity: ExactDecimal
    public let unitPrice: ExactDecimal
    public let discount: Discount?
    public let taxRate: ExactDecimal?
    /// The tax code whose rate ``taxRate`` is a copy of; `nil`: a bare rate (tax goes to the tenant's tax payable).
    public let taxCodeID: UUID?
    /// Credited with ``net`` when the invoice is issued.
    public let incomeAccountID: UUID
    /// Carried to the income line of the issue entry (campaign budgets' actuals).
    public let campaign: String?
    public let gross: ExactDecimal
    /// The line's discount plus its share of the invoice discount.
    public let discountAmount: ExactDecimal
    public let net: ExactDecimal
    public let tax: ExactDecimal
}

/// A line as entered: an item (whose name, price, tax rate and income account are the defaults) or free text.
public struct InvoiceLineDraft: Sendable, Hashable {
    public var itemID: UUID?
    /// Defaults to the item's name; required without an item.
    public var description: String?
    public var quantity: ExactDecimal
    /// Defaults to the item's price (when the item is priced in the invoice's currency).
    public var unitPrice: ExactDecimal?
    public var discount: Discount?
    /// Percent; defaults to the item's tax rate. Exclusive with ``taxCodeID``.
    public var taxRate: ExactDecimal?
    /// A tax code of the tenant: its rate is copied onto the line, its payable account credited with the tax.
    public var taxCodeID: UUID?
    /// Defaults to the item's income account, else the sales income account.
    public var incomeAccountID: UUID?
    /// The marketing campaign the line's income counts for (a budget dimension, 1–100 characters).
    public var campaign: String?

    public init(
        itemID: UUID? = nil, description: String? = nil, quantity: ExactDecimal = 1, unitPrice: ExactDecimal? = nil,
        discount: Discount? = nil, taxRate: ExactDecimal? = nil, incomeAccountID: UUID? = nil, taxCodeID: UUID? = nil,
        campaign: String? = nil
    ) {
        self.taxCodeID = taxCodeID
        self.campaign = campaign
        self.itemID = itemID
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.taxRate = taxRate
        self.incomeAccountID = incomeAccountID
    }
}

/// An invoice as entered, to create or replace a draft.
public struct InvoiceDraft: Sendable, Hashable {
    public var partyID: UUID
    /// The date to issue it on; when `nil`, it is issued on the day it is issued.
    public var invoiceDate: CalendarDate?
    /// Defaults to the party's terms.
    public var paymentTermsDays: Int?
    public var statementReference: String?
    public var discount: Discount?
    /// Unit prices include tax (default false).
    public var pricesIncludeTax: Bool
    public var lines: [InvoiceLineDraft]

    public init(
        partyID: UUID, invoiceDate: CalendarDate? = nil, paymentTermsDays: Int? = nil, statementReference: String? = nil,
        discount: Discount? = nil, pricesIncludeTax: Bool = false, lines: [InvoiceLineDraft]
    ) {
        self.pricesIncludeTax = pricesIncludeTax
        self.partyID = partyID
        self.invoiceDate = invoiceDate
        self.paymentTermsDays = paymentTermsDays
        self.statementReference = statementReference
        self.discount = discount
        self.lines = lines
    }
}

/// Which invoices to list.
public struct InvoiceQuery: Sendable, Hashable {
    public var status: InvoiceStatus?
    /// Only invoices overdue on this date (the tenant's today): open and due before it.
    public var overdueOn: CalendarDate?
    public var partyID: UUID?
    /// Invoice date on or after.
    public var from: CalendarDate?
    /// Invoice date on or before.
    public var through: CalendarDate?
    public var page: PageRequest

    public init(
        status: InvoiceStatus? = nil, overdueOn: CalendarDate? = nil, partyID: UUID? = nil, from: CalendarDate? = nil,
        through: CalendarDate? = nil, page: PageRequest = PageRequest()
    ) {
        self.status = status
        self.overdueOn = overdueOn
        self.partyID = partyID
        self.from = from
        self.through = through
        self.page = page
    }
}
