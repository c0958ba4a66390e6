import Domain
import Foundation
import HTTPServer
import Postgres
import Store

/// Issue 25's recurring reports (docs/reports.md, "Recurring revenue, commitments and upcoming postings"):
/// `GET /v1/reports/recurring-revenue` (MRR/ARR of recurring invoice setups and its movement),
/// `GET /v1/reports/recurring-commitments` (the same for recurring expenses) and `GET /v1/reports/upcoming-postings`
/// (what the EOD will create in the next days). JSON, or CSV with `?format=csv` / `Accept: text/csv`.
enum RecurringReportRoutes {
    static let tag = "Reports"
    static let revenuePath = "/v1/reports/recurring-revenue"
    static let commitmentsPath = "/v1/reports/recurring-commitments"
    static let upcomingPath = "/v1/reports/upcoming-postings"

    /// The columns of a recurring-amount report, in the JSON rows and the CSV alike: one row per currency and month.
    static let amountColumns = [
        "currency", "month_end", "opening_monthly", "new", "expansion", "contraction", "churn", "reactivation",
        "closing_monthly", "closing_annual", "contributors",
    ]
    /// The columns of an upcoming posting.
    static let upcomingColumns = [
        "date", "source", "template_id", "name", "party_id", "party_name", "occurrence_index", "posting_date",
        "document_date", "currency", "net", "tax", "total",
    ]

