import Domain
import Foundation

/// A bank account of the tenant, tied to one asset account of the ledger.
public struct BankAccount: Sendable, Hashable {
    public let id: UUID
    public let name: String
    public let ledgerAccountID: UUID
    public let iban: String?
    public let bic: String?
    public let accountNumber: String?
    public let currency: Currency
    public let csvMapping: CSVStatementMapping?
    /// The score (1–100) auto-reconcile needs for a match, unless the request gives its own.
    public let autoReconcileMinScore: Int
    public let archivedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
}

/// A new bank account, or the full replacement of one.
public struct BankAccountDraft: Sendable, Hashable {
    public var name: String
    /// An active asset account; `nil`: the system bank account (role `bank`).
    public var ledgerAccountID: UUID?
    /// Any spacing and case; checked by mod 97.
    public var iban: String?
    public var bic: String?
    public var accountNumber: String?
    /// `nil`: the tenant's currency.
    public var currency: Currency?
    public var csvMapping: CSVStatementMapping?
    /// The score (1–100) auto-reconcile needs for a match; `nil`: the default (``defaultAutoReconcileMinScore``).
    public var autoReconcileMinScore: Int?

    /// The confidence auto-reconcile needs when neither the account nor the request says.
    public static let defaultAutoReconcileMinScore = 90
    public static let autoReconcileScores = 1...100

    public init(
        name: String, ledgerAccountID: UUID? = nil, iban: String? = nil, bic: String? = nil, accountNumber: String? = nil,
        currency: Currency? = nil, csvMapping: CSVStatementMapping? = nil, autoReconcileMinScore: Int? = nil
    ) {
        self.autoReconcileMinScore = autoReconcileMinScore
        self.name = name
        self.ledgerAccountID = ledgerAccountID
        self.iban = iban
        self.bic = bic
        self.accountNumber = accountNumber
        self.currency = currency
        self.csvMapping = csvMapping
    }

    /// The problems with the fields, and the normalized IBAN and BIC.
    func checked() -> (errors: [FieldViolation], iban: String?, bic: String?) {
        var errors = TextField.violations(name, at: "name", maxLength: 200)
        errors += TextField.violations(accountNumber, at: "accountNumber", maxLength: 34)
        var normalizedIBAN: String?
        if let iban {
            normalizedIBAN = BankIdentifiers.iban(iban)
            if normalizedIBAN == nil {
                errors.append(FieldViolation(path: "iban", code: .invalidValue, message: "is not a valid IBAN (country, check digits, mod 97)"))
            }
        }
        var normalizedBIC: String?
        if let bic {
            normalizedBIC = BankIdentifiers.bic(bic)
            if normalizedBIC == nil {
                errors.append(FieldViolation(path: "bic", code: .invalidValue, message: "is not a BIC (8 or 11 letters and digits)"))
            }
        }
        if iban == nil && accountNumber == nil {
            errors.append(FieldViolation(path: "iban", code: .required, message: "or account_number is required"))
        }
        if let csvMapping { errors += csvMapping.violations(at: "csvMapping/") }
        if let score = autoReconcileMinScore, !Self.autoReconcileScores.contains(score) {
            errors.append(FieldViolation(path: "autoReconcileMinScore", code: .invalidValue, message: "must be between 1 and 100"))
        }
        return (errors, normalizedIBAN, normalizedBIC)
    }
}

/// What an import did.
public struct BankStatementImport: Sendable, Hashable {
    public let id: UUID
    public let bankAccountID: UUID
    public let format: BankStatementFormat
    public let statements: Int
    public let linesAdded: Int
    /// Lines already imported before (same bank identity): left as they were.
    public let linesSkipped: Int
    public let closingBalance: ExactDecimal?
    public let createdAt: Date
}

/// A stored statement line and what it was reconciled with.
public struct BankLine: Sendable, Hashable {
    public let id: UUID
    public let bankAccountID: UUID
    public let importID: UUID
    public let bankIdentity: String
    public let line: BankStatementLine
    public let currency: Currency
    public let paymentID: UUID?
    public let entryID: UUID?
    public let expenseID: UUID?
    public let reconciledAt: Date?

    public var isReconciled: Bool { reconciledAt != nil }
}

/// A suggestion with what a person needs to judge it.
public struct BankLineSuggestion: Sendable, Hashable {
    public let invoiceID: UUID
    public let invoiceNumber: String
    public let partyID: UUID
    public let partyName: String
    public let outstanding: ExactDecimal
    public let score: Int
    public let reasons: [MatchReason]
}

/// An unpaid expense a money-out line may pay, with what a person needs to judge it.
public struct BankLineExpenseSuggestion: Sendable, Hashable {
    public let expenseID: UUID
    public let reference: String?
    public let vendorID: UUID
    public let vendorName: String
    public let amount: ExactDecimal
    public let expenseDate: CalendarDate
    public let score: Int
    /// ``MatchReason/invoiceNumber`` here means the expense's reference.
    public let reasons: [MatchReason]
}

/// How a line is reconciled: payments of invoices (money in), an unpaid expense it pays (money out, the same
/// amount), or an account for the counter-entry (and a party for its lines).
public enum BankReconciliation: Sendable, Hashable {
    case invoices([PaymentAllocationDraft])
    case expense(UUID)
    /// A journal entry bank ↔ the account; `party` is named on its lines.
    case account(UUID, memo: String?, party: UUID? = nil)
}

/// A bank account's register: what the bank says, what the books say, and what is not reconciled yet.
public struct BankRegister: Sendable, Hashable {
    /// The closing balance of the latest statement that stated one, and its date.
    public let statementBalance: ExactDecimal?
    public let statementDate: CalendarDate?
    /// The balance of the bank account's ledger account (entries in the bank account's currency).
    public let ledgerBalance: ExactDecimal
    public let linesTotal: ExactDecimal
    public let lines: Int
    public let unreconciledTotal: ExactDecimal
    public let unreconciled: Int
}
