/// One documented endpoint. Every route the API registers has one; a test checks both lists match.
public struct OpenAPIOperation: Sendable {
    public struct Parameter: Sendable {
        public enum Location: String, Sendable { case path, query, header }
        public var name: String
        public var location: Location
        public var required: Bool
        /// A JSON Schema as JSON text, e.g. `{"type":"string"}`.
        public var schema: String
        public var description: String

        /// `schema` defaults to any string for a path parameter, and to any text without control characters for
        /// a query parameter (what every route accepts there).
        public init(_ name: String, in location: Location, required: Bool = false, schema: String? = nil,
                    description: String = "") {
            self.name = name
            self.location = location
            self.required = required || location == .path
            self.schema = schema ?? (location == .query ? OpenAPISchemas.queryText : #"{"type":"string"}"#)
            self.description = description
        }

        /// The `:id` of a record's path (`/v1/invoices/:id`), on every operation that names one.
        public static let id = Parameter("id", in: .path)

        /// `?format=json|csv`, on every operation that offers CSV (the `Accept` header may ask for it too).
        public static let format = Parameter(
            "format", in: .query, schema: #"{"type":"string","enum":["json","csv"]}"#,
            description: "`csv` answers text/csv (as does `Accept: text/csv` without this parameter)")
    }

    public var method: String
    /// The path in router form (`/v1/invoices/:id`); rendered as `/v1/invoices/{id}`.
    public var path: String
    public var operationID: String
    public var summary: String
    public var tag: String
    public var requiresAuth: Bool
    public var parameters: [Parameter]
    /// The name of a schema in ``OpenAPIDocument/schemas`` for the JSON body, if any.
    public var requestSchema: String?
    /// Whether the body is required; `false` where an empty body stands for `{}` (every field optional).
    public var requestRequired: Bool
    /// The media types the body may come in, each with ``requestSchema``: JSON, or raw files (bank statements).
    public var requestMediaTypes: [String] = ["application/json"]
    /// Media types whose body has its own schema rather than ``requestSchema`` (a `multipart/form-data` upload).
    public var requestSchemaByMediaType: [String: String] = [:]
    public var successStatus: Int
    /// The name of the success response's schema; `nil` for no body.
    public var responseSchema: String?
    /// The success response's media type.
    public var responseMediaType: String
    /// Other media types of the success response (media type, schema name), e.g. `text/csv` exports.
    public var alternateResponses: [(mediaType: String, schema: String)]
    /// Other success statuses the operation answers (status, schema name or `nil`, description).
    public var otherSuccesses: [(status: Int, schema: String?, description: String)]
    /// Error statuses documented besides those every operation of its kind may answer (see
    /// ``OpenAPIDocument``): 404 for a missing resource, 409 for a conflict, 422 for a rule of the body…
    public var errorStatuses: [Int]
    /// Whether the `text/csv` alternative is made from the JSON list's `data` rows by ``QueryConventions`` (set by
    /// it on every list operation without a CSV of its own), rather than written by the route.
    public var csvFromList = false

    public init(
        _ method: String, _ path: String, id operationID: String, summary: String, tag: String,
        requiresAuth: Bool = true, parameters: [Parameter] = [], request: String? = nil, requestRequired: Bool = true,
        status: Int = 200, response: String? = nil, mediaType: String = "application/json",
        alternateResponses: [(mediaType: String, schema: String)] = [],
        otherSuccesses: [(status: Int, schema: String?, description: String)] = [], errors: [Int] = []
    ) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.requiresAuth = requiresAuth
        self.parameters = parameters
        requestSchema = request
        self.requestRequired = requestRequired
        successStatus = status
        responseSchema = response
        responseMediaType = mediaType
        self.alternateResponses = alternateResponses
        self.otherSuccesses = otherSuccesses
        errorStatuses = errors
    }

    /// The names of the query parameters: every other one is refused (422, see ``QueryConventions``).
    public var queryParameterNames: Set<String> {
        Set(parameters.filter { $0.location == .query }.map(\.name))
    }

    /// Whether the operation offers a `text/csv` response.
    public var offersCSV: Bool { alternateResponses.contains { $0.mediaType == CSVWriter.mediaType } }

    /// The path in OpenAPI form.
    public var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }
}
