import Domain
import Foundation
import HTTPServer
import Postgres
import Store

private typealias S = OpenAPISchemas

/// The ledger reports (issue 25; docs/reports.md, "Ledger reports"): trial balance, general ledger, profit and
/// loss, balance sheet — JSON or CSV, per currency, with account codes and names.
enum LedgerReportRoutes {
    static let tag = "Reports"

    static let trialBalancePath = "/v1/reports/trial-balance"
    static let generalLedgerPath = "/v1/reports/general-ledger"
    static let profitAndLossPath = "/v1/reports/profit-and-loss"
    static let balanceSheetPath = "/v1/reports/balance-sheet"

    static let trialBalanceColumns = ["kind", "account_id", "code", "name", "type", "debit", "credit", "balance"]
    static let generalLedgerColumns = [
        "kind", "date", "entry_id", "entry_number", "line_no", "source_type", "memo", "party_id", "party_name", "debit",
        "credit", "balance",
    ]
    static let statementColumns = ["kind", "section", "account_id", "code", "name", "amounts"]
    static let balanceSheetColumns = ["kind", "section", "account_id", "code", "name", "amount"]

    static var operations: [OpenAPIOperation] {
        let date = #"{"type":"string","format":"date"}"#
        let asOf = OpenAPIOperation.Parameter("as_of", in: .query, schema: date, description: "Default: the tenant's today")
        let dimension = #"{"type":"string","minLength":1,"maxLength":100,"pattern":\#(S.quoted(S.noControlsPattern))}"#
        return [
            .report(
                trialBalancePath, id: "trialBalanceReport",
                summary: "Σ debit, Σ credit and balance per account of the lines dated on or before `as_of`, with the totals (equal); CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag, parameters: [asOf, ReportQuery.currencyParameter], response: "TrialBalanceReport"),
            .report(
                generalLedgerPath, id: "generalLedgerReport",
                summary: "One account's lines over a period with the opening balance, the running balance and the closing balance, by date and entry number, paginated; CSV with `?format=csv` or `Accept: text/csv` (the same page)",
                tag: tag,
                parameters: [
                    .init("account_id", in: .query, required: true, schema: #"{"type":"string","format":"uuid"}"#),
                    ReportQuery.fromParameter, ReportQuery.toParameter,
                    ReportQuery.currencyParameter,
                    .init("limit", in: .query, schema: #"{"type":"integer","minimum":1,"maximum":200}"#, description: "Lines per page (default 50)"),
                    .init("cursor", in: .query, schema: Pagination.cursorSchema, description: "The previous page's `next_cursor`"),
                ], response: "GeneralLedgerReport", errors: [404, 422]),
            .report(
                profitAndLossPath, id: "profitAndLossReport",
                summary: "Income and expense per account over a period, per month, quarter or in total, with totals, the net result and comparison columns; CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag,
                parameters: [
                    ReportQuery.fromParameter, ReportQuery.toParameter,
                    .init(
                        "interval", in: .query, schema: S.enumeration(ReportInterval.self),
                        description: "Columns: calendar months or quarters (cut to the period), or one total (default); at most 120"),
                    .init(
                        "compare", in: .query, schema: S.enumeration(ReportComparison.self),
                        description: "Add the same columns for the previous period of the same length or the previous year"),
                    .init("department", in: .query, schema: dimension, description: "Only lines of this department"),
                    .init("project", in: .query, schema: dimension, description: "Only lines of this project"),
                    .init("campaign", in: .query, schema: dimension, description: "Only lines of this campaign"),
                    ReportQuery.currencyParameter,
                ], response: "ProfitAndLossReport"),
            .report(
                balanceSheetPath, id: "balanceSheetReport",
                summary: "Assets, liabilities and equity as of a date, with the current fiscal year's result and prior years' retained result as equity lines; CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag, parameters: [asOf, ReportQuery.currencyParameter], response: "BalanceSheetReport"),
        ]
    }

    static var schemas: [String: String] {
        let money = ReportQuery.moneySchema
        let uuid = #"{"type":["string","null"],"format":"uuid"}"#
        let text = #"{"type":["string","null"]}"#
        let type = S.enumeration(AccountType.self, nullable: true)
        let date = #"{"type":"string","format":"date"}"#
        let account = #"""
            {"type":"object","additionalProperties":false,"required":["id","code","name","type"],"properties":{
             "id":{"type":"string","format":"uuid"},"code":{"type":"string"},"name":{"type":"string"},
             "type":\#(S.enumeration(AccountType.self))}}
            """#
        func required(_ columns: [String]) -> String { columns.map(S.quoted).joined(separator: ",") }
        return [
            "ReportAccount": account,
            "TrialBalanceRow": #"""
                {"type":"object","additionalProperties":false,"required":[\#(required(trialBalanceColumns))],"properties":{
                 "kind":{"type":"string","enum":["account","total"]},"account_id":\#(uuid),"code":\#(text),"name":\#(text),
                 "type":\#(type),"debit":\#(money),"credit":\#(money),
                 "balance":{"type":"string","pattern":"^-?[0-9]+(\\.[0-9]+)?$","description":"debit − credit"}}}
                """#,
            "TrialBalanceReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","as_of","currency","balanced","data"],"properties":{
                 "report":{"type":"string","enum":["trial_balance"]},"as_of":\#(date),"currency":{"type":"string"},
                 "balanced":{"type":"boolean","description":"Σ debit = Σ credit (always)"},
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/TrialBalanceRow"},
                  "description":"Accounts with lines by code, then the total row"}}}
                """#,
            "GeneralLedgerRow": #"""
                {"type":"object","additionalProperties":false,"required":[\#(required(generalLedgerColumns))],"properties":{
                 "kind":{"type":"string","enum":["opening","line","closing"]},"date":\#(date),
                 "entry_id":\#(uuid),"entry_number":{"type":["integer","null"]},"line_no":{"type":["integer","null"]},
                 "source_type":\#(text),"memo":\#(text),"party_id":\#(uuid),"party_name":\#(text),
                 "debit":\#(money),"credit":\#(money),"balance":\#(money)}}
                """#,
            "GeneralLedgerReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","account","from","to","currency","opening_balance","closing_balance","data","next_cursor"],"properties":{
                 "report":{"type":"string","enum":["general_ledger"]},"account":{"$ref":"#/components/schemas/ReportAccount"},
                 "from":\#(date),"to":\#(date),"currency":{"type":"string"},
                 "opening_balance":\#(money),"closing_balance":\#(money),
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/GeneralLedgerRow"},
                  "description":"The opening row (first page only), the lines with the balance after each, the closing row (last page only)"},
                 "next_cursor":{"type":["string","null"]}}}
                """#,
            "StatementRow": #"""
                {"type":"object","additionalProperties":false,"required":[\#(required(statementColumns))],"properties":{
                 "kind":\#(S.enumeration(StatementRow.Kind.self)),"section":\#(type),"account_id":\#(uuid),
                 "code":\#(text),"name":\#(text),
                 "amounts":{"type":"array","items":\#(money),"description":"One per column, in the columns' order"}}}
                """#,
            "ReportColumn": #"""
                {"type":"object","additionalProperties":false,"required":["key","from","to","comparison"],"properties":{
                 "key":{"type":"string"},"from":\#(date),"to":\#(date),"comparison":{"type":"boolean"}}}
                """#,
            "ProfitAndLossReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","from","to","currency","interval","compare","department","project","campaign","columns","data"],"properties":{
                 "report":{"type":"string","enum":["profit_and_loss"]},"from":\#(date),"to":\#(date),
                 "currency":{"type":"string"},"interval":\#(S.enumeration(ReportInterval.self)),
                 "compare":\#(S.enumeration(ReportComparison.self, nullable: true)),
                 "department":\#(text),"project":\#(text),"campaign":\#(text),
                 "columns":{"type":"array","items":{"$ref":"#/components/schemas/ReportColumn"}},
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/StatementRow"},
                  "description":"Income accounts by code and their total, expense accounts and their total, the net result"}}}
                """#,
            "BalanceSheetRow": #"""
                {"type":"object","additionalProperties":false,"required":[\#(required(balanceSheetColumns))],"properties":{
                 "kind":\#(S.enumeration(StatementRow.Kind.self)),"section":\#(type),"account_id":\#(uuid),
                 "code":\#(text),"name":\#(text),"amount":\#(money)}}
                """#,
            "BalanceSheetReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","as_of","currency","fiscal_year_start","total_assets","total_liabilities_and_equity","balanced","data"],"properties":{
                 "report":{"type":"string","enum":["balance_sheet"]},"as_of":\#(date),"currency":{"type":"string"},
                 "fiscal_year_start":\#(date),"total_assets":\#(money),"total_liabilities_and_equity":\#(money),
                 "balanced":{"type":"boolean"},
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/BalanceSheetRow"},
                  "description":"Assets, liabilities, equity (with the retained and current-year result), each with its total, then liabilities and equity"}}}
                """#,
        ]
    }

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get(trialBalancePath, environment.tenantHandler(readOnly: true) { r in
            var query = ReportQuery(r.request, known: ["as_of", "currency"])
            let asOf = query.date("as_of") ?? r.tenant.today()
            let currency = query.currency(default: r.tenant.currency)
            try query.finish()
            let report = try LedgerReportRepository(r.connection).trialBalance(asOf: asOf, currency: currency)
            return trialBalanceTable(report).response(r.request, filename: "trial-balance-\(asOf).csv") { w in
                w.key("report"); w.string("trial_balance")
                w.key("as_of"); w.date(asOf)
                w.key("currency"); w.string(currency.code)
                w.key("balanced"); w.bool(report.totalDebit == report.totalCredit)
            }
        })
        router.get(generalLedgerPath, environment.tenantHandler(readOnly: true) { r in
            var query = ReportQuery(r.request, known: ["account_id", "from", "to", "currency", "limit", "cursor"])
            let accountID = query.uuid("account_id", required: true)
            let from = query.date("from", required: true), to = query.date("to", required: true)
            let currency = query.currency(default: r.tenant.currency)
            let limit = query.limit()
            var cursor: GeneralLedgerCursor?
            if let token = r.request.query("cursor") {
                cursor = GeneralLedgerCursor(token: token)
                if cursor == nil { query.add([FieldViolation(path: "cursor", code: .invalidValue, message: "is not a cursor this API issued")]) }
            }
            if let from, let to { query.add(ReportPeriod.violations(from: from, to: to)) }
            try query.finish()
            guard let accountID, let from, let to else { throw Problem.validation(query.errors) }
            let report = try LedgerReportRepository(r.connection).generalLedger(
                accountID: accountID, currency: currency, from: from, to: to, limit: limit, after: cursor)
            let table = generalLedgerTable(report, first: cursor == nil)
            return table.response(r.request, filename: "general-ledger-\(report.account.code)-\(from)-\(to).csv") { w in
                w.key("report"); w.string("general_ledger")
                w.key("account")
                w.object { w in
                    w.accountName(report.account)
                    w.key("type"); w.string(report.account.type.wireValue)
                }
                w.key("from"); w.date(from)
                w.key("to"); w.date(to)
                w.key("currency"); w.string(currency.code)
                w.key("opening_balance"); w.money(report.openingBalance, currency)
                w.key("closing_balance"); w.money(report.closingBalance, currency)
                w.key("next_cursor"); w.optionalString(report.next?.token)
            }
        })
        router.get(profitAndLossPath, environment.tenantHandler(readOnly: true) { r in
            let known = ["from", "to", "interval", "compare", "department", "project", "campaign", "currency"]
            let (from, to, currency, (interval, comparison, dimensions)) = try ReportQuery.period(r, known: known) { query in
                (
                    query.enumValue("interval", ReportInterval.self) ?? .total, query.enumValue("compare", ReportComparison.self),
                    ReportDimensions(
                        department: query.text("department"), project: query.text("project"), campaign: query.text("campaign"))
                )
            }
            let report = try LedgerReportRepository(r.connection).profitAndLoss(
                from: from, to: to, currency: currency, interval: interval, comparison: comparison, dimensions: dimensions)
            var table = statementTable(report.rows, currency: currency, single: false)
            table.amountHeaders = report.columns.map(\.key)
            return table.response(r.request, filename: "profit-and-loss-\(from)-\(to).csv") { w in
                w.reportHeader("profit_and_loss", from: from, to: to, currency: currency)
                w.key("interval"); w.string(interval.wireValue)
                w.key("compare"); w.optionalString(comparison?.wireValue)
                w.key("department"); w.optionalString(dimensions.department)
                w.key("project"); w.optionalString(dimensions.project)
                w.key("campaign"); w.optionalString(dimensions.campaign)
                w.key("columns"); w.objects(report.columns) { w, column in
                    w.key("key"); w.string(column.key)
                    w.key("from"); w.date(column.from)
                    w.key("to"); w.date(column.to)
                    w.key("comparison"); w.bool(column.isComparison)
                }
            }
        })
        router.get(balanceSheetPath, environment.tenantHandler(readOnly: true) { r in
            var query = ReportQuery(r.request, known: ["as_of", "currency"])
            let asOf = query.date("as_of") ?? r.tenant.today()
            let currency = query.currency(default: r.tenant.currency)
            try query.finish()
            let report = try LedgerReportRepository(r.connection).balanceSheet(
                asOf: asOf, currency: currency, fiscalYearStartMonth: r.tenant.fiscalYearStartMonth)
            return statementTable(report.rows, currency: currency, single: true)
                .response(r.request, filename: "balance-sheet-\(asOf).csv") { w in
                    w.key("report"); w.string("balance_sheet")
                    w.key("as_of"); w.date(asOf)
                    w.key("currency"); w.string(currency.code)
                    w.key("fiscal_year_start"); w.date(report.fiscalYearStart)
                    w.key("total_assets"); w.money(report.totalAssets, currency)
                    w.key("total_liabilities_and_equity"); w.money(report.totalLiabilitiesAndEquity, currency)
                    w.key("balanced"); w.bool(report.totalAssets == report.totalLiabilitiesAndEquity)
                }
        })
    }

    static func trialBalanceTable(_ report: TrialBalance) -> ReportTable {
        let c = report.currency
        var rows = report.rows.map { row -> [ReportCell] in
            [
                .text("account"), .text(row.account.id.lowercaseText), .text(row.account.code),
                .text(row.account.name), .text(row.account.type.wireValue), .money(row.debit, c),
                .money(row.credit, c), .money((try? row.net()) ?? .zero, c),
            ]
        }
        let balance = (try? report.totalDebit.subtracting(report.totalCredit)) ?? .zero
        rows.append([
            .text("total"), .text(nil), .text(nil), .text(nil), .text(nil), .money(report.totalDebit, c),
            .money(report.totalCredit, c), .money(balance, c),
        ])
        return ReportTable(columns: trialBalanceColumns, rows: rows)
    }

    /// The page's lines, after the opening row on the first page and before the closing row on the last.
    static func generalLedgerTable(_ report: GeneralLedger, first: Bool) -> ReportTable {
        let c = report.currency
        func edge(_ kind: String, _ date: CalendarDate, _ balance: ExactDecimal) -> [ReportCell] {
            [
                .text(kind), .text(date.description), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil),
                .text(nil), .money(.zero, c), .money(.zero, c), .money(balance, c),
            ]
        }
        var rows = [[ReportCell]]()
        if first { rows.append(edge("opening", report.from, report.openingBalance)) }
        for line in report.lines {
            rows.append([
                .text("line"), .text(line.date.description), .text(line.entryID.lowercaseText),
                .int(Int(line.entryNumber)), .int(line.lineNumber), .text(WireCase.snakeCase(line.sourceType)),
                .text(line.memo), .text(line.partyID?.lowercaseText), .text(line.partyName),
                .money(line.debit, c), .money(line.credit, c), .money(line.balance, c),
            ])
        }
        if report.next == nil { rows.append(edge("closing", report.to, report.closingBalance)) }
        return ReportTable(columns: generalLedgerColumns, rows: rows)
    }

    /// Profit and loss (`amounts` per column) or balance sheet (`single`: one `amount`).
    static func statementTable(_ rows: [StatementRow], currency: Currency, single: Bool) -> ReportTable {
        ReportTable(
            columns: single ? balanceSheetColumns : statementColumns,
            rows: rows.map { row in
                let amounts = row.amounts.map { ReportCell.moneyText($0, currency) }
                return [
                    .text(row.kind.wireValue), .text(row.section?.wireValue), .text(row.account?.id.lowercaseText),
                    .text(row.account?.code), .text(row.account?.name),
                    single ? .text(amounts.first ?? ReportCell.moneyText(.zero, currency)) : .amounts(amounts),
                ]
            })
    }
}
