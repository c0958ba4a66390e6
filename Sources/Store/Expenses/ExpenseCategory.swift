import Domain
import Foundation

/// A kind of expense ("Software", "Rent"), mapped to the expense account its expenses are debited to.
public struct ExpenseCategory: Sendable, Hashable {
    public let id: UUID
    public let name: String
    /// An active account of type expense.
    public let expenseAccountID: UUID
    public let createdAt: Date
}

/// A new expense category.
public struct ExpenseCategoryDraft: Sendable, Hashable {
    /// 1–200 characters, unique within the tenant.
    public var name: String
    /// Defaults to the tenant's general expense account.
    public var expenseAccountID: UUID?

    public init(name: String, expenseAccountID: UUID? = nil) {
        self.name = name
        self.expenseAccountID = expenseAccountID
    }
}
