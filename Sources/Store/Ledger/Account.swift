import Domain
import Foundation

/// The five kinds of account.
public enum AccountType: String, CaseIterable, Sendable, Hashable {
    case asset, liability, equity, income, expense
}

/// The system accounts every tenant has (seeded by `0002_ledger.sql`); posting rules find them by role.
public enum AccountRole: String, CaseIterable, Sendable, Hashable {
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

/// Checks shared by every free-text field.
enum TextField {
    /// Not blank, at most `maxLength` characters, no control characters.
    static func violations(_ text: String, at path: String, maxLength: Int) -> [FieldViolation] {
        if isShortPrintableASCII(text, maxLength: maxLength) { return [] }
        if text.allSatisfy(\.isWhitespace) {
            return [FieldViolation(path: path, code: .required, message: "must not be blank")]
        }
        if text.count > maxLength {
            return [FieldViolation(path: path, code: .invalidValue, message: "must be at most \(maxLength) characters")]
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return [FieldViolation(path: path, code: .invalidValue, message: "must not contain control characters")]
        }
        return []
    }

    /// Printable ASCII with something besides spaces, within `maxLength` bytes: one byte is one character and
    /// none is a control character, so the text passes every check above without the Unicode work.
    private static func isShortPrintableASCII(_ text: String, maxLength: Int) -> Bool {
        let utf8 = text.utf8
        guard utf8.count <= maxLength else { return false }
        var printed = false
        for byte in utf8 {
            guard byte >= 0x20, byte <= 0x7E else { return false }
            printed = printed || byte != 0x20
        }
        return printed
    }

    /// As ``violations(_:at:maxLength:)`` for an optional field (`nil` is fine).
    static func violations(_ text: String?, at path: String, maxLength: Int) -> [FieldViolation] {
        text.map { violations($0, at: path, maxLength: maxLength) } ?? []
    }
}
