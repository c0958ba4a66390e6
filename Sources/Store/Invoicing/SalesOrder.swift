import Domain
import Foundation

/// Where a sales order stands: `open` until won (confirmed), lost or cancelled.
public enum SalesOrderStatus: String, WireEnum, Sendable, Hashable {
    case open, won, lost, cancelled
}

/// An order line: an item sold. Description, price and tax rate default to the item's when saved.
public struct SalesOrderLineDraft: Sendable, Hashable {
    public var itemID: UUID
    public var description: String?
    public var quantity: ExactDecimal
    public var unitPrice: ExactDecimal?
    public var discount: Discount?
    public var taxRate: ExactDecimal?
    /// A tax code instead of a rate (exclusive with it); the line stores the code's rate and the order's invoice
    /// line names the code (its tax goes to the code's payable account).
    public var taxCodeID: UUID?

    public init(
        itemID: UUID, description: String? = nil, quantity: ExactDecimal = 1, unitPrice: ExactDecimal? = nil,
        discount: Discount? = nil, taxRate: ExactDecimal? = nil, taxCodeID: UUID? = nil
    ) {
        self.taxCodeID = taxCodeID
        self.itemID = itemID
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.taxRate = taxRate
    }
}

/// A sales order as entered.
public struct SalesOrderDraft: Sendable, Hashable {
    public var partyID: UUID
    public var orderDate: CalendarDate
    public var reference: String?
    /// Defaults to the party's terms.
    public var paymentTermsDays: Int?
    public var discount: Discount?
    public var lines: [SalesOrderLineDraft]

    public init(
        partyID: UUID, orderDate: CalendarDate, reference: String? = nil, paymentTermsDays: Int? = nil,
        discount: Discount? = nil, lines: [SalesOrderLineDraft]
    ) {
        self.partyID = partyID
        self.orderDate = orderDate
        self.reference = reference
        self.paymentTermsDays = paymentTermsDays
        self.discount = discount
        self.lines = lines
    }
}

/// A stored order line, resolved.
public struct SalesOrderLine: Sendable, Hashable {
    public let lineNumber: Int
    public let itemID: UUID
    public let description: String
    public let quantity: ExactDecimal
    public let unitPrice: ExactDecimal
    public let discount: Discount?
    /// The code's rate when ``taxCodeID`` is set.
    public let taxRate: ExactDecimal?
    public let taxCodeID: UUID?

    /// The line as its invoice (or an auto-triggered setup) takes it: the code, else the rate.
    var invoiceTax: (rate: ExactDecimal?, code: UUID?) { taxCodeID == nil ? (taxRate, nil) : (nil, taxCodeID) }
}

/// A stored sales order.
public struct SalesOrder: Sendable, Hashable {
    public let id: UUID
    public let partyID: UUID
    public let orderDate: CalendarDate
    public let currency: Currency
    public let status: SalesOrderStatus
    public let reference: String?
    public let paymentTermsDays: Int
    public let discount: Discount?
    public let lines: [SalesOrderLine]
    /// The recurring sales order that posted it, if any.
    public let recurringSalesOrderID: UUID?
    public let confirmedOn: CalendarDate?
    public let confirmedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
}

/// The follow-up task created when an order is won.
public struct FollowUpTaskDraft: Sendable, Hashable {
    /// 1–200 characters.
    public var title: String
    public var dueDate: CalendarDate?

    public init(title: String, dueDate: CalendarDate?) {
        self.title = title
        self.dueDate = dueDate
    }
}

/// A task record (minimal: a later issue extends tasks).
public struct FollowUpTask: Sendable, Hashable {
    public let id: UUID
    public let title: String
    public let dueDate: CalendarDate?
    /// `open` or `done`.
    public let status: String
    public let salesOrderID: UUID?
    public let createdAt: Date
}

/// Everything confirming an order created, in one transaction.
public struct SalesOrderConfirmation: Sendable, Hashable {
    public let order: SalesOrder
    /// Issued, numbered and posted.
    public let invoice: Invoice
    public let task: FollowUpTask
    /// One per line whose item's recurring template triggers automatically on sales.
    public let setups: [RecurringInvoiceSetup]
}
