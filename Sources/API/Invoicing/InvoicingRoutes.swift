import HTTPServer

/// Every route of issue 6 (ledger, parties, items, invoices, payments, recurring invoices, sales orders), their
/// OpenAPI operations and schemas. `RecurAPI` adds these three to its lists.
public enum InvoicingRoutes {
    /// Every documented operation.
    public static var operations: [OpenAPIOperation] {
        LedgerRoutes.operations + MasterDataRoutes.operations + InvoiceRoutes.operations
            + RecurringInvoiceRoutes.operations + SalesOrderRoutes.operations + RecurringSalesOrderRoutes.operations
            + CreditNoteRoutes.operations + TaxCodeRoutes.operations + TaxSummaryRoutes.operations
    }

    /// Every schema the operations refer to.
    public static var schemas: [String: String] {
        [
            MasterDataRoutes.schemas, InvoiceRoutes.schemas, RecurringInvoiceRoutes.schemas, SalesOrderRoutes.schemas,
            RecurringSalesOrderRoutes.schemas, CreditNoteRoutes.schemas, TaxCodeRoutes.schemas, TaxSummaryRoutes.schemas,
        ]
            .reduce(LedgerRoutes.schemas) { $0.merging($1) { first, _ in first } }
    }

    /// Registers every route on `router`.
    public static func register(on router: inout Router, environment: APIEnvironment) {
        LedgerRoutes.register(on: &router, environment: environment)
        MasterDataRoutes.register(on: &router, environment: environment)
        InvoiceRoutes.register(on: &router, environment: environment)
        RecurringInvoiceRoutes.register(on: &router, environment: environment)
        SalesOrderRoutes.register(on: &router, environment: environment)
        RecurringSalesOrderRoutes.register(on: &router, environment: environment)
        CreditNoteRoutes.register(on: &router, environment: environment)
        TaxCodeRoutes.register(on: &router, environment: environment)
        TaxSummaryRoutes.register(on: &router, environment: environment)
    }
}
