import Domain
import Foundation
import HTTPServer
import Store

/// `GET /v1/reports/tax-summary` (issue 24, finding 4; docs/invoicing.md, "Tax summary"): sales and purchases base
/// and tax per tax code, and per rate for lines without one, over a period; JSON or CSV like the budget reports.
enum TaxSummaryRoutes {
    static let tag = "Tax codes"
    static let path = "/v1/reports/tax-summary"

    /// The report's columns, in the JSON rows and the CSV alike. `kind` is `code`, `rate` (lines without a code) or
    /// `total` (the last row).
    static let columns = [
        "kind", "tax_code_id", "code", "name", "category", "rate", "sales_base", "sales_tax", "purchases_base",
        "purchases_tax", "net_tax",
    ]

    static var operations: [OpenAPIOperation] {
        return [
            .report(
                path, id: "taxSummaryReport",
                summary: "Sales and purchases base and tax per tax code (and per rate without a code) over a period, net tax due; CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag,
                parameters: [
                    ReportQuery.fromParameter, ReportQuery.toParameter,
                    .init(
                        "currency", in: .query, schema: #"{"type":"string","pattern":"^[A-Z]{3}$"}"#,
                        description: "Documents in this currency (default: the tenant's base currency)"),
                ], response: "TaxSummaryReport"),
        ]
    }

    static var schemas: [String: String] {
        let money = ReportQuery.moneySchema
        let row = #"""
            {"type":"object","additionalProperties":false,"required":[\#(columns.map(OpenAPISchemas.quoted).joined(separator: ","))],"properties":{
             "kind":{"type":"string","enum":["code","rate","total"]},
             "tax_code_id":{"type":["string","null"],"format":"uuid"},"code":{"type":["string","null"]},
             "name":{"type":["string","null"]},"category":\#(OpenAPISchemas.enumeration(TaxCodeCategory.self, nullable: true)),
             "rate":{"type":["string","null"],"description":"Percent; null on the total row"},
             "sales_base":\#(money),"sales_tax":\#(money),"purchases_base":\#(money),"purchases_tax":\#(money),
             "net_tax":\#(money)}}
            """#
        return [
            "TaxSummaryRow": row,
            "TaxSummaryReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","from","to","currency","data"],"properties":{
                 "report":{"type":"string","enum":["tax_summary"]},"from":{"type":"string","format":"date"},
                 "to":{"type":"string","format":"date"},"currency":{"type":"string"},
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/TaxSummaryRow"},
                  "description":"Rows per tax code (by code), then per rate of lines without a code, then the total row"}}}
                """#,
        ]
    }

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get(path, environment.tenantHandler { r in
            let (from, to, currency, _) = try ReportQuery.period(
                r, known: ["from", "to", "currency"], violations: TaxSummaryRepository.violations(from:to:)
            ) { _ in () }
            let summary = try TaxSummaryRepository(r.connection).summary(from: from, to: to, currency: currency)
            return ReportTable(columns: columns, rows: rows(summary).map { $0.map(ReportCell.text) })
                .response(r.request, filename: "tax-summary-\(from)-\(to).csv") { w in
                    w.reportHeader("tax_summary", from: from, to: to, currency: currency)
                }
        })
    }

    /// The report's cells, row by row, the total last.
    static func rows(_ summary: TaxSummary) -> [[String?]] {
        let currency = summary.currency
        func money(_ value: ExactDecimal) -> String { ReportCell.moneyText(value, currency) }
        func cells(_ kind: String, _ row: TaxSummary.Row, rate: String?) -> [String?] {
            [
                kind, row.taxCodeID?.uuidString.lowercased(), row.code, row.name, row.category?.wireValue, rate,
                money(row.salesBase), money(row.salesTax), money(row.purchasesBase), money(row.purchasesTax), money(row.netTax),
            ]
        }
        return summary.rows.map { cells($0.taxCodeID == nil ? "rate" : "code", $0, rate: $0.rate.normalized.description) }
            + [cells("total", summary.totals, rate: nil)]
    }
}
