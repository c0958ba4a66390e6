import HTTPServer

/// The query-string conventions every documented operation shares (issue 25), derived from the OpenAPI document
/// so that a route gets them by being declared (docs/design.md, "Query conventions from the OpenAPI
/// document"):
///
/// - a query parameter the operation does not declare is refused: 422 naming each one (`/<name>`, "is not a
///   parameter of this operation"), before the route runs (and before authentication, like a malformed query);
/// - a list operation (a `GET` answering `{"data":[…]}`) without a CSV of its own answers `text/csv` on
///   `?format=csv` or `Accept: text/csv`, made from the same JSON page by ``ListCSV``; there, a `format` other than
///   `json` or `csv` is refused with the unknown parameters (422 at `/format`). A route writing its own CSV checks
///   its `format` itself, with its other parameters, so that one 422 names every problem.
///
/// A route registered without an operation (none today: a test keeps both lists equal) is left as it is.
enum QueryConventions {
    static let unknownParameter = "is not a parameter of this operation"
    static let badFormat = "must be json or csv"

    /// `operations` as documented and served: each list operation without a CSV of its own gains a `text/csv`
    /// response and ``OpenAPIOperation/csvFromList``; every operation offering CSV has the `format` parameter.
    static func documented(_ operations: [OpenAPIOperation], schemas: [String: String]) -> [OpenAPIOperation] {
        operations.map { operation in
            var documented = operation
            if operation.method == "GET", !operation.offersCSV, operation.responseMediaType == "application/json",
                let response = operation.responseSchema, ListCSV.itemSchema(ofList: response, schemas) != nil
            {
                documented.csvFromList = true
                documented.alternateResponses.append((CSVWriter.mediaType, "CSVText"))
            }
            if documented.offersCSV && !documented.queryParameterNames.contains("format") {
                documented.parameters.append(.format)
            }
            return documented
        }
    }

    /// Wraps the handler of every route of `router` that has an operation (same method and pattern) in the
    /// checks and the CSV of that operation.
    static func enforce(on router: inout Router, operations: [OpenAPIOperation], schemas: [String: String]) {
        var byRoute: [String: OpenAPIOperation] = [:]
        for operation in operations { byRoute["\(operation.method) \(operation.path)"] = operation }
        router.wrapHandlers { route in
            guard let operation = byRoute["\(route.method.rawValue) \(route.pattern)"] else { return route.handler }
            return handler(route.handler, of: operation, schemas: schemas)
        }
    }

    private static func handler(_ handler: @escaping Handler, of operation: OpenAPIOperation, schemas: [String: String])
        -> Handler
    {
        let allowed = operation.queryParameterNames
        let list = operation.csvFromList ? ListCSV(operation, schemas: schemas) : nil
        let checksFormat = list != nil
        return { request in
            try check(request, allowed: allowed, format: checksFormat)
            guard let list, CSVWriter.requested(request) else { return try handler(request) }
            return try list.csv(from: try handler(request), for: request)
        }
    }

    /// Throws a 422 naming every undeclared parameter (once each, in the order sent) and, when `format` is to be
    /// checked, a bad `format`.
    static func check(_ request: Request, allowed: Set<String>, format checksFormat: Bool) throws(Problem) {
        var errors: [FieldError] = []
        var named: Set<String> = []
        for item in request.queryItems where !allowed.contains(item.name) && named.insert(item.name).inserted {
            errors.append(FieldError(pointer: FieldError.pointer("", item.name), detail: unknownParameter))
        }
        if checksFormat, let format = request.query("format"), format != "json", format != "csv" {
            errors.append(FieldError(pointer: "/format", detail: badFormat))
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
    }
}
