import Domain
import Foundation
import Postgres

/// Reads the ledger reports of the tenant the connection is bound to (docs/reports.md, "Ledger reports"): trial
/// balance, general ledger, profit and loss, balance sheet. The statements read the summaries kept by the posting
/// transaction (`ledger_month_balances`, `ledger_day_balances`); only the general ledger reads journal lines.
public struct LedgerReportRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Σ debit and Σ credit of the lines dated `from`…`to` in `currency`, per account (and per month with
    /// `byMonth`), for accounts with lines only, by account code and month.
    public func movements(
        currency: Currency, from: CalendarDate = .min, to: CalendarDate, byMonth: Bool = false, accountID: UUID? = nil,
        dimensions: ReportDimensions = ReportDimensions(), types: [AccountType]? = nil
    ) throws -> [AccountMovement] {
        try movements(
            currency: currency, periods: [(from, to)], byMonth: byMonth, accountID: accountID, dimensions: dimensions,
            types: types)[0]
    }

    /// ``movements(currency:from:to:byMonth:accountID:dimensions:types:)`` of several periods in one statement: one
    /// array per period, in `periods`' order (empty for a period whose `to` is before its `from`).
    public func movements(
        currency: Currency, periods: [(from: CalendarDate, to: CalendarDate)], byMonth: Bool = false,
        accountID: UUID? = nil, dimensions: ReportDimensions = ReportDimensions(), types: [AccountType]? = nil
    ) throws -> [[AccountMovement]] {
        guard let statement = Self.movementsStatement(
            currency: currency, periods: periods, byMonth: byMonth, accountID: accountID, dimensions: dimensions,
            types: types)
        else { return Array(repeating: [], count: periods.count) }
        return try Self.movements(try db.query(statement.0, statement.1), periods: periods.count)
    }

    /// The statement of ``movements(currency:periods:byMonth:accountID:dimensions:types:)`` and its parameters, `nil`
    /// when no period has days: for a caller that sends it with others in one round trip (``PostgresConnection/queries(_:)``).
    static func movementsStatement(
        currency: Currency, periods: [(from: CalendarDate, to: CalendarDate)], byMonth: Bool = false,
        accountID: UUID? = nil, dimensions: ReportDimensions = ReportDimensions(), types: [AccountType]? = nil
    ) -> (PostgresStatement, [any PostgresEncodable])? {
        guard periods.contains(where: { $0.from <= $0.to }) else { return nil }
        let typeArray: SQLArray? = types.map { SQLArray($0.map { Optional($0.rawValue) }) }
        let wholeMonths = periods.allSatisfy { $0.from > $0.to || ($0.from.day == 1 && $0.to == $0.to.lastDayOfMonth) }
        return (
            wholeMonths ? LedgerReportStatements.monthMovements : LedgerReportStatements.movements,
            [
                currency.code, SQLArray(periods.map { Optional($0.from.description) }),
                SQLArray(periods.map { Optional($0.to.description) }), byMonth, accountID, dimensions.department,
                dimensions.project, dimensions.campaign, typeArray,
            ]
        )
    }

    /// The rows of ``movementsStatement(currency:periods:byMonth:accountID:dimensions:types:)``, one array per period.
    static func movements(_ rows: PostgresRows, periods: Int) throws -> [[AccountMovement]] {
        var result = Array(repeating: [AccountMovement](), count: periods)
        for row in rows {
            let period = Int(try row.decode(Int64.self, "period")) - 1
            guard result.indices.contains(period) else {
                throw PostgresError.decoding(DecodingFailure(column: "period", reason: .invalidValue(expected: "a period asked for")))
            }
            result[period].append(
                AccountMovement(
                    account: try Self.account(row), month: try LedgerSQL.optionalDate(row, "month"),
                    debit: try row.decode(ExactDecimal.self, "debit"), credit: try row.decode(ExactDecimal.self, "credit")))
        }
        return result
    }

    /// Every account with lines dated on or before `asOf` in `currency`; the totals of both sides are equal.
    public func trialBalance(asOf: CalendarDate, currency: Currency) throws -> TrialBalance {
        let rows = try movements(currency: currency, to: asOf)
        var debit = ExactDecimal.zero, credit = ExactDecimal.zero
        for row in rows {
            debit = try debit.plus(row.debit)
            credit = try credit.plus(row.credit)
        }
        return TrialBalance(asOf: asOf, currency: currency, rows: rows, totalDebit: debit, totalCredit: credit)
    }

    /// One page of the lines of account `accountID` in `currency` dated `from`…`to`, with the running balance.
    /// - Throws: ``LedgerError/validation(_:)`` at `to` for a period out of bounds (``ReportPeriod``),
    ///   ``LedgerError/notFound(resource:id:)`` for an unknown account.
    public func generalLedger(
        accountID: UUID, currency: Currency, from: CalendarDate, to: CalendarDate, limit: Int,
        after: GeneralLedgerCursor? = nil
    ) throws -> GeneralLedger {
        try LedgerError.check(ReportPeriod.violations(from: from, to: to))
        func net(_ rows: [AccountMovement]) throws -> ExactDecimal {
            var sum = ExactDecimal.zero
            for row in rows { sum = try sum.plus(try row.net()) }
            return sum
        }
        // The lines before the period (the opening balance) and in it, in one statement.
        var periods: [(from: CalendarDate, to: CalendarDate)] = [(from, to)]
        if from > .min { periods.insert((CalendarDate.min, from.adding(days: -1)), at: 0) }
        // Continue after the cursor (clamped into the period), or from the period's start.
        let position = after.map { $0.date < from ? GeneralLedgerCursor(date: from, entryNumber: 0, lineNumber: 0) : $0 }
            ?? GeneralLedgerCursor(date: from, entryNumber: 0, lineNumber: 0)
        let pageSize = min(max(limit, 1), PageRequest.maxLimit)
        // Every statement of the page in one round trip: none depends on another's answer.
        var statements: [(PostgresStatement, [any PostgresEncodable])] = [
            (LedgerReportStatements.account, [accountID]),
            (
                LedgerReportStatements.generalLedgerLines,
                [
                    accountID, currency.code, LedgerSQL.date(from), LedgerSQL.date(to), LedgerSQL.date(position.date),
                    position.entryNumber, position.lineNumber, pageSize + 1,
                ]
            ),
        ]
        let edgesIndex = statements.count
        if let edges = Self.movementsStatement(currency: currency, periods: periods, accountID: accountID) {
            statements.append(edges)
        }
        let beforeIndex = statements.count
        if position.entryNumber > 0, position.date <= to {
            statements.append((
                LedgerReportStatements.generalLedgerBefore,
                [
                    accountID, currency.code, LedgerSQL.date(from), LedgerSQL.date(position.date), position.entryNumber,
                    position.lineNumber,
                ]
            ))
        }
        let results = try db.queries(statements)
        let account = try Self.account(results[0].first(orNotFound: "account", id: accountID))
        let rows = results[1]
        let edges = beforeIndex > edgesIndex
            ? try Self.movements(results[edgesIndex], periods: periods.count) : Array(repeating: [], count: periods.count)
        let opening = from > .min ? try net(edges[0]) : .zero
        let closing = try opening.plus(try net(edges[edges.count - 1]))
        var balance = opening
        if results.count > beforeIndex {
            let row = try results[beforeIndex].first(orNotFound: "general ledger")
            balance = try balance.plus(try row.decode(ExactDecimal.self, "net"))
        }
        var lines = [GeneralLedgerLine]()
        for row in rows.prefix(pageSize) {
            let debit = try row.decode(ExactDecimal.self, "debit"), credit = try row.decode(ExactDecimal.self, "credit")
            balance = try balance.plus(try debit.minus(credit))
            lines.append(
                GeneralLedgerLine(
                    date: try LedgerSQL.date(row, "entry_date"), entryID: try row.decode(UUID.self, "entry_id"),
                    entryNumber: try row.decode(Int64.self, "entry_number"), lineNumber: try row.decode(Int.self, "line_no"),
                    sourceType: try row.decode(String.self, "source_type"), memo: try row.decode(String?.self, "memo"),
                    partyID: try row.decode(UUID?.self, "party_id"), partyName: try row.decode(String?.self, "party_name"),
                    debit: debit, credit: credit, balance: balance))
        }
        let next = rows.count > pageSize ? lines.last.map {
            GeneralLedgerCursor(date: $0.date, entryNumber: $0.entryNumber, lineNumber: $0.lineNumber)
        } : nil
        return GeneralLedger(
            account: account, currency: currency, from: from, to: to, openingBalance: opening, closingBalance: closing,
            lines: lines, next: next)
    }

    /// The profit and loss of `from`…`to`, by `interval`, compared with `comparison`, of the lines tagged with
    /// `dimensions`.
    /// - Throws: ``LedgerError/validation(_:)`` for a period out of bounds or too many columns.
    public func profitAndLoss(
        from: CalendarDate, to: CalendarDate, currency: Currency, interval: ReportInterval,
        comparison: ReportComparison?, dimensions: ReportDimensions
    ) throws -> ProfitAndLoss {
        try LedgerError.check(ReportPeriod.violations(from: from, to: to))
        let columns = ReportColumns.columns(from: from, to: to, interval: interval, comparison: false)
        var comparisonColumns = [ReportColumn]()
        var comparedPeriod: (from: CalendarDate, to: CalendarDate)?
        if let comparison {
            guard let period = ReportColumns.compared(from: from, to: to, with: comparison) else {
                throw LedgerError.invalid("compare", .outOfRange, "reaches before 0001-01-01")
            }
            comparedPeriod = period
            comparisonColumns = ReportColumns.columns(from: period.from, to: period.to, interval: interval, comparison: true)
        }
        guard columns.count <= ReportPeriod.maximumColumns else {
            throw LedgerError.invalid(
                "interval", .outOfRange,
                "gives \(columns.count) columns: a report has at most \(ReportPeriod.maximumColumns); choose a longer interval or a shorter period")
        }
        let all = columns + comparisonColumns
        var amounts = [UUID: (account: ReportAccount, amounts: [ExactDecimal])]()
        func add(_ moves: [AccountMovement], into range: Range<Int>) throws {
            for move in moves {
                guard let month = move.month,
                    let index = range.first(where: { all[$0].from.firstDayOfMonth <= month && month <= all[$0].to })
                else { continue }
                let signed = move.account.type == .income ? try move.credit.minus(move.debit) : try move.net()
                let sum = try (amounts[move.account.id]?.amounts[index] ?? .zero).plus(signed)
                // Changed in place (a copy of the entry taken out and put back copied its amounts every time).
                amounts[move.account.id, default: (move.account, Array(repeating: .zero, count: all.count))].amounts[index] = sum
            }
        }
        let types: [AccountType] = [.income, .expense]
        // The period and the compared one in one statement.
        let moves = try movements(
            currency: currency, periods: [(from, to)] + (comparedPeriod.map { [$0] } ?? []), byMonth: true,
            dimensions: dimensions, types: types)
        try add(moves[0], into: 0..<columns.count)
        if moves.count > 1 { try add(moves[1], into: columns.count..<all.count) }
        let accounts = amounts.values.sorted { $0.account.code < $1.account.code }
        var rows = [StatementRow](), totals = [AccountType: [ExactDecimal]]()
        for section in types {
            var total = Array(repeating: ExactDecimal.zero, count: all.count)
            for entry in accounts where entry.account.type == section {
                rows.append(StatementRow(kind: .account, section: section, account: entry.account, amounts: entry.amounts))
                total = try zip(total, entry.amounts).map { try $0.plus($1) }
            }
            rows.append(StatementRow(kind: .total, section: section, account: nil, amounts: total))
            totals[section] = total
        }
        let net = try zip(totals[.income] ?? [], totals[.expense] ?? []).map { try $0.minus($1) }
        rows.append(StatementRow(kind: .netResult, section: nil, account: nil, amounts: net))
        return ProfitAndLoss(
            from: from, to: to, currency: currency, interval: interval, comparison: comparison, dimensions: dimensions,
            columns: all, rows: rows)
    }

    /// The balance sheet as of `asOf`: asset, liability and equity accounts, with the result of the fiscal year
    /// containing `asOf` (starting in `fiscalYearStartMonth`) and the retained result of the years before it.
    public func balanceSheet(asOf: CalendarDate, currency: Currency, fiscalYearStartMonth: Int) throws -> BalanceSheet {
        let yearStart = FiscalYear.containing(asOf, startMonth: fiscalYearStartMonth)?.start ?? .min
        // The positions, the current year's result and the retained result in one statement (one round trip).
        var periods: [(from: CalendarDate, to: CalendarDate)] = [(.min, asOf), (yearStart, asOf)]
        if yearStart > .min { periods.append((.min, yearStart.adding(days: -1))) }
        let moves = try movements(
            currency: currency, periods: periods)
        let positions = moves[0].filter { [.asset, .liability, .equity].contains($0.account.type) }
        func result(_ moves: [AccountMovement]) throws -> ExactDecimal {
            var sum = ExactDecimal.zero
            for move in moves where move.account.type == .income || move.account.type == .expense {
                sum = try sum.plus(try move.credit.minus(move.debit))
            }
            return sum
        }
        let currentYear = try result(moves[1])
        let retained = yearStart > .min ? try result(moves[2]) : .zero
        var rows = [StatementRow](), totals = [AccountType: ExactDecimal]()
        for section in [AccountType.asset, .liability, .equity] {
            var total = ExactDecimal.zero
            for move in positions where move.account.type == section {
                let amount = section == .asset ? try move.net() : try move.credit.minus(move.debit)
                rows.append(StatementRow(kind: .account, section: section, account: move.account, amounts: [amount]))
                total = try total.plus(amount)
            }
            if section == .equity {
                rows.append(StatementRow(kind: .retainedResult, section: section, account: nil, amounts: [retained]))
                rows.append(StatementRow(kind: .currentYearResult, section: section, account: nil, amounts: [currentYear]))
                total = try total.plus(retained).plus(currentYear)
            }
            rows.append(StatementRow(kind: .total, section: section, account: nil, amounts: [total]))
            totals[section] = total
        }
        let liabilitiesAndEquity = try (totals[.liability] ?? .zero).plus(totals[.equity] ?? .zero)
        rows.append(StatementRow(kind: .totalLiabilitiesAndEquity, section: nil, account: nil, amounts: [liabilitiesAndEquity]))
        return BalanceSheet(
            asOf: asOf, currency: currency, fiscalYearStart: yearStart, rows: rows, totalAssets: totals[.asset] ?? .zero,
            totalLiabilitiesAndEquity: liabilitiesAndEquity)
    }

    static func account(_ row: PostgresRow) throws -> ReportAccount {
        ReportAccount(
            id: try row.decode(UUID.self, "account_id"), code: try row.decode(String.self, "code"),
            name: try row.decode(String.self, "name"), type: try LedgerSQL.value(AccountType.self, row, "type"))
    }
}

