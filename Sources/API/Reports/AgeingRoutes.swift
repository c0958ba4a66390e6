import Domain
import Foundation
import HTTPServer
import Postgres
import Store

/// `GET /v1/reports/ar-ageing` and `GET /v1/reports/ap-ageing` (issue 25; docs/reports.md, "Ageing"): what was
/// open on a date, by party and by days past due; JSON or CSV.
enum AgeingRoutes {
    static let tag = "Reports"
    static let parameters = ["as_of", "currency", "detail"]

    /// Each report's path, operation id, report name and side.
    static let reports: [(path: String, id: String, report: String, side: AgeingSide)] = [
        ("/v1/reports/ar-ageing", "arAgeingReport", "ar_ageing", .receivable),
        ("/v1/reports/ap-ageing", "apAgeingReport", "ap_ageing", .payable),
    ]

    /// The bucket columns, in the JSON rows and the CSV alike.
    static let buckets = [
        "open_items", "current", "days_1_30", "days_31_60", "days_61_90", "days_over_90", "unallocated", "total",
    ]

    /// The CSV's columns: `kind` is `account` (a control account, its balance in `total`), `party` or `total`.
    static let columns = ["kind", "id", "code", "name"] + buckets

    static var operations: [OpenAPIOperation] {
        reports.map { report in
            .report(
                report.path, id: report.id,
                summary: report.side == .receivable
                    ? "Receivables open on a date by customer and days past due (current, 1–30, 31–60, 61–90, over 90), tied to the receivable accounts; CSV with `?format=csv` or `Accept: text/csv`"
                    : "Payables open on a date by vendor and days past due (unpaid expenses, due on their date), tied to the payable accounts; CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag,
                parameters: [
                    .init(
                        "as_of", in: .query, schema: OpenAPISchemas.date(),
                        description: "Everything dated on or before this day counts (default: the tenant's today)"),
                    .init(
                        "detail", in: .query, schema: OpenAPISchemas.enumeration(AgeingDetail.self, default: .parties),
                        description: "`parties` (default): every party's buckets in `data`; `totals`: only `total` and `accounts` (`data` empty), the same figures, computed without reading each open document when nothing is dated after `as_of` (the dashboard's chart)"),
                    ReportQuery.currencyParameter,
                ],
                response: "AgeingReport")
        }
    }

    static var schemas: [String: String] {
        let money = ReportQuery.moneySchema
        let bucketProperties = buckets.map { $0 == "open_items" ? #""open_items":{"type":"integer","minimum":0}"# : "\"\($0)\":\(money)" }
            .joined(separator: ",")
        let required = buckets.map(OpenAPISchemas.quoted).joined(separator: ",")
        return [
            "AgeingBuckets": #"""
                {"type":"object","additionalProperties":false,"required":[\#(required)],"properties":{\#(bucketProperties)}}
                """#,
            "AgeingParty": #"""
                {"type":"object","additionalProperties":false,"required":["party_id","party_name",\#(required)],"properties":{
                 "party_id":{"type":["string","null"],"format":"uuid","description":"null: control-account lines without a party"},
                 "party_name":{"type":["string","null"]},\#(bucketProperties)}}
                """#,
            "AgeingAccount": #"""
                {"type":"object","additionalProperties":false,"required":["id","code","name","balance"],"properties":{
                 "id":{"type":"string","format":"uuid"},"code":{"type":"string"},"name":{"type":"string"},
                 "balance":\#(money)}}
                """#,
            "AgeingReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","as_of","detail","currency","accounts","data","total"],"properties":{
                 "report":{"type":"string","enum":["ar_ageing","ap_ageing"]},"as_of":{"type":"string","format":"date"},
                 "detail":\#(OpenAPISchemas.enumeration(AgeingDetail.self)),
                 "currency":{"type":"string"},
                 "accounts":{"type":"array","items":{"$ref":"#/components/schemas/AgeingAccount"},
                  "description":"The control accounts and their balances on the date; their sum equals total.total"},
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/AgeingParty"},
                  "description":"Every party with something open, by name; empty with `detail=totals`"},
                 "total":{"$ref":"#/components/schemas/AgeingBuckets"}}}
                """#,
        ]
    }

    static func register(on router: inout Router, environment: APIEnvironment) {
        for report in reports {
            // Repeatable read: the report's statements (whether a line follows `as_of`, then the figures) see one
            // state of the ledger (``AgeingRepository/report(_:asOf:currency:)``).
            router.get(report.path, environment.tenantHandler(isolation: .repeatableRead, readOnly: true) { r in
                var query = ReportQuery(r.request, known: parameters)
                let asOf = query.date("as_of") ?? r.tenant.today()
                let currency = query.currency(default: r.tenant.currency)
                let detail = query.enumValue("detail", AgeingDetail.self) ?? .parties
                try query.finish()
                let ageing = try AgeingRepository(r.connection).report(
                    report.side, asOf: asOf, currency: currency, detail: detail)
                func money(_ value: ExactDecimal) -> String { value.rounded(toPlaces: currency.minorUnits).description }
                func cells(_ b: AgeingReport.Buckets) -> [String] {
                    [String(b.openItems)] + [b.current, b.days1To30, b.days31To60, b.days61To90, b.daysOver90, b.unallocated, b.total].map(money)
                }
                if CSVWriter.requested(r.request) {
                    var csv = CSVWriter(header: columns)
                    for account in ageing.accounts {
                        csv.row(["account", account.id.lowercaseText, account.code, account.name] + Array(repeating: nil, count: buckets.count - 1) + [money(account.balance)])
                    }
                    for party in ageing.parties {
                        csv.row(["party", party.partyID?.lowercaseText, nil, party.name] + cells(party.buckets))
                    }
                    csv.row(["total", nil, nil, nil] + cells(ageing.total))
                    return csv.response(filename: "\(report.report)-\(asOf).csv")
                }
                return Response.json { w in
                    func write(_ b: AgeingReport.Buckets, _ w: inout JSONWriter) {
                        for (column, cell) in zip(buckets, cells(b)) {
                            w.key(column)
                            if column == "open_items" { w.int(b.openItems) } else { w.string(cell) }
                        }
                    }
                    w.object { w in
                        w.key("report"); w.string(report.report)
                        w.key("as_of"); w.date(asOf)
                        w.key("detail"); w.string(detail.wireValue)
                        w.key("currency"); w.string(currency.code)
                        w.key("accounts"); w.objects(ageing.accounts) { w, account in
                            w.accountName(account)
                            w.key("balance"); w.money(account.balance, currency)
                        }
                        w.key("data"); w.objects(ageing.parties) { w, party in
                            w.key("party_id"); w.optionalID(party.partyID)
                            w.key("party_name"); w.optionalString(party.name)
                            write(party.buckets, &w)
                        }
                        w.key("total"); w.object { w in write(ageing.total, &w) }
                    }
                }
            })
        }
    }
}
