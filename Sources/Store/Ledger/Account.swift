import Domain
import Foundation

/// The five kinds of account.
public enum AccountType: String, WireEnum, Sendable, Hashable {
    case asset, liability, equity, income, expense
}

/// The system accounts every tenant has (seeded by `0002_ledger.sql`); posting rules find them by role.
public enum AccountRole: String, WireEnum, Sendable, Hashable {
    case accountsReceivable, accountsPayable, bank, salesIncome, generalExpense, taxPayable
}

/// An account of the chart.
public struct Account: Sendable, Hashable {
    public let id: UUID
    public let code: String
    public let name: String
    public let type: AccountType
    /// Set for the system accounts, which cannot be archived, deleted or change type.
    public let role: AccountRole?
    public let archivedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date

    /// Archived accounts take no new postings.
    public var isArchived: Bool { archivedAt != nil }
}

/// A new account, or the full replacement of an existing one's code, name and type.
public struct AccountDraft: Sendable, Hashable {
    /// 1–20 letters, digits, `.`, `_`, `-`, starting with a letter or digit; unique in the chart.
    public var code: String
    /// 1–200 characters.
    public var name: String
    public var type: AccountType

    public init(code: String, name: String, type: AccountType) {
        self.code = code
        self.name = name
        self.type = type
    }

    /// The problems with the fields, at `code` and `name`.
    func violations() -> [FieldViolation] {
        var errors = [FieldViolation]()
        let codeCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
        if code.isEmpty || code.count > 20 || !code.allSatisfy(codeCharacters.contains) || code.first == "."
            || code.first == "_" || code.first == "-"
        {
            errors.append(
                FieldViolation(
                    path: "code", code: .invalidValue,
                    message: "must be 1–20 letters, digits, . _ or -, starting with a letter or digit"))
        }
        errors += TextField.violations(name, at: "name", maxLength: 200)
        return errors
    }
}
