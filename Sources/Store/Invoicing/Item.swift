import Domain
import Foundation

/// Goods or work.
public enum ItemKind: String, WireEnum, Sendable, Hashable {
    case product, service
}

/// An item's recurring invoice template (MixERP): selling the item can start a recurring invoice setup.
///
/// The schedule's `start` is a placeholder: a setup made from the template starts on the sale date (the
/// rule, `count` and `totalDurationDays` carry over). So a template schedule may not have an `end`.
public struct ItemRecurringTemplate: Sendable, Hashable {
    public var schedule: Schedule
    /// With `{RIMonth}`, `{RIYear}`, … placeholders (``StatementReference``).
    public var statementReference: String
    /// MixERP's "automatically trigger on sales": confirming a sale of the item creates the setup by itself.
    /// When off, the template is linked to a party by hand.
    public var autoTrigger: Bool

    public init(schedule: Schedule, statementReference: String, autoTrigger: Bool) {
        self.schedule = schedule
        self.statementReference = statementReference
        self.autoTrigger = autoTrigger
    }

    /// The template's schedule started on `date` (the sale date).
    public func schedule(startingOn date: CalendarDate) throws -> Schedule {
        do {
            return try Schedule(
                rule: schedule.rule, start: date, count: schedule.count, totalDurationDays: schedule.totalDurationDays)
        } catch {
            throw LedgerError.validation(error)
        }
    }

    func violations(at prefix: String) -> [FieldViolation] {
        var errors = [FieldViolation]()
        if schedule.end != nil {
            errors.append(
                FieldViolation(
                    path: "\(prefix)/schedule/end", code: .conflict,
                    message: "a template starts on each sale date: bound it with count or totalDurationDays"))
        }
        if let error = StatementReference.validate(statementReference) {
            errors.append(error.fieldViolation(at: "\(prefix)/statementReference"))
        }
        errors += TextField.violations(statementReference, at: "\(prefix)/statementReference", maxLength: 500)
        return errors
    }
}

/// A product or service that invoices and orders sell.
public struct Item: Sendable, Hashable {
    public let id: UUID
    public let code: String
    public let name: String
    public let kind: ItemKind
    public let unitPrice: ExactDecimal
    public let currency: Currency
    /// The "mapped account" its sales are credited to.
    public let incomeAccountID: UUID
    /// The default tax rate of its lines, in percent.
    public let taxRate: ExactDecimal?
    public let recurringTemplate: ItemRecurringTemplate?
    public let archivedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
}

/// A new item, or the full replacement of an existing one.
public struct ItemDraft: Sendable, Hashable {
    /// 1–40 letters, digits, `.`, `_`, `-`; unique.
    public var code: String
    public var name: String
    public var kind: ItemKind
    /// Zero or more, at most 4 decimal places (and the currency's minor units).
    public var unitPrice: ExactDecimal
    /// Defaults to the tenant's base currency.
    public var currency: Currency?
    /// Defaults to the tenant's sales income account.
    public var incomeAccountID: UUID?
    public var taxRate: ExactDecimal?
    public var recurringTemplate: ItemRecurringTemplate?

    public init(
        code: String, name: String, kind: ItemKind = .service, unitPrice: ExactDecimal, currency: Currency? = nil,
        incomeAccountID: UUID? = nil, taxRate: ExactDecimal? = nil, recurringTemplate: ItemRecurringTemplate? = nil
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.unitPrice = unitPrice
        self.currency = currency
        self.incomeAccountID = incomeAccountID
        self.taxRate = taxRate
        self.recurringTemplate = recurringTemplate
    }

    func violations(currency: Currency) -> [FieldViolation] {
        var errors = [FieldViolation]()
        let codeCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
        if code.isEmpty || code.count > 40 || !code.allSatisfy(codeCharacters.contains)
            || !(code.first?.isLetter == true || code.first?.isNumber == true)
        {
            errors.append(
                FieldViolation(
                    path: "code", code: .invalidValue,
                    message: "must be 1–40 letters, digits, . _ or -, starting with a letter or digit"))
        }
        errors += TextField.violations(name, at: "name", maxLength: 200)
        errors += [AmountLimits.violation(unitPrice, at: "unitPrice", sign: .nonNegative)].compactMap { $0 }
        if let taxRate, let error = AmountLimits.percentViolation(taxRate, at: "taxRate") { errors.append(error) }
        errors += recurringTemplate?.violations(at: "recurringTemplate") ?? []
        return errors
    }
}
