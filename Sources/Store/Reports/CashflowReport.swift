import Domain
import Foundation
import Postgres

/// Where money into or out of a bank account came from or went to (docs/reports.md, "Cashflow").
public enum CashflowCategory: String, WireEnum, Sendable, Hashable {
    case customerReceipts, supplierPayments, expenses, tax, transfers, other
}

/// The direct-method cashflow of the tenant's bank accounts over a period, in one currency, by month.
public struct CashflowReport: Sendable, Hashable {
    /// A bank account with its balance before `from` and at the end of `to`.
    public struct BankAccount: Sendable, Hashable {
        public let id: UUID
        public let code: String
        public let name: String
        public let opening: ExactDecimal
        public let closing: ExactDecimal
    }

    /// Money in and out for one category (and, for expenses, one expense category).
    public struct Line: Sendable, Hashable {
        public let category: CashflowCategory
        public let expenseCategoryID: UUID?
        public let expenseCategoryName: String?
        public let moneyIn: ExactDecimal
        public let moneyOut: ExactDecimal
    }

    /// One calendar month, clipped to the period: `opening + moneyIn − moneyOut = closing`.
    public struct Month: Sendable, Hashable {
        /// The first day of the calendar month.
        public let month: CalendarDate
        public let from: CalendarDate
        public let to: CalendarDate
        public let opening: ExactDecimal
        public let moneyIn: ExactDecimal
        public let moneyOut: ExactDecimal
        public let closing: ExactDecimal
        public let lines: [Line]
    }

    public let from: CalendarDate
    public let to: CalendarDate
    public let currency: Currency
    public let accounts: [BankAccount]
    public let months: [Month]
    /// The whole period: the first month's opening, every month's money in and out, the last month's closing.
    public let total: Month
}

/// Reads the cashflow report of the tenant the connection is bound to.
public struct CashflowRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// The cashflow of `from`…`to` (both included) in `currency`.
    /// - Throws: ``LedgerError/validation(_:)`` at `to` when the period is not one ``ReportPeriod`` allows.
    public func report(from: CalendarDate, to: CalendarDate, currency: Currency) throws -> CashflowReport {
        try LedgerError.check(ReportPeriod.violations(from: from, to: to))
        let accounts = try db.query(CashflowStatements.accounts, [currency.code, LedgerSQL.date(from), LedgerSQL.date(to)])
            .map { row in
                CashflowReport.BankAccount(
                    id: try row.decode(UUID.self, "id"), code: try row.decode(String.self, "code"),
                    name: try row.decode(String.self, "name"), opening: try row.decode(ExactDecimal.self, "opening"),
                    closing: try row.decode(ExactDecimal.self, "closing"))
            }
        var byMonth = [CalendarDate: [CashflowReport.Line]]()
        for row in try db.query(
            CashflowStatements.movements,
            [SQLArray(accounts.map(\.id)), currency.code, LedgerSQL.date(from), LedgerSQL.date(to)])
        {
            let line = CashflowReport.Line(
                category: try LedgerSQL.value(CashflowCategory.self, row, "category"),
                expenseCategoryID: try row.decode(UUID?.self, "expense_category_id"),
                expenseCategoryName: try row.decode(String?.self, "expense_category_name"),
                moneyIn: try row.decode(ExactDecimal.self, "money_in"), moneyOut: try row.decode(ExactDecimal.self, "money_out"))
            byMonth[try LedgerSQL.date(row, "month"), default: []].append(line)
        }
        var balance = try accounts.map(\.opening).sum()
        var months = [CashflowReport.Month]()
        for month in ReportPeriod.months(from: from, to: to) {
            let lines = Self.ordered(byMonth[month] ?? [])
            let moneyIn = try lines.map(\.moneyIn).sum(), moneyOut = try lines.map(\.moneyOut).sum()
            let closing = try balance.adding(moneyIn).subtracting(moneyOut)
            months.append(
                CashflowReport.Month(
                    month: month, from: max(month, from), to: min(month.lastDayOfMonth, to), opening: balance,
                    moneyIn: moneyIn, moneyOut: moneyOut, closing: closing, lines: lines))
            balance = closing
        }
        let total = CashflowReport.Month(
            month: from.firstDayOfMonth, from: from, to: to, opening: try accounts.map(\.opening).sum(),
            moneyIn: try months.map(\.moneyIn).sum(), moneyOut: try months.map(\.moneyOut).sum(), closing: balance,
            lines: try Self.merged(months.flatMap(\.lines)))
        return CashflowReport(from: from, to: to, currency: currency, accounts: accounts, months: months, total: total)
    }

    /// Lines in category order, then by expense category name.
    static func ordered(_ lines: [CashflowReport.Line]) -> [CashflowReport.Line] {
        let rank = Dictionary(uniqueKeysWithValues: CashflowCategory.allCases.enumerated().map { ($1, $0) })
        return lines.sorted {
            (rank[$0.category] ?? 0, $0.expenseCategoryName ?? "", $0.expenseCategoryID?.uuidString ?? "")
                < (rank[$1.category] ?? 0, $1.expenseCategoryName ?? "", $1.expenseCategoryID?.uuidString ?? "")
        }
    }

    /// The lines of several months summed per category and expense category.
    static func merged(_ lines: [CashflowReport.Line]) throws -> [CashflowReport.Line] {
        struct Key: Hashable { let category: CashflowCategory; let expenseCategoryID: UUID? }
        var sums = [Key: CashflowReport.Line]()
        for line in lines {
            let key = Key(category: line.category, expenseCategoryID: line.expenseCategoryID)
            if let sum = sums[key] {
                sums[key] = CashflowReport.Line(
                    category: line.category, expenseCategoryID: line.expenseCategoryID,
                    expenseCategoryName: line.expenseCategoryName, moneyIn: try sum.moneyIn.adding(line.moneyIn),
                    moneyOut: try sum.moneyOut.adding(line.moneyOut))
            } else {
                sums[key] = line
            }
        }
        return ordered(Array(sums.values))
    }
}
