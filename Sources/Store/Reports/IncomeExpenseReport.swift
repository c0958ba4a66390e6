import Domain
import Foundation
import Postgres

/// What the income and expense report groups by (docs/reports.md, "Income and expense").
public enum IncomeExpenseGrouping: String, WireEnum, Sendable, Hashable {
    case account, category, party, department, project, campaign
}

/// The two sections of the income and expense report.
public enum IncomeExpenseSection: String, WireEnum, Sendable, Hashable {
    case income, expense
}

/// Income (credit − debit of income accounts) and expense (debit − credit of expense accounts) over a period, in
/// one currency, by group and by month.
public struct IncomeExpenseReport: Sendable, Hashable {
    /// One group's amounts: `amounts[i]` is the month `months[i]` of the report.
    public struct Group: Sendable, Hashable {
        public let section: IncomeExpenseSection
        /// What `key` names: the grouping, or `account` for a line without an expense category when grouping by
        /// category.
        public let kind: IncomeExpenseGrouping
        /// An account, category or party id as text, or a dimension's value; `nil`: lines without one.
        public let key: String?
        /// The account's code (accounts only).
        public let code: String?
        /// The account's, category's or party's name, or the dimension's value.
        public let name: String?
        public let amounts: [ExactDecimal]
        public let total: ExactDecimal
    }

    /// A section's (or the net result's) sums by month.
    public struct Totals: Sendable, Hashable {
        public let amounts: [ExactDecimal]
        public let total: ExactDecimal
    }

    public let from: CalendarDate
    public let to: CalendarDate
    public let currency: Currency
    public let grouping: IncomeExpenseGrouping
    /// The first day of each calendar month the period touches.
    public let months: [CalendarDate]
    /// Income groups first, then expense groups; each by kind, code, name.
    public let groups: [Group]
    public let income: Totals
    public let expense: Totals
    /// Income − expense.
    public let net: Totals
}

/// Reads the income and expense report of the tenant the connection is bound to.
public struct IncomeExpenseRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// The report of `from`…`to` (both included) in `currency`, grouped `by`.
    /// - Throws: ``LedgerError/validation(_:)`` at `to` when the period is not one ``ReportPeriod`` allows.
    public func report(
        from: CalendarDate, to: CalendarDate, currency: Currency, by grouping: IncomeExpenseGrouping
    ) throws -> IncomeExpenseReport {
        try LedgerError.check(ReportPeriod.violations(from: from, to: to))
        let months = ReportPeriod.months(from: from, to: to)
        let index = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
        struct Key: Hashable { let section: IncomeExpenseSection; let kind: IncomeExpenseGrouping; let key: String? }
        var order = [Key](), names = [Key: (code: String?, name: String?)](), amounts = [Key: [ExactDecimal]]()
        for row in try db.query(
            IncomeExpenseStatements.report(grouping, from: from, to: to),
            [currency.code, LedgerSQL.date(from), LedgerSQL.date(to), grouping.rawValue])
        {
            let key = Key(
                section: try LedgerSQL.value(IncomeExpenseSection.self, row, "section"),
                kind: try LedgerSQL.value(IncomeExpenseGrouping.self, row, "group_kind"),
                key: try row.decode(String?.self, "group_key"))
            if amounts[key] == nil {
                order.append(key)
                amounts[key] = Array(repeating: .zero, count: months.count)
                names[key] = (try row.decode(String?.self, "group_code"), try row.decode(String?.self, "group_name"))
            }
            guard let month = index[try LedgerSQL.date(row, "month")] else { continue }
            amounts[key]?[month] = try row.decode(ExactDecimal.self, "amount")
        }
        var groups = try order.map { key in
            let values = amounts[key] ?? []
            return IncomeExpenseReport.Group(
                section: key.section, kind: key.kind, key: key.key, code: names[key]?.code, name: names[key]?.name,
                amounts: values, total: try values.sum())
        }
        groups.sort {
            ($0.section == .income ? 0 : 1, $0.kind.rawValue, $0.key == nil ? 1 : 0, $0.code ?? "", $0.name?.lowercased() ?? "", $0.key ?? "")
                < ($1.section == .income ? 0 : 1, $1.kind.rawValue, $1.key == nil ? 1 : 0, $1.code ?? "", $1.name?.lowercased() ?? "", $1.key ?? "")
        }
        func totals(_ section: IncomeExpenseSection) throws -> IncomeExpenseReport.Totals {
            let members = groups.filter { $0.section == section }
            let values = try months.indices.map { month in try members.map { $0.amounts[month] }.sum() }
            return IncomeExpenseReport.Totals(amounts: values, total: try values.sum())
        }
        let income = try totals(.income), expense = try totals(.expense)
        let net = try zip(income.amounts, expense.amounts).map { try $0.subtracting($1) }
        return IncomeExpenseReport(
            from: from, to: to, currency: currency, grouping: grouping, months: months, groups: groups, income: income,
            expense: expense, net: IncomeExpenseReport.Totals(amounts: net, total: try income.total.subtracting(expense.total)))
    }
}
