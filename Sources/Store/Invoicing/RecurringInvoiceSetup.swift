import Domain
import Foundation

/// What a recurring invoice bills: "by products" (item lines) or "by amount" (one amount) — Initiative's choice.
public enum RecurringInvoiceContent: Sendable, Hashable {
    case products([RecurringInvoiceLine])
    case amount(ExactDecimal, description: String)
}

/// A product line of a recurring invoice. Description, price and tax rate default to the item's when saved.
public struct RecurringInvoiceLine: Sendable, Hashable {
    public var itemID: UUID
    public var description: String?
    public var quantity: ExactDecimal
    public var unitPrice: ExactDecimal?
    public var taxRate: ExactDecimal?

    public init(
        itemID: UUID, description: String? = nil, quantity: ExactDecimal = 1, unitPrice: ExactDecimal? = nil,
        taxRate: ExactDecimal? = nil
    ) {
        self.itemID = itemID
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.taxRate = taxRate
    }
}

/// A recurring invoice setup as entered (MixERP's setup, Initiative's template).
public struct RecurringInvoiceSetupDraft: Sendable, Hashable {
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
    public var isActive: Bool

    public init(
        partyID: UUID, itemID: UUID? = nil, content: RecurringInvoiceContent, incomeAccountID: UUID? = nil,
        discount: Discount? = nil, paymentTermsDays: Int? = nil, statementReference: String, schedule: Schedule,
        isActive: Bool = true
    ) {
        self.partyID = partyID
        self.itemID = itemID
        self.content = content
        self.incomeAccountID = incomeAccountID
        self.discount = discount
        self.paymentTermsDays = paymentTermsDays
        self.statementReference = statementReference
        self.schedule = schedule
        self.isActive = isActive
    }
}

/// A stored setup, with its cursor (the last occurrence posted).
public struct RecurringInvoiceSetup: Sendable, Hashable {
    public let id: UUID
    public let partyID: UUID
    public let itemID: UUID?
    /// The sale that created it automatically, if any.
    public let salesOrderID: UUID?
    /// Product lines come back resolved: description, price and tax rate as they will be invoiced.
    public let content: RecurringInvoiceContent
    public let incomeAccountID: UUID?
    public let discount: Discount?
    public let paymentTermsDays: Int
    public let currency: Currency
    public let statementReference: String
    public let schedule: Schedule
    public let isActive: Bool
    /// Occurrences posted on or before this date are skipped (set when resumed without catching up).
    public let skipThrough: CalendarDate?
    public let lastPostedIndex: Int?
    public let lastPostedDate: CalendarDate?
    public let createdAt: Date
    public let updatedAt: Date

    /// The occurrences not posted yet: after the cursor and after ``skipThrough``. Lazy; query a window.
    public func upcomingOccurrences(context: ScheduleContext) -> OccurrenceSequence {
        var occurrences = schedule.occurrences(context: context)
        if let lastPostedIndex { occurrences = occurrences.occurrences(afterIndex: lastPostedIndex) }
        if let skipThrough {
            guard let next = skipThrough.checkedAdding(days: 1) else { return occurrences[occurrences.endIndex..<occurrences.endIndex] }
            occurrences = occurrences.posted(onOrAfter: next)
        }
        return occurrences
    }

    /// What the EOD for `asOf` must post, in order: the upcoming occurrences posted on or before `asOf`
    /// (empty when the setup is stopped).
    public func occurrencesDue(through asOf: CalendarDate, context: ScheduleContext) -> OccurrenceSequence {
        let upcoming = upcomingOccurrences(context: context)
        guard isActive else { return upcoming[upcoming.startIndex..<upcoming.startIndex] }
        return upcoming.posted(after: nil, through: asOf)
    }
}

/// One future posting of a setup, computed without writing anything.
public struct RecurringInvoicePreview: Sendable, Hashable {
    public let occurrence: Occurrence
    /// The invoice date: the occurrence's posting date.
    public let invoiceDate: CalendarDate
    /// The occurrence's due date plus the payment terms.
    public let dueDate: CalendarDate
    /// The statement reference expanded for the occurrence.
    public let statementReference: String
    public let currency: Currency
    public let amounts: InvoiceAmounts
}

/// The result of posting one occurrence.
public struct PostedOccurrence: Sendable, Hashable {
    public let setupID: UUID
    public let occurrence: Occurrence
    public let invoice: Invoice
}
