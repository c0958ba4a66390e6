import Domain
import Foundation

/// Where an expense stands.
public enum ExpenseStatus: String, WireEnum, Sendable, Hashable {
    /// Recorded against the vendor's payable.
    case unpaid
    /// Paid from a bank account (when recorded, or later).
    case paid
    /// Corrected by reversing entries; it no longer counts.
    case reversed
}

/// A recorded expense. Its facts never change; it is paid once, or reversed once.
public struct Expense: Sendable, Hashable {
    public let id: UUID
    /// A party of kind vendor.
    public let vendorID: UUID
    public let categoryID: UUID
    /// Debited: the category's account when recorded.
    public let expenseAccountID: UUID
    /// The vendor's control account, credited while unpaid.
    public let payableAccountID: UUID
    /// What was paid, tax included.
    public let amount: Money
    /// The tax code whose input tax the amount includes, if any.
    public let taxCodeID: UUID?
    /// The input tax in `amount` (zero without a code), debited to the code's receivable account.
    public let taxAmount: Money
    public let date: CalendarDate
    public let department: String?
    public let project: String?
    /// The marketing campaign it is spent on (a budget dimension, like department and project).
    public let campaign: String?
    /// Reference or receipt number.
    public let reference: String?
    public let notes: String?
    public let status: ExpenseStatus
    public let paidOn: CalendarDate?
    public let bankAccountID: UUID?
    /// The recording entry.
    public let entryID: UUID
    public let paymentEntryID: UUID?
    public let reversedOn: CalendarDate?
    public let reversalEntryID: UUID?
    /// The recurring expense that posted it, if any.
    public let recurringExpenseID: UUID?
    public let createdAt: Date
}

/// A new expense.
public struct ExpenseDraft: Sendable, Hashable {
    public var vendorID: UUID
    public var categoryID: UUID
    /// Greater than zero, at most the currency's minor units.
    public var amount: ExactDecimal
    /// Defaults to the vendor's currency.
    public var currency: Currency?
    public var date: CalendarDate
    /// Cost-centre dimensions, 1–100 characters each.
    public var department: String?
    public var project: String?
    public var campaign: String?
    /// At most 200 characters.
    public var reference: String?
    /// At most 2000 characters; line breaks allowed.
    public var notes: String?
    /// Paid at once (Cr bank) rather than owed (Cr the vendor's payable).
    public var paid: Bool
    /// The asset account paid from; defaults to the bank account. Only with `paid`.
    public var bankAccountID: UUID?
    /// An active tax code: `amount` includes its tax (docs/expenses-tasks.md, "Input tax").
    public var taxCodeID: UUID?

    public init(
        vendorID: UUID, categoryID: UUID, amount: ExactDecimal, currency: Currency? = nil, date: CalendarDate,
        department: String? = nil, project: String? = nil, campaign: String? = nil, reference: String? = nil,
        notes: String? = nil,
        paid: Bool = false, bankAccountID: UUID? = nil, taxCodeID: UUID? = nil
    ) {
        self.taxCodeID = taxCodeID
        self.vendorID = vendorID
        self.categoryID = categoryID
        self.amount = amount
        self.currency = currency
        self.date = date
        self.department = department
        self.project = project
        self.campaign = campaign
        self.reference = reference
        self.notes = notes
        self.paid = paid
        self.bankAccountID = bankAccountID
    }

    /// The field problems that need no database.
    func violations(currency: Currency) -> [FieldViolation] {
        var errors = [FieldViolation]()
        if let error = AmountLimits.violation(amount, at: "amount", sign: .positive, places: currency.minorUnits) {
            errors.append(error)
        }
        errors += Dimension.violations(department, at: "department")
        errors += Dimension.violations(project, at: "project")
        errors += Dimension.violations(campaign, at: "campaign")
        errors += TextField.violations(reference, at: "reference", maxLength: 200)
        errors += Notes.violations(notes, at: "notes", maxLength: 2000)
        if !paid, bankAccountID != nil {
            errors.append(FieldViolation(path: "bankAccountId", code: .conflict, message: "is only for a paid expense"))
        }
        return errors
    }
}

/// Which expenses to list; every filter is optional and they combine with AND.
public struct ExpenseFilter: Sendable, Hashable {
    public var vendorID: UUID?
    public var categoryID: UUID?
    public var project: String?
    public var department: String?
    public var campaign: String?
    /// Expense dates from … through, inclusive.
    public var from: CalendarDate?
    public var through: CalendarDate?
    /// `true`: paid only; `false`: unpaid only (reversed expenses are neither).
    public var paid: Bool?
    public var status: ExpenseStatus?

    public init(
        vendorID: UUID? = nil, categoryID: UUID? = nil, project: String? = nil, department: String? = nil,
        from: CalendarDate? = nil, through: CalendarDate? = nil, paid: Bool? = nil, status: ExpenseStatus? = nil,
        campaign: String? = nil
    ) {
        self.campaign = campaign
        self.vendorID = vendorID
        self.categoryID = categoryID
        self.project = project
        self.campaign = campaign
        self.department = department
        self.from = from
        self.through = through
        self.paid = paid
        self.status = status
    }
}

/// A cost-centre dimension value: 1–100 characters, not blank, no control characters.
enum Dimension {
    static func violations(_ value: String?, at path: String) -> [FieldViolation] {
        TextField.violations(value, at: path, maxLength: 100)
    }
}

/// Free text that may span lines: at most `maxLength` characters, no control characters but tab and line breaks.
enum Notes {
    static func violations(_ text: String?, at path: String, maxLength: Int) -> [FieldViolation] {
        guard let text else { return [] }
        if text.unicodeScalars.count > maxLength {
            return [FieldViolation(path: path, code: .invalidValue, message: "must be at most \(maxLength) characters")]
        }
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            return [FieldViolation(path: path, code: .invalidValue, message: "must not contain control characters")]
        }
        return []
    }
}
