import Domain
import Foundation

/// A tenant's tax code: a rate, an EN 16931 category and the accounts its tax goes to (docs/invoicing.md, "Tax
/// codes"). Lines of invoices, recurring invoices, sales orders and expenses name one instead of a bare rate.
public struct TaxCode: Sendable, Hashable {
    public let id: UUID
    /// Short and unique within the tenant, case-insensitively (`FR-20`, `EXEMPT`).
    public let code: String
    public let name: String
    /// Percent, exact; 0 for every category but standard and reduced.
    public let rate: ExactDecimal
    public let category: TaxCodeCategory
    /// Printed on e-invoices (BT-120); required for exempt, reverse charge and out of scope.
    public let exemptionReason: String?
    /// Credited with the tax of sales lines (default: the tenant's tax payable account).
    public let payableAccountID: UUID
    /// Debited with the input tax of expenses (default: the payable account).
    public let receivableAccountID: UUID
    /// Archived codes are refused on new documents; documents that name one keep it.
    public let archivedAt: Date?
    /// Named by a document or template: its rate, category and accounts are fixed.
    public let isUsed: Bool
    public let createdAt: Date
    public let updatedAt: Date
}

/// A new tax code.
public struct TaxCodeDraft: Sendable, Hashable {
    public var code: String
    public var name: String
    public var rate: ExactDecimal
    public var category: TaxCodeCategory
    public var exemptionReason: String?
    public var payableAccountID: UUID?
    public var receivableAccountID: UUID?

    public init(
        code: String, name: String, rate: ExactDecimal, category: TaxCodeCategory, exemptionReason: String? = nil,
        payableAccountID: UUID? = nil, receivableAccountID: UUID? = nil
    ) {
        self.code = code
        self.name = name
        self.rate = rate
        self.category = category
        self.exemptionReason = exemptionReason
        self.payableAccountID = payableAccountID
        self.receivableAccountID = receivableAccountID
    }
}

/// A change to a tax code: `nil` leaves a field as it is; `exemptionReason: .some(nil)` removes the reason.
public struct TaxCodeChanges: Sendable, Hashable {
    public var name: String?
    public var rate: ExactDecimal?
    public var category: TaxCodeCategory?
    public var exemptionReason: String??
    public var payableAccountID: UUID?
    public var receivableAccountID: UUID?

    public init(
        name: String? = nil, rate: ExactDecimal? = nil, category: TaxCodeCategory? = nil,
        exemptionReason: String?? = nil, payableAccountID: UUID? = nil, receivableAccountID: UUID? = nil
    ) {
        self.name = name
        self.rate = rate
        self.category = category
        self.exemptionReason = exemptionReason
        self.payableAccountID = payableAccountID
        self.receivableAccountID = receivableAccountID
    }
}
