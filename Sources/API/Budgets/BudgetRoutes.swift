import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/budgets` and the `/v1/reports/budget-…` reports (issue 9, docs/budgets.md).
public enum BudgetRoutes {
    static let tag = "Budgets"
    static let asOfParameter = OpenAPIOperation.Parameter(
        "as_of", in: .query, schema: OpenAPISchemas.date(), description: "Default: the tenant's today")

    /// Every documented operation.
    public static var operations: [OpenAPIOperation] {
        [
            .list(
                "/v1/budgets", id: "listBudgets", summary: "Budgets, newest first (without their lines)", tag: tag,
                response: "BudgetList"),
            .create(
                "/v1/budgets", id: "createBudget",
                summary: "Create a budget for a fiscal year and scope, with lines per income or expense account",
                tag: tag, request: "BudgetInput", response: "Budget"),
            .read(
                "/v1/budgets/:id", id: "getBudget", summary: "One budget with its lines", tag: tag, response: "Budget"),
            OpenAPIOperation(
                "PUT", "/v1/budgets/:id", id: "replaceBudget",
                summary: "Replace a budget (lines included) at any time: actuals come from the ledger", tag: tag,
                parameters: [.id], request: "BudgetInput", response: "Budget", errors: [400, 404, 415, 422]),
            OpenAPIOperation(
                "GET", "/v1/budgets/:id/monitor", id: "monitorBudget",
                summary: "Budget against ledger actuals: per line, per month, year to date, forecast", tag: tag,
                parameters: [.id, asOfParameter], response: "BudgetMonitor", errors: [404, 422]),
        ] + BudgetReport.allCases.map { report in
            OpenAPIOperation(
                "GET", "/v1/reports/\(report.pathSegment)", id: report.operationID,
                summary: "Report \(report.wireValue) of one budget; CSV with `?format=csv` or `Accept: text/csv`", tag: tag,
                parameters: [
                    .init("budget_id", in: .query, required: true, schema: OpenAPISchemas.uuid()), asOfParameter,
                    .init("format", in: .query, schema: #"{"type":"string","enum":["json","csv"]}"#),
                ], response: "BudgetReport", alternateResponses: [(CSVWriter.mediaType, "CSVText")], errors: [404, 422])
        }
    }

    /// Every schema the operations refer to.
    public static var schemas: [String: String] { BudgetSchemas.all }

    /// Registers every route on `router`.
    public static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/budgets", environment.pageHandler(BudgetWriting.write) { r in
            try BudgetRepository(r.connection).list(page: try QueryParameters.page(r.request))
        })
        router.post("/v1/budgets", environment.recordHandler(status: .created, BudgetWriting.write) { r in
            try BudgetRepository(r.connection).create(try BudgetReading.draft(r.request), tenant: r.tenant)
        })
        router.get("/v1/budgets/:id", environment.recordHandler(BudgetWriting.write, id: "budget") { r, id in
            try BudgetRepository(r.connection).get(id)
        })
        router.put("/v1/budgets/:id", environment.recordHandler(BudgetWriting.write, id: "budget") { r, id in
            try BudgetRepository(r.connection).update(id, try BudgetReading.draft(r.request), tenant: r.tenant)
        })
        router.get("/v1/budgets/:id/monitor", environment.recordHandler(BudgetWriting.write, id: "budget") { r, id in
            try BudgetRepository(r.connection).monitor(id, asOf: try BudgetReading.asOf(r))
        })
        for report in BudgetReport.allCases {
            router.get("/v1/reports/\(report.pathSegment)", environment.tenantHandler { r in
                try ReportQuery.checkFormat(r.request)
                let monitor = try BudgetRepository(r.connection).monitor(try BudgetReading.budgetID(r.request), asOf: try BudgetReading.asOf(r))
                return report.response(monitor, r.request)
            })
        }
    }
}
