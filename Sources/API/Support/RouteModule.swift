import HTTPServer

/// Routes with the OpenAPI operations and schemas that describe them: a resource, or a family of resources. A table
/// of modules (``RecurAPI``, ``InvoicingRoutes``) gives its operations, schemas and routes from one list, so that the
/// three cannot drift apart.
protocol RouteModule {
    static var operations: [OpenAPIOperation] { get }
    /// The schemas `operations` refer to.
    static var schemas: [String: String] { get }
    static func register(on router: inout Router, environment: APIEnvironment)
}

extension Array where Element == any RouteModule.Type {
    /// Every module's operations, in the table's order.
    var operations: [OpenAPIOperation] { flatMap { $0.operations } }

    /// Every module's schemas added to `base`; of two schemas with one name, the first declared is kept.
    func schemas(over base: [String: String] = [:]) -> [String: String] {
        reduce(base) { $0.merging($1.schemas) { first, _ in first } }
    }

    /// Registers every module's routes, in the table's order.
    func register(on router: inout Router, environment: APIEnvironment) {
        for module in self { module.register(on: &router, environment: environment) }
    }
}
