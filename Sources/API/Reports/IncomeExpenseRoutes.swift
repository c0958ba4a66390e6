import Domain
import Foundation
import HTTPServer
import Store

/// `GET /v1/reports/income-expense` (issue 25; docs/reports.md, "Income and expense"): income and expense by
/// account, expense category, party or budget dimension, by month, with totals; JSON or CSV.
enum IncomeExpenseRoutes {
    static let tag = "Reports"
    static let path = "/v1/reports/income-expense"
    static let parameters = ["from", "to", "by", "currency"]

    static var operations: [OpenAPIOperation] {
        [
            .report(
                path, id: "incomeExpenseReport",
                summary: "Income and expense by account, category, party, department, project or campaign, by month, with totals; CSV (one column per month) with `?format=csv` or `Accept: text/csv`",
                tag: tag,
                parameters: [
                    ReportQuery.fromParameter, ReportQuery.toParameter,
                    .init(
                        "by", in: .query,
                        schema: OpenAPISchemas.enumeration(IncomeExpenseGrouping.self, default: .account),
                        description: "The grouping (default `account`)"),
                    ReportQuery.currencyParameter,
                ],
                response: "IncomeExpenseReport"),
        ]
    }

    static var schemas: [String: String] {
        let money = ReportQuery.moneySchema
        let amounts = #"{"type":"array","items":\#(money),"description":"One amount per month of `months`"}"#
        return [
            "IncomeExpenseGroup": #"""
                {"type":"object","additionalProperties":false,
                 "required":["section","group_kind","key","code","name","amounts","total"],"properties":{
                 "section":\#(OpenAPISchemas.enumeration(IncomeExpenseSection.self)),
                 "group_kind":\#(OpenAPISchemas.enumeration(IncomeExpenseGrouping.self, description: "What `key` names: the grouping, or `account` for lines without an expense category when grouping by category")),
                 "key":{"type":["string","null"],"description":"The account, category or party id, or the dimension's value; null: lines without one"},
                 "code":{"type":["string","null"],"description":"The account's code (accounts only)"},
                 "name":{"type":["string","null"]},"amounts":\#(amounts),"total":\#(money)}}
                """#,
            "IncomeExpenseTotals": #"""
                {"type":"object","additionalProperties":false,"required":["amounts","total"],"properties":{
                 "amounts":\#(amounts),"total":\#(money)}}
                """#,
            "IncomeExpenseReport": #"""
                {"type":"object","additionalProperties":false,
                 "required":["report","from","to","currency","by","months","groups","income","expense","net"],"properties":{
                 "report":{"type":"string","enum":["income_expense"]},"from":{"type":"string","format":"date"},
                 "to":{"type":"string","format":"date"},"currency":{"type":"string"},
                 "by":\#(OpenAPISchemas.enumeration(IncomeExpenseGrouping.self)),
                 "months":{"type":"array","items":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"}},
                 "groups":{"type":"array","items":{"$ref":"#/components/schemas/IncomeExpenseGroup"},
                  "description":"Income groups, then expense groups"},
                 "income":{"$ref":"#/components/schemas/IncomeExpenseTotals"},
                 "expense":{"$ref":"#/components/schemas/IncomeExpenseTotals"},
                 "net":{"$ref":"#/components/schemas/IncomeExpenseTotals"}}}
                """#,
        ]
    }

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get(path, environment.tenantHandler(readOnly: true) { r in
            let (from, to, currency, grouping) = try ReportQuery.period(r, known: parameters) {
                $0.enumValue("by", IncomeExpenseGrouping.self) ?? .account
            }
            let report = try IncomeExpenseRepository(r.connection).report(
                from: from, to: to, currency: currency, by: grouping)
            let months = report.months.map(CashflowRoutes.monthLabel)
            func money(_ value: ExactDecimal) -> String { value.rounded(toPlaces: currency.minorUnits).description }
            if CSVWriter.requested(r.request) {
                var csv = CSVWriter(header: ["section", "group_kind", "key", "code", "name"] + months + ["total"])
                for group in report.groups {
                    csv.row(
                        [group.section.wireValue, group.kind.wireValue, group.key, group.code, group.name]
                            + group.amounts.map(money) + [money(group.total)])
                }
                for (section, totals) in [("income", report.income), ("expense", report.expense), ("net", report.net)] {
                    csv.row([section, "total", nil, nil, nil] + totals.amounts.map(money) + [money(totals.total)])
                }
                return csv.response(filename: "income-expense-\(from)-\(to).csv")
            }
            return Response.json { w in
                w.object { w in
                    w.reportHeader("income_expense", from: from, to: to, currency: currency)
                    w.key("by"); w.string(grouping.wireValue)
                    w.key("months"); w.array { w in for month in months { w.string(month) } }
                    w.key("groups"); w.objects(report.groups) { w, group in
                        w.key("section"); w.string(group.section.wireValue)
                        w.key("group_kind"); w.string(group.kind.wireValue)
                        w.key("key"); w.optionalString(group.key)
                        w.key("code"); w.optionalString(group.code)
                        w.key("name"); w.optionalString(group.name)
                        w.key("amounts"); w.array { w in for amount in group.amounts { w.string(money(amount)) } }
                        w.key("total"); w.string(money(group.total))
                    }
                    for (section, totals) in [("income", report.income), ("expense", report.expense), ("net", report.net)] {
                        w.key(section)
                        w.object { w in
                            w.key("amounts"); w.array { w in for amount in totals.amounts { w.string(money(amount)) } }
                            w.key("total"); w.string(money(totals.total))
                        }
                    }
                }
            }
        })
    }
}
