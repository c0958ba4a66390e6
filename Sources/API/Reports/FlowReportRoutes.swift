import HTTPServer

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
