import Domain
import Foundation

/// What a recurring invoice bills: "by products" (item lines) or "by amount" (one amount) — Initiative's choice.
public enum RecurringInvoiceContent: Sendable, Hashable {
    case products([RecurringInvoiceLine])
    /// One line of `amount` (positive), with its tax rate (percent) if taxed, or its tax code (exclusive with the rate
    /// as entered; stored with the code's rate copied, as product lines).
    case amount(ExactDecimal, description: String, taxRate: ExactDecimal? = nil, taxCodeID: UUID? = nil)
}

/// A product line of a recurring invoice. Description, price and tax rate default to the item's when saved.
public struct RecurringInvoiceLine: Sendable, Hashable {
    public var itemID: UUID
    public var description: String?
    public var quantity: ExactDecimal
    public var unitPrice: ExactDecimal?
    public var taxRate: ExactDecimal?
    /// A tax code instead of a rate (exclusive with it as entered); stored with the code's rate copied.
    public var taxCodeID: UUID?
    /// The marketing campaign its income counts for (a budget dimension, 1–100 characters), copied onto each
    /// invoice line and its income credit as an invoice made by hand does.
    public var campaign: String?

    public init(
        itemID: UUID, description: String? = nil, quantity: ExactDecimal = 1, unitPrice: ExactDecimal? = nil,
        taxRate: ExactDecimal? = nil, taxCodeID: UUID? = nil, campaign: String? = nil
    ) {
        self.taxCodeID = taxCodeID
        self.campaign = campaign
        self.itemID = itemID
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.taxRate = taxRate
    }
}

/// A recurring invoice setup as entered (MixERP's setup, Initiative's template).
public struct RecurringInvoiceSetupDraft: RecurringTemplateDraft, Hashable {
    public var partyID: UUID
    /// The item whose template it follows, if any.
    public var itemID: UUID?
    public var content: RecurringInvoiceContent
    /// The mapped income account: every credit goes here when set. Defaults, for `amount`, to sales income;
    /// for `products`, each line's item account.
    public var incomeAccountID: UUID?
    public var discount: Discount?
    /// Defaults to the party's terms.
    public var paymentTermsDays: Int?
    /// Expanded per occurrence (`Invoice for {RIMonth}-{RIYear}`).
    public var statementReference: String
    /// Start, end / count / total duration included.
    public var schedule: Schedule
    /// Unit prices (or the amount) include tax (default false).
    public var pricesIncludeTax: Bool

    public init(
        partyID: UUID, itemID: UUID? = nil, content: RecurringInvoiceContent, incomeAccountID: UUID? = nil,
        discount: Discount? = nil, paymentTermsDays: Int? = nil, statementReference: String, schedule: Schedule,
        pricesIncludeTax: Bool = false
    ) {
        self.pricesIncludeTax = pricesIncludeTax
        self.partyID = partyID
        self.itemID = itemID
        self.content = content
        self.incomeAccountID = incomeAccountID
        self.discount = discount
        self.paymentTermsDays = paymentTermsDays
        self.statementReference = statementReference
        self.schedule = schedule
    }
}

/// A stored setup, with its cursor (the last occurrence posted).
public struct RecurringInvoiceSetup: RecurringTemplateRecord, Hashable {
    public let id: UUID
    public let partyID: UUID
    public let itemID: UUID?
    /// The sale that created it automatically, if any.
    public let salesOrderID: UUID?
    /// The plain invoice that created it automatically (an auto-triggered item sold on it), if any.
    public let sourceInvoiceID: UUID?
    /// Product lines come back resolved: description, price and tax rate as they will be invoiced.
    public let content: RecurringInvoiceContent
    public let incomeAccountID: UUID?
    public let discount: Discount?
    public let paymentTermsDays: Int
    public let currency: Currency
    public let statementReference: String
    /// Unit prices (or the amount) include tax.
    public let pricesIncludeTax: Bool
    /// Schedule, lifecycle state and cursor.
    public let recurring: RecurringTemplate
    public let createdAt: Date
    public let updatedAt: Date
}

/// The result of posting one occurrence.
public struct PostedOccurrence: Sendable, Hashable {
    public let setupID: UUID
    public let occurrence: Occurrence
    public let invoice: Invoice
}

/// What made an auto-triggered setup: a won sales order, or a plain invoice issued with the item on it.
struct AutoTriggerOrigin {
    var salesOrderID: UUID? = nil
    var invoiceID: UUID? = nil
}
