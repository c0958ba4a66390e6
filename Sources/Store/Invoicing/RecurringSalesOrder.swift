import Domain
import Foundation

/// A sales order repeated on a schedule: each occurrence creates a won order, dated its posting date, with its
/// invoice issued, numbered and posted.
public struct RecurringSalesOrder: RecurringTemplateRecord, Hashable {
    public let id: UUID
    public let partyID: UUID
    public let currency: Currency
    public let reference: String?
    public let paymentTermsDays: Int
    public let discount: Discount?
    /// Resolved: description, price and tax rate as each order will carry them.
    public let lines: [SalesOrderLine]
    /// The order it was made from (templates migrated from a recurring order), if any.
    public let sourceOrderID: UUID?
    /// Schedule, lifecycle state and cursor.
    public let recurring: RecurringTemplate
    public let createdAt: Date
    public let updatedAt: Date
}

/// A recurring sales order as entered.
public struct RecurringSalesOrderDraft: RecurringTemplateDraft, Hashable {
    public var partyID: UUID
    public var reference: String?
    /// Defaults to the party's terms.
    public var paymentTermsDays: Int?
    public var discount: Discount?
    public var lines: [SalesOrderLineDraft]
    public var schedule: Schedule

    public init(
        partyID: UUID, reference: String? = nil, paymentTermsDays: Int? = nil, discount: Discount? = nil,
        lines: [SalesOrderLineDraft], schedule: Schedule
    ) {
        self.partyID = partyID
        self.reference = reference
        self.paymentTermsDays = paymentTermsDays
        self.discount = discount
        self.lines = lines
        self.schedule = schedule
    }
}
