import HTTPServer

/// Assembles Recur's HTTP API: every resource's routes and the OpenAPI document that describes them.
public enum RecurAPI {
    /// Every documented operation, from every resource, with the query conventions they share
    /// (``QueryConventions``: CSV on every list).
    public static var operations: [OpenAPIOperation] {
        QueryConventions.documented(declaredOperations, schemas: schemas)
    }

    /// Every operation as its resource declares it.
    static var declaredOperations: [OpenAPIOperation] {
        OperationalRoutes.operations + TenantRoutes.operations + EODRunRoutes.operations + InvoicingRoutes.operations
            + DocumentRoutes.operations + NotificationRoutes.operations + EmailTemplateRoutes.operations + WebhookRoutes.operations + ExpenseRoutes.operations + TaskRoutes.operations + BudgetRoutes.operations
            + LedgerReportRoutes.operations
            + AuditRoutes.operations
            + FlowReportRoutes.operations
            + RecurringReportRoutes.operations
            + BankingRoutes.operations + BankRuleRoutes.operations
            + UserRoutes.operations + SessionRoutes.operations + PasswordResetRoutes.operations + TOTPRoutes.operations
    }

    /// Every schema the operations refer to.
    public static var schemas: [String: String] {
        [
            OperationalRoutes.schemas, TenantRoutes.schemas, TenantRoutes.documentSchemas, EODRunRoutes.schemas, InvoicingRoutes.schemas, DocumentRoutes.schemas, NotificationRoutes.schemas, EmailTemplateRoutes.schemas, WebhookRoutes.schemas, ExpenseRoutes.schemas,
            TaskRoutes.schemas, BudgetRoutes.schemas, RecurringTemplateRoutes.schemas, AuditRoutes.schemas,
            FlowReportRoutes.schemas, RecurringReportRoutes.schemas, BankingRoutes.schemas, BankRuleRoutes.schemas,
            UserRoutes.schemas, SessionRoutes.schemas, PasswordResetRoutes.schemas, TOTPRoutes.schemas,
            OpenAPISchemas.decimalSchemas, ["Schedule": OpenAPISchemas.schedule],
            LedgerReportRoutes.schemas,
        ].reduce(OpenAPIDocument.commonSchemas) {
            $0.merging($1) { first, _ in first }
        }
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
        TenantRoutes.register(on: &router, environment: environment)
        EODRunRoutes.register(on: &router, environment: environment)
        InvoicingRoutes.register(on: &router, environment: environment)
        DocumentRoutes.register(on: &router, environment: environment)
        NotificationRoutes.register(on: &router, environment: environment)
        EmailTemplateRoutes.register(on: &router, environment: environment)
        WebhookRoutes.register(on: &router, environment: environment)
        ExpenseRoutes.register(on: &router, environment: environment)
        TaskRoutes.register(on: &router, environment: environment)
        BudgetRoutes.register(on: &router, environment: environment)
        LedgerReportRoutes.register(on: &router, environment: environment)
        AuditRoutes.register(on: &router, environment: environment)
        FlowReportRoutes.register(on: &router, environment: environment)
        RecurringReportRoutes.register(on: &router, environment: environment)
        BankingRoutes.register(on: &router, environment: environment)
        BankRuleRoutes.register(on: &router, environment: environment)
        UserRoutes.register(on: &router, environment: environment)
        SessionRoutes.register(on: &router, environment: environment)
        PasswordResetRoutes.register(on: &router, environment: environment)
        TOTPRoutes.register(on: &router, environment: environment)
        // Last: wraps every route registered above.
        QueryConventions.enforce(on: &router, operations: operations, schemas: schemas)
        return router
    }
}