/// The columns of a report over a period (pure).
public enum ReportColumns {
    /// `from`…`to` split by `interval`: calendar months (`2026-01`) or quarters (`2026-Q1`), the first and last
    /// cut to the period, or one `total` column. Comparison columns' keys end in ` (compared)`.
    public static func columns(from: CalendarDate, to: CalendarDate, interval: ReportInterval, comparison: Bool) -> [ReportColumn] {
        let suffix = comparison ? " (compared)" : ""
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func year(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }
        let months: Int
        switch interval {
        case .total: return [ReportColumn(key: "total" + suffix, from: from, to: to, isComparison: comparison)]
        case .month: months = 1
        case .quarter: months = 3
        }
        func column(_ start: CalendarDate, _ end: CalendarDate) -> ReportColumn {
            let key = months == 1 ? "\(year(start.year))-\(two(start.month))" : "\(year(start.year))-Q\(start.quarter)"
            return ReportColumn(key: key + suffix, from: max(start, from), to: end, isComparison: comparison)
        }
        var columns = [ReportColumn]()
        var start = months == 1
            ? from.firstDayOfMonth : CalendarDate(year: from.year, month: (from.quarter - 1) * 3 + 1, day: 1) ?? from
        // Bounded: the caller checked the period (≤ 10 years), and this stops after 121 columns at most.
        while start <= to, columns.count <= ReportPeriod.maximumColumns {
            guard let next = start.checkedAdding(months: months) else {
                columns.append(column(start, to))
                break
            }
            columns.append(column(start, min(next.adding(days: -1), to)))
            start = next
        }
        return columns
    }

    /// The period `from`…`to` is compared with: one year earlier, or the period of the same length just before
    /// (in whole months when `from` is a first and `to` a last of a month, in days otherwise); `nil` before
    /// 0001-01-01.
    public static func compared(from: CalendarDate, to: CalendarDate, with comparison: ReportComparison)
        -> (from: CalendarDate, to: CalendarDate)?
    {
        switch comparison {
        case .previousYear:
            guard let start = from.checkedAdding(years: -1), let end = to.checkedAdding(years: -1) else { return nil }
            return (start, end.day == end.daysInMonth || to.day != to.daysInMonth ? end : end.lastDayOfMonth)
        case .previousPeriod:
            if from.day == 1, to == to.lastDayOfMonth {
                let months = (to.year * 12 + to.month) - (from.year * 12 + from.month) + 1
                guard let start = from.checkedAdding(months: -months) else { return nil }
                return (start, from.adding(days: -1))
            }
            let days = from.days(to: to) + 1
            guard let start = from.checkedAdding(days: -days) else { return nil }
            return (start, from.adding(days: -1))
        }
    }
}
