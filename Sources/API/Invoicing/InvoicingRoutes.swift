import HTTPServer

/// Every route of issue 6 (ledger, parties, items, invoices, payments, recurring invoices, sales orders), their
/// OpenAPI operations and schemas. `RecurAPI` adds these three to its lists.
public enum InvoicingRoutes {
    /// The resources, in the order of the document and of registration.
    static var modules: [any RouteModule.Type] {
        [
            LedgerRoutes.self, MasterDataRoutes.self, InvoiceRoutes.self, RecurringInvoiceRoutes.self,
            SalesOrderRoutes.self, RecurringSalesOrderRoutes.self, CreditNoteRoutes.self, TaxCodeRoutes.self,
            TaxSummaryRoutes.self,
        ]
    }

    /// Every documented operation.
    public static var operations: [OpenAPIOperation] { modules.operations }

    /// Every schema the operations refer to.
    public static var schemas: [String: String] { modules.schemas() }

    /// Registers every route on `router`.
    public static func register(on router: inout Router, environment: APIEnvironment) {
        modules.register(on: &router, environment: environment)
    }
}

extension LedgerRoutes: RouteModule {}
extension MasterDataRoutes: RouteModule {}
extension InvoiceRoutes: RouteModule {}
extension RecurringInvoiceRoutes: RouteModule {}
extension SalesOrderRoutes: RouteModule {}
extension RecurringSalesOrderRoutes: RecurringRouteModule {}
extension CreditNoteRoutes: RouteModule {}
extension TaxCodeRoutes: RouteModule {}
extension TaxSummaryRoutes: RouteModule {}
