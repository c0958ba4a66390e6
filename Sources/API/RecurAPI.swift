import HTTPServer

/// Assembles Recur's HTTP API: every resource's routes and the OpenAPI document that describes them.
public enum RecurAPI {
    /// Every documented operation, from every resource, with the query conventions they share
    /// (``QueryConventions``: CSV on every list).
    public static var operations: [OpenAPIOperation] {
        QueryConventions.documented(declaredOperations, schemas: schemas)
    }

    /// Every resource's routes, operations and schemas, in the order of the document and of registration (after
    /// ``OperationalRoutes``, which serves the document itself).
    static var modules: [any RouteModule.Type] {
        [
            TenantRoutes.self, EODRunRoutes.self, InvoicingRoutes.self, DocumentRoutes.self, NotificationRoutes.self,
            EmailTemplateRoutes.self, WebhookRoutes.self, ExpenseRoutes.self, RecurringExpenseRoutes.self, TaskRoutes.self,
            RecurringTaskRoutes.self, BudgetRoutes.self, LedgerReportRoutes.self, AuditRoutes.self, CashflowRoutes.self,
            IncomeExpenseRoutes.self, AgeingRoutes.self, RecurringReportRoutes.self, BankingRoutes.self,
            BankRuleRoutes.self, UserRoutes.self, SessionRoutes.self, PasswordResetRoutes.self, TOTPRoutes.self,
        ]
    }

    /// Every operation as its resource declares it.
    static var declaredOperations: [OpenAPIOperation] { OperationalRoutes.operations + modules.operations }

    /// Every schema the operations refer to: the resources', and those several resources share.
    public static var schemas: [String: String] {
        let shared = [
            OpenAPIDocument.commonSchemas, OperationalRoutes.schemas, TenantRoutes.documentSchemas,
            RecurringTemplateRoutes.schemas, OpenAPISchemas.decimalSchemas, ["Schedule": OpenAPISchemas.schedule],
        ]
        return modules.schemas(over: shared.reduce([:]) { $0.merging($1) { first, _ in first } })
    }

    /// The OpenAPI 3.1 document, as served at `/openapi.json`.
    public static func openAPIDocument() -> [UInt8] {
        OpenAPIDocument.render(operations: operations, schemas: schemas)
    }

    /// A router with every route registered, each checking its query against its operation and offering its CSV
    /// (``QueryConventions``).
    public static func makeRouter(_ environment: APIEnvironment) -> Router {
        var router = Router()
        OperationalRoutes.register(on: &router, environment: environment, openAPI: openAPIDocument())
        modules.register(on: &router, environment: environment)
        // Last: wraps every route registered above.
        QueryConventions.enforce(on: &router, operations: operations, schemas: schemas)
        return router
    }
}

extension TenantRoutes: RouteModule {}
extension EODRunRoutes: RouteModule {}
extension InvoicingRoutes: RouteModule {}
extension DocumentRoutes: RouteModule {}
extension NotificationRoutes: RouteModule {}
extension EmailTemplateRoutes: RouteModule {}
extension WebhookRoutes: RouteModule {}
extension ExpenseRoutes: RouteModule {}
extension RecurringExpenseRoutes: RecurringRouteModule {}
extension TaskRoutes: RouteModule {}
extension RecurringTaskRoutes: RecurringRouteModule {}
extension BudgetRoutes: RouteModule {}
extension LedgerReportRoutes: RouteModule {}
extension AuditRoutes: RouteModule {}
extension CashflowRoutes: RouteModule {}
extension IncomeExpenseRoutes: RouteModule {}
extension AgeingRoutes: RouteModule {}
extension RecurringReportRoutes: RouteModule {}
extension BankingRoutes: RouteModule {}
extension BankRuleRoutes: RouteModule {}
extension UserRoutes: RouteModule {}
extension SessionRoutes: RouteModule {}
extension PasswordResetRoutes: RouteModule {}
extension TOTPRoutes: RouteModule {}
