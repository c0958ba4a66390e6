import Domain
import Foundation

/// An account as the ledger reports name it.
public struct ReportAccount: Sendable, Hashable {
    public let id: UUID
    public let code: String
    public let name: String
    public let type: AccountType
}

/// Σ debit and Σ credit of one account's lines over a period (and, when asked by month, in one month of it).
public struct AccountMovement: Sendable, Hashable {
    public let account: ReportAccount
    /// The first day of the month, when the movements were asked by month.
    public let month: CalendarDate?
    public let debit: ExactDecimal
    public let credit: ExactDecimal

    /// debit − credit.
    public func net() throws -> ExactDecimal { try debit.minus(credit) }
}

/// Dimension filters of a report: only lines tagged with these values (`nil`: any, tagged or not).
public struct ReportDimensions: Sendable, Hashable {
    public var department: String?
    public var project: String?
    public var campaign: String?

    public init(department: String? = nil, project: String? = nil, campaign: String? = nil) {
        self.department = department
        self.project = project
        self.campaign = campaign
    }
}

/// The trial balance as of a date in one currency: every account with lines, Σ debit, Σ credit, balance.
public struct TrialBalance: Sendable, Hashable {
    public let asOf: CalendarDate
    public let currency: Currency
    public let rows: [AccountMovement]
    public let totalDebit: ExactDecimal
    public let totalCredit: ExactDecimal
}

/// One line of the general ledger.
public struct GeneralLedgerLine: Sendable, Hashable {
    public let date: CalendarDate
    public let entryID: UUID
    public let entryNumber: Int64
    public let lineNumber: Int
    public let sourceType: String
    public let memo: String?
    public let partyID: UUID?
    public let partyName: String?
    public let debit: ExactDecimal
    public let credit: ExactDecimal
    /// The account's balance (debit − credit) after this line, from the opening balance.
    public let balance: ExactDecimal
}

/// Where a general ledger page continues: after the line at (date, entry number, line number).
public struct GeneralLedgerCursor: Sendable, Hashable {
    public let date: CalendarDate
    public let entryNumber: Int64
    public let lineNumber: Int

    public init(date: CalendarDate, entryNumber: Int64, lineNumber: Int) {
        self.date = date
        self.entryNumber = entryNumber
        self.lineNumber = lineNumber
    }

    /// The token a client sends back: `g` + date digits, entry number and line number, `_`-separated.
    public var token: String { "g\(date.year * 10000 + date.month * 100 + date.day)_\(entryNumber)_\(lineNumber)" }

    /// Decodes a token, or `nil` when it is not one this API produced.
    public init?(token: String) {
        guard token.hasPrefix("g") else { return nil }
        let parts = token.dropFirst().split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 19 && $0.allSatisfy(\.isASCII) }),
            let day = Int(parts[0]), let number = Int64(parts[1]), let line = Int(parts[2]),
            let date = CalendarDate(year: day / 10000, month: day / 100 % 100, day: day % 100), number >= 0, line >= 0
        else { return nil }
        self.init(date: date, entryNumber: number, lineNumber: line)
    }
}

/// One page of the general ledger of an account over a period.
public struct GeneralLedger: Sendable, Hashable {
    public let account: ReportAccount
    public let currency: Currency
    public let from: CalendarDate
    public let to: CalendarDate
    /// debit − credit of the lines before `from`.
    public let openingBalance: ExactDecimal
    /// debit − credit of the lines through `to`.
    public let closingBalance: ExactDecimal
    public let lines: [GeneralLedgerLine]
    /// `nil` on the last page.
    public let next: GeneralLedgerCursor?
}

/// How the profit and loss splits its period into columns.
public enum ReportInterval: String, WireEnum, Sendable, Hashable {
    case month, quarter, total
}

/// What the profit and loss compares its columns with.
public enum ReportComparison: String, WireEnum, Sendable, Hashable {
    /// The same columns, moved back by the period's length (whole months when the period is whole months).
    case previousPeriod
    /// The same columns, one year earlier.
    case previousYear
}

/// A column of a report: a period `from`…`to`, named by `key` (`2026-01`, `2026-Q1`, `total`), and whether it is
/// a comparison column.
public struct ReportColumn: Sendable, Hashable {
    public let key: String
    public let from: CalendarDate
    public let to: CalendarDate
    public let isComparison: Bool
}

/// A row of a statement: an account, or a total (`kind` names which).
public struct StatementRow: Sendable, Hashable {
    public enum Kind: String, WireEnum, Sendable, Hashable {
        case account, total, netResult, currentYearResult, retainedResult, totalLiabilitiesAndEquity
    }

    public let kind: Kind
    /// `income`/`expense` (profit and loss), `asset`/`liability`/`equity` (balance sheet); `nil` for the overall
    /// lines.
    public let section: AccountType?
    public let account: ReportAccount?
    /// One amount per column, in the columns' order.
    public let amounts: [ExactDecimal]
}

/// The profit and loss over a period in one currency: income and expense accounts (income as credit − debit,
/// expense as debit − credit), their totals and the net result, per column, then the comparison columns.
public struct ProfitAndLoss: Sendable, Hashable {
    public let from: CalendarDate
    public let to: CalendarDate
    public let currency: Currency
    public let interval: ReportInterval
    public let comparison: ReportComparison?
    public let dimensions: ReportDimensions
    public let columns: [ReportColumn]
    public let rows: [StatementRow]
}

/// The balance sheet as of a date in one currency: assets (debit − credit), liabilities and equity (credit −
/// debit), the current fiscal year's result and prior years' retained result as equity lines; one amount each.
public struct BalanceSheet: Sendable, Hashable {
    public let asOf: CalendarDate
    public let currency: Currency
    public let fiscalYearStart: CalendarDate
    public let rows: [StatementRow]
    public let totalAssets: ExactDecimal
    public let totalLiabilitiesAndEquity: ExactDecimal
}
