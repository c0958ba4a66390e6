import Domain
import Foundation

/// A template of expenses the EOD posts on a schedule ("software subscription every month").
public struct RecurringExpense: Sendable, Hashable {
    public let id: UUID
    public let vendorID: UUID
    public let categoryID: UUID
    public let amount: Money
    public let department: String?
    public let project: String?
    public let campaign: String?
    public let reference: String?
    public let notes: String?
    /// Each occurrence is posted as paid (Cr bank) rather than owed (Cr AP).
    public let paid: Bool
    /// The tax code each expense's amount includes, if any.
    public let taxCodeID: UUID?
    /// Schedule, lifecycle state and cursor.
    public let recurring: RecurringTemplate
    public let createdAt: Date
    public let updatedAt: Date
}

/// A new recurring expense.
public struct RecurringExpenseDraft: RecurringTemplateDraft, Hashable {
    public var vendorID: UUID
    public var categoryID: UUID
    public var amount: ExactDecimal
    /// Defaults to the vendor's currency (the only one allowed).
    public var currency: Currency?
    public var department: String?
    public var project: String?
    public var campaign: String?
    public var reference: String?
    public var notes: String?
    public var paid: Bool
    /// An active tax code whose tax each expense's amount includes.
    public var taxCodeID: UUID?
    public var schedule: Schedule

    public init(
        vendorID: UUID, categoryID: UUID, amount: ExactDecimal, currency: Currency? = nil, department: String? = nil,
        project: String? = nil, campaign: String? = nil, reference: String? = nil, notes: String? = nil, paid: Bool = false,
        taxCodeID: UUID? = nil, schedule: Schedule
    ) {
        self.taxCodeID = taxCodeID
        self.vendorID = vendorID
        self.categoryID = categoryID
        self.amount = amount
        self.currency = currency
        self.department = department
        self.project = project
        self.campaign = campaign
        self.reference = reference
        self.notes = notes
        self.paid = paid
        self.schedule = schedule
    }

    /// The expense one occurrence posts.
    func expense(on date: CalendarDate) -> ExpenseDraft {
        ExpenseDraft(
            vendorID: vendorID, categoryID: categoryID, amount: amount, currency: currency, date: date,
            department: department, project: project, campaign: campaign, reference: reference, notes: notes, paid: paid,
            taxCodeID: taxCodeID)
    }
}
