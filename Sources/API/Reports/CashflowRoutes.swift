import Domain
import Foundation
import HTTPServer
import Postgres
import Store

/// `GET /v1/reports/cashflow` (issue 25; docs/reports.md, "Cashflow"): money in and out of the bank accounts by
/// month and category (direct method), with opening and closing balances; JSON or CSV.
enum CashflowRoutes {
    static let tag = "Reports"
    static let path = "/v1/reports/cashflow"
    static let parameters = ["from", "to", "currency"]

    /// The CSV's columns. Each month has an `opening` row (`balance`), one row per category (`money_in`,
    /// `money_out`) and a `closing` row (the month's money in and out, `balance`); the whole period follows as month
    /// `total`.
    static let columns = [
        "month", "from", "to", "line", "expense_category_id", "expense_category_name", "money_in", "money_out", "balance",
    ]

    static var operations: [OpenAPIOperation] {
        [
            .report(
                path, id: "cashflowReport",
                summary: "Money in and out of the bank accounts by month and category, opening and closing balances; CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag,
                parameters: [ReportQuery.fromParameter, ReportQuery.toParameter, ReportQuery.currencyParameter],
                response: "CashflowReport"),
        ]
    }

    static var schemas: [String: String] {
        let money = ReportQuery.moneySchema
        let line = #"""
            {"type":"object","additionalProperties":false,
             "required":["category","expense_category_id","expense_category_name","money_in","money_out"],"properties":{
             "category":\#(OpenAPISchemas.enumeration(CashflowCategory.self)),
             "expense_category_id":{"type":["string","null"],"format":"uuid"},
             "expense_category_name":{"type":["string","null"]},"money_in":\#(money),"money_out":\#(money)}}
            """#
        let month = #"""
            {"type":"object","additionalProperties":false,
             "required":["month","from","to","opening","money_in","money_out","closing","lines"],"properties":{
             "month":{"type":"string","pattern":"^([0-9]{4}-[0-9]{2}|total)$","description":"YYYY-MM, or total for the whole period"},"from":{"type":"string","format":"date"},
             "to":{"type":"string","format":"date"},"opening":\#(money),"money_in":\#(money),"money_out":\#(money),
             "closing":\#(money),"lines":{"type":"array","items":{"$ref":"#/components/schemas/CashflowLine"}}}}
            """#
        let account = #"""
            {"type":"object","additionalProperties":false,"required":["id","code","name","opening","closing"],"properties":{
             "id":{"type":"string","format":"uuid"},"code":{"type":"string"},"name":{"type":"string"},
             "opening":\#(money),"closing":\#(money)}}
            """#
        return [
            "CashflowLine": line, "CashflowMonth": month, "CashflowAccount": account,
            "CashflowReport": #"""
                {"type":"object","additionalProperties":false,
                 "required":["report","from","to","currency","accounts","months","total"],"properties":{
                 "report":{"type":"string","enum":["cashflow"]},"from":{"type":"string","format":"date"},
                 "to":{"type":"string","format":"date"},"currency":{"type":"string"},
                 "accounts":{"type":"array","items":{"$ref":"#/components/schemas/CashflowAccount"}},
                 "months":{"type":"array","items":{"$ref":"#/components/schemas/CashflowMonth"}},
                 "total":{"$ref":"#/components/schemas/CashflowMonth"}}}
                """#,
        ]
    }

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get(path, environment.tenantHandler(readOnly: true) { r in
            let (from, to, currency, _) = try ReportQuery.period(r, known: parameters) { _ in () }
            let report = try CashflowRepository(r.connection).report(from: from, to: to, currency: currency)
            if CSVWriter.requested(r.request) {
                var csv = CSVWriter(header: columns)
                for month in report.months { rows(month, label: monthLabel(month.month), currency, into: &csv) }
                rows(report.total, label: "total", currency, into: &csv)
                return csv.response(filename: "cashflow-\(from)-\(to).csv")
            }
            return Response.json { w in
                w.object { w in
                    w.reportHeader("cashflow", from: from, to: to, currency: currency)
                    w.key("accounts"); w.objects(report.accounts) { w, account in
                        w.accountName(account)
                        w.key("opening"); w.money(account.opening, currency)
                        w.key("closing"); w.money(account.closing, currency)
                    }
                    w.key("months")
                    w.array { w in for month in report.months { write(month, label: monthLabel(month.month), currency, &w) } }
                    w.key("total"); write(report.total, label: "total", currency, &w)
                }
            }
        })
    }

    /// `2026-03` for the month starting 2026-03-01.
    static func monthLabel(_ month: CalendarDate) -> String { String(month.description.prefix(7)) }

    static func write(_ month: CashflowReport.Month, label: String, _ currency: Currency, _ w: inout JSONWriter) {
        w.object { w in
            w.key("month"); w.string(label)
            w.key("from"); w.date(month.from)
            w.key("to"); w.date(month.to)
            w.key("opening"); w.money(month.opening, currency)
            w.key("money_in"); w.money(month.moneyIn, currency)
            w.key("money_out"); w.money(month.moneyOut, currency)
            w.key("closing"); w.money(month.closing, currency)
            w.key("lines"); w.objects(month.lines) { w, line in
                w.key("category"); w.string(line.category.wireValue)
                w.key("expense_category_id"); w.optionalID(line.expenseCategoryID)
                w.key("expense_category_name"); w.optionalString(line.expenseCategoryName)
                w.key("money_in"); w.money(line.moneyIn, currency)
                w.key("money_out"); w.money(line.moneyOut, currency)
            }
        }
    }

    static func rows(_ month: CashflowReport.Month, label: String, _ currency: Currency, into csv: inout CSVWriter) {
        func money(_ value: ExactDecimal) -> String { value.rounded(toPlaces: currency.minorUnits).description }
        let period = [label, month.from.description, month.to.description]
        csv.row(period + ["opening", nil, nil, nil, nil, money(month.opening)])
        for line in month.lines {
            csv.row(
                period + [
                    line.category.wireValue, line.expenseCategoryID?.lowercaseText, line.expenseCategoryName,
                    money(line.moneyIn), money(line.moneyOut), nil,
                ])
        }
        csv.row(period + ["closing", nil, nil, money(month.moneyIn), money(month.moneyOut), money(month.closing)])
    }
}
