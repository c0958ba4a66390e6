import Domain
import HTTPServer
import Store

/// The cashflow, income and expense, and ageing reports (issue 25; docs/reports.md): their operations, schemas and
/// routes, for ``RecurAPI``.
enum FlowReportRoutes {
    static var operations: [OpenAPIOperation] {
        CashflowRoutes.operations + IncomeExpenseRoutes.operations + AgeingRoutes.operations
    }

    static var schemas: [String: String] {
        CashflowRoutes.schemas.merging(IncomeExpenseRoutes.schemas) { first, _ in first }
            .merging(AgeingRoutes.schemas) { first, _ in first }
    }

    static func register(on router: inout Router, environment: APIEnvironment) {
        CashflowRoutes.register(on: &router, environment: environment)
        IncomeExpenseRoutes.register(on: &router, environment: environment)
        AgeingRoutes.register(on: &router, environment: environment)
    }
}

extension ReportQuery {
    /// A period report's query: `from` and `to` (required, bounded by ``ReportPeriod``), `currency` (default the
    /// tenant's base currency) and whatever `more` reads — every problem at once, as one 422.
    static func period<T>(
        _ r: TenantRequest, known: [String], _ more: (inout ReportQuery) -> T
    ) throws -> (from: CalendarDate, to: CalendarDate, currency: Currency, more: T) {
        var query = ReportQuery(r.request, known: known)
        let from = query.date("from", required: true), to = query.date("to", required: true)
        let extra = more(&query)
        let currency = query.currency(default: r.tenant.currency)
        if let from, let to { query.add(ReportPeriod.violations(from: from, to: to)) }
        try query.finish()
        guard let from, let to else { throw Problem.validation(query.errors) }
        return (from, to, currency, extra)
    }
}

extension JSONWriter {
    /// The fields a period report's JSON starts with: `report`, `from`, `to`, `currency`.
    mutating func reportHeader(_ report: String, from: CalendarDate, to: CalendarDate, currency: Currency) {
        key("report"); string(report)
        key("from"); date(from)
        key("to"); date(to)
        key("currency"); string(currency.code)
    }
}