    static var operations: [OpenAPIOperation] {
        let period = [ReportQuery.fromParameter, ReportQuery.toParameter]
        return [
            .report(
                revenuePath, id: "recurringRevenueReport",
                summary: "MRR and ARR of recurring invoice setups at each month end of a period and its movement (new, expansion, contraction, churn, reactivation), per currency; CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag, parameters: period, response: "RecurringAmountReport"),
            .report(
                commitmentsPath, id: "recurringCommitmentsReport",
                summary: "Monthly committed spend of recurring expenses at each month end of a period and its movement, per currency; CSV with `?format=csv` or `Accept: text/csv`",
                tag: tag, parameters: period, response: "RecurringAmountReport"),
            .report(
                upcomingPath, id: "upcomingPostingsReport",
                summary: "What the EOD runs of the next `days` days (from the tenant's today) will create from recurring invoices, expenses, sales orders and tasks, with totals per day, source and currency; CSV (the postings) with `?format=csv` or `Accept: text/csv`",
                tag: tag,
                parameters: [
                    .init(
                        "days", in: .query,
                        schema: #"{"type":"integer","minimum":1,"maximum":92,"default":30}"#,
                        description: "How many days, today included: 1 to 92 (a quarter); beyond it a 422 at `/days`"),
                    .init(
                        "limit", in: .query,
                        schema: #"{"type":"integer","minimum":1,"maximum":5000,"default":5000}"#,
                        description: "At most this many postings, the soonest (`truncated` when more fell in the window); only those are previewed: 1 to 5000, beyond it a 422 at `/limit`"),
                ], response: "UpcomingPostingsReport"),
        ]
    }

    static var schemas: [String: String] {
        let money = ReportQuery.moneySchema
        let nullableMoney = #"{"type":["string","null"],"pattern":"^-?[0-9]+(\\.[0-9]+)?$"}"#
        let quoted = { (columns: [String]) in columns.map(OpenAPISchemas.quoted).joined(separator: ",") }
        return [
            "RecurringAmountMonth": #"""
                {"type":"object","additionalProperties":false,"required":[\#(quoted(amountColumns))],"properties":{
                 "currency":{"type":"string","pattern":"^[A-Z]{3}$"},"month_end":{"type":"string","format":"date"},
                 "opening_monthly":\#(money),"new":\#(money),"expansion":\#(money),"contraction":\#(money),
                 "churn":\#(money),"reactivation":\#(money),
                 "closing_monthly":\#(money),"closing_annual":\#(money),
                 "contributors":{"type":"integer","minimum":0}}}
                """#,
            "RecurringAmountReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","from","to","data"],"properties":{
                 "report":{"type":"string","enum":["recurring_revenue","recurring_commitments"]},
                 "from":{"type":"string","format":"date"},"to":{"type":"string","format":"date"},
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/RecurringAmountMonth"},
                  "description":"Per currency (by code), one row per month: opening + new + expansion + contraction + churn + reactivation = closing"}}}
                """#,
            "UpcomingPosting": #"""
                {"type":"object","additionalProperties":false,"required":[\#(quoted(upcomingColumns))],"properties":{
                 "date":{"type":"string","format":"date"},
                 "source":\#(OpenAPISchemas.enumeration(UpcomingPostingSource.self)),
                 "template_id":{"type":"string","format":"uuid"},"name":{"type":["string","null"]},
                 "party_id":{"type":["string","null"],"format":"uuid"},"party_name":{"type":["string","null"]},
                 "occurrence_index":{"type":"integer","minimum":0},
                 "posting_date":{"type":"string","format":"date"},"document_date":{"type":"string","format":"date"},
                 "currency":{"type":["string","null"],"pattern":"^[A-Z]{3}$"},
                 "net":\#(nullableMoney),"tax":\#(nullableMoney),"total":\#(nullableMoney)}}
                """#,
            "UpcomingPostingTotal": #"""
                {"type":"object","additionalProperties":false,"required":[\#(quoted(UpcomingTotal.columns))],"properties":{
                 "date":{"type":"string","format":"date"},
                 "source":\#(OpenAPISchemas.enumeration(UpcomingPostingSource.self)),
                 "currency":{"type":["string","null"],"pattern":"^[A-Z]{3}$"},
                 "count":{"type":"integer","minimum":1},
                 "net":\#(nullableMoney),"tax":\#(nullableMoney),"total":\#(nullableMoney)}}
                """#,
            "UpcomingPostingsReport": #"""
                {"type":"object","additionalProperties":false,"required":["report","from","through","days","truncated","limit","data","totals"],"properties":{
                 "report":{"type":"string","enum":["upcoming_postings"]},
                 "from":{"type":"string","format":"date"},"through":{"type":"string","format":"date"},
                 "days":{"type":"integer","minimum":1,"maximum":92},
                 "truncated":{"type":"boolean","description":"More postings fell in the window than were returned (the soonest `limit` are)"},
                 "limit":{"type":"integer","minimum":1,"maximum":5000,"description":"The query's `limit` (default 5000)"},
                 "data":{"type":"array","items":{"$ref":"#/components/schemas/UpcomingPosting"}},
                 "totals":{"type":"array","items":{"$ref":"#/components/schemas/UpcomingPostingTotal"},
                  "description":"Per day, source and currency (null for tasks) of the returned postings"}}}
                """#,
        ]
    }

    static func register(on router: inout Router, environment: APIEnvironment) {
        for (path, side, report) in [
            (revenuePath, RecurringAmountSide.revenue, "recurring_revenue"),
            (commitmentsPath, RecurringAmountSide.commitments, "recurring_commitments"),
        ] {
            router.get(path, environment.tenantHandler(readOnly: true) { r in
                var query = ReportQuery(r.request, known: ["from", "to"])
                let from = query.date("from", required: true), to = query.date("to", required: true)
                if let from, let to { query.add(ReportPeriod.violations(from: from, to: to)) }
                try query.finish()
                guard let from, let to else { throw Problem.validation([]) }
                let reports = try RecurringAmountReportRepository(r.connection).report(
                    side, from: from, to: to, timeZone: r.tenant.timeZoneIdentifier)
                let rows = try amountRows(reports)
                return ReportTable(columns: amountColumns, rows: rows).response(
                    r.request, filename: "\(report.replacingOccurrences(of: "_", with: "-"))-\(from)-\(to).csv"
                ) { w in
                    w.key("report"); w.string(report)
                    w.key("from"); w.date(from)
                    w.key("to"); w.date(to)
                }
            })
        }
        router.get(upcomingPath, environment.tenantHandler(readOnly: true) { r in
            var query = ReportQuery(r.request, known: ["days", "limit"])
            let days = query.integer("days", in: UpcomingPostingsRepository.dayRange, default: 30)
            let limit = query.integer(
                "limit", in: 1...UpcomingPostingsRepository.postingLimit, default: UpcomingPostingsRepository.postingLimit)
            try query.finish()
            let upcoming = try UpcomingPostingsRepository(r.connection).upcoming(
                today: r.tenant.today(), days: days, limit: limit, context: r.tenant.scheduleContext)
            var texts = UpcomingTexts()
            let rows = upcoming.postings.map { upcomingRow($0, &texts) }
            let totals = try upcomingTotals(upcoming.postings)
            if CSVWriter.requested(r.request) {
                return ReportTable(columns: upcomingColumns, rows: rows).csv()
                    .response(filename: "upcoming-postings-\(upcoming.from)-\(upcoming.through).csv")
            }
            // Sized up front (a posting is about 370 bytes of JSON): 740 kB written without regrowing the buffer.
            var w = JSONWriter(capacity: 1_024 + 400 * (rows.count + totals.count))
            w.object { w in
                w.key("report"); w.string("upcoming_postings")
                w.key("from"); w.date(upcoming.from)
                w.key("through"); w.date(upcoming.through)
                w.key("days"); w.int(days)
                w.key("truncated"); w.bool(upcoming.truncated)
                w.key("limit"); w.int(limit)
                for (key, table) in [
                    ("data", ReportTable(columns: upcomingColumns, rows: rows)),
                    ("totals", ReportTable(columns: UpcomingTotal.columns, rows: totals.map(\.cells))),
                ] {
                    w.key(key); table.write(into: &w)
                }
            }
            return Response.json(bytes: w.bytes)
        })
    }

    /// An amount at the currency's minor units, or null (a task's, or without a currency).
    static func money(_ value: ExactDecimal?, _ currency: Currency?) -> ReportCell {
        guard let value, let currency else { return .text(nil) }
        return .money(value, currency)
    }

    /// One row per currency and month, in ``amountColumns`` order.
    static func amountRows(_ reports: [RecurringAmountReport]) throws -> [[ReportCell]] {
        try reports.flatMap { report in
            try report.months.map { month in
                let money = { (value: ExactDecimal) in ReportCell.money(value, report.currency) }
                let movement = { (kind: RecurringMovementKind) in money(month.movement[kind] ?? .zero) }
                return [
                    .text(report.currency.code), .text(month.monthEnd.description), money(month.opening),
                    movement(.new), movement(.expansion), movement(.contraction), movement(.churn), movement(.reactivation),
                    money(month.closing), money(try month.closing.multiplied(by: 12)), .int(month.contributors),
                ]
            }
        }
    }

    /// The dates' and ids' texts of the upcoming postings, each made once per distinct value (2,020 postings on the
    /// 1M-invoice seed have 1,000 template ids, about 50 parties and some 30 dates, three dates and two ids a row).
    struct UpcomingTexts {
        private var dates = [CalendarDate: String]()
        private var ids = [UUID: String]()

        mutating func date(_ date: CalendarDate) -> String {
            if let text = dates[date] { return text }
            let text = date.description
            dates[date] = text
            return text
        }

        mutating func id(_ id: UUID?) -> String? {
            guard let id else { return nil }
            if let text = ids[id] { return text }
            let text = id.lowercaseText
            ids[id] = text
            return text
        }
    }

    /// One posting in ``upcomingColumns`` order.
    static func upcomingRow(_ posting: UpcomingPosting, _ texts: inout UpcomingTexts) -> [ReportCell] {
        let currency = posting.preview.currency
        let amounts = posting.amounts
        let net = amounts.flatMap { try? $0.total.subtracting($0.taxTotal) }
        return [
            .text(texts.date(posting.date)), .text(posting.source.wireValue),
            .text(texts.id(posting.templateID)), .text(posting.name),
            .text(texts.id(posting.partyID)), .text(posting.partyName),
            .int(posting.preview.occurrence.index), .text(texts.date(posting.preview.occurrence.postingDate)),
            .text(texts.date(posting.preview.documentDate)), .text(currency?.code),
            money(net, currency), money(amounts?.taxTotal, currency), money(amounts?.total, currency),
        ]
    }

    struct UpcomingTotal {
        var date: CalendarDate
        var source: UpcomingPostingSource
        var currency: Currency?
        var count = 0
        var net: ExactDecimal?
        var tax: ExactDecimal?
        var total: ExactDecimal?

        static let columns = ["date", "source", "currency", "count", "net", "tax", "total"]
        var cells: [ReportCell] {
            [
                .text(date.description), .text(source.wireValue), .text(currency?.code), .int(count),
                RecurringReportRoutes.money(net, currency), RecurringReportRoutes.money(tax, currency),
                RecurringReportRoutes.money(total, currency),
            ]
        }
    }

    /// Totals per day, source and currency, in the postings' order (by date, then source).
    static func upcomingTotals(_ postings: [UpcomingPosting]) throws -> [UpcomingTotal] {
        struct Key: Hashable {
            let date: CalendarDate
            let source: UpcomingPostingSource
            let currency: Currency?
        }
        var totals = [UpcomingTotal]()
        var index = [Key: Int]()
        for posting in postings {
            let key = Key(date: posting.date, source: posting.source, currency: posting.preview.currency)
            let position = index.position(of: key) {
                totals.append(UpcomingTotal(date: posting.date, source: posting.source, currency: posting.preview.currency))
                return totals.count - 1
            }
            totals[position].count += 1
            if let amounts = posting.amounts {
                let net = try amounts.total.subtracting(amounts.taxTotal)
                totals[position].net = try (totals[position].net ?? .zero).adding(net)
                totals[position].tax = try (totals[position].tax ?? .zero).adding(amounts.taxTotal)
                totals[position].total = try (totals[position].total ?? .zero).adding(amounts.total)
            }
        }
        return totals
    }
}
