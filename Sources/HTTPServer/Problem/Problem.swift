/// An RFC 9457 problem: the error type handlers throw, served as `application/problem+json`.
///
/// ```swift
/// throw Problem.notFound("Invoice \(id) does not exist.")
/// throw Problem(status: .conflict, type: "invoice-finalized", title: "Invoice already finalized")
/// ```
/// Any other error a handler throws becomes a generic 500 problem; its description is logged, never sent.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Base of the `type` URIs: `https://recur.dev/problems/<slug>`.
    public static let typeBase = "https://recur.dev/problems/"

    /// A URI identifying the problem type.
    public var type: String
    /// A short, human-readable summary of the problem type.
    public var title: String
    public var status: HTTPStatus
    /// An explanation specific to this occurrence; must be safe to show to the client.
    public var detail: String?
    /// Field errors for validation problems (`errors` member).
    public var errors: [FieldError]
    /// Extra response headers, e.g. `Allow` or `Retry-After`.
    public var headers: HTTPHeaders

    /// - Parameters:
    ///   - type: a slug appended to ``typeBase`` or a full URI; defaults to a slug for the status.
    ///   - title: defaults to the status reason phrase.
    public init(status: HTTPStatus, type: String? = nil, title: String? = nil, detail: String? = nil,
                errors: [FieldError] = [], headers: HTTPHeaders = HTTPHeaders()) {
        let slug = type ?? Problem.slug(for: status)
        self.type = slug.contains(":") ? slug : Problem.typeBase + slug
        self.title = title ?? status.reasonPhrase
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public var description: String { "\(status.code) \(title)\(detail.map { ": " + $0 } ?? "")" }

    static func slug(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "bad-request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not-found"
        case 405: "method-not-allowed"
        case 406: "not-acceptable"
        case 408: "request-timeout"
        case 409: "conflict"
        case 412: "precondition-failed"
        case 413: "content-too-large"
        case 414: "uri-too-long"
        case 415: "unsupported-media-type"
        case 417: "expectation-failed"
        case 422: "validation"
        case 429: "too-many-requests"
        case 431: "header-fields-too-large"
        case 501: "not-implemented"
        case 503: "service-unavailable"
        case 505: "http-version-not-supported"
        default: status.code >= 500 ? "internal-error" : "http-\(status.code)"
        }
    }

    // MARK: Common problems

    public static func badRequest(_ detail: String? = nil) -> Problem { Problem(status: .badRequest, detail: detail) }
    public static func notFound(_ detail: String? = nil) -> Problem {
        Problem(status: .notFound, detail: detail ?? "No resource matches this path.")
    }
    public static func conflict(_ detail: String? = nil) -> Problem { Problem(status: .conflict, detail: detail) }
    public static func forbidden(_ detail: String? = nil) -> Problem { Problem(status: .forbidden, detail: detail) }
    public static func unauthorized(_ detail: String? = nil) -> Problem { Problem(status: .unauthorized, detail: detail) }

    /// 405 with an `Allow` header.
    public static func methodNotAllowed(allowed: [HTTPMethod]) -> Problem {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return Problem(status: .methodNotAllowed, detail: "Allowed methods: \(allow).", headers: ["Allow": allow])
    }

    /// 422 `https://recur.dev/problems/validation` with the field errors.
    public static func validation(_ errors: [FieldError], detail: String? = nil) -> Problem {
        Problem(status: .unprocessableContent, type: "validation", title: "Validation failed",
                detail: detail ?? "The request has \(errors.count) invalid field\(errors.count == 1 ? "" : "s"): see errors.",
                errors: errors)
    }

    /// 400 for a body that is not valid JSON, naming the byte offset.
    public static func malformedJSON(_ error: JSONSyntaxError) -> Problem {
        Problem(status: .badRequest, type: "malformed-json", title: "Malformed JSON",
                detail: "Invalid JSON at byte \(error.offset): \(error.message)")
    }

    public static func unsupportedMediaType(expected: String) -> Problem {
        Problem(status: .unsupportedMediaType, detail: "The request body must be \(expected).")
    }

    /// 503 with `Retry-After`.
    public static func serviceUnavailable(retryAfterSeconds: Int, detail: String? = nil) -> Problem {
        Problem(status: .serviceUnavailable, detail: detail ?? "The server is busy; retry later.",
                headers: ["Retry-After": String(retryAfterSeconds)])
    }

    /// The generic 500: the detail only names the request id to quote to support.
    public static func internalError(requestID: String) -> Problem {
        Problem(status: .internalServerError, type: "internal-error", title: "Internal Server Error",
                detail: "An unexpected error occurred. Reference: \(requestID).")
    }

    // MARK: Encoding

    /// The `application/problem+json` body with `type`, `title`, `status`, `detail`, `instance`, `errors`.
    public func jsonBytes(instance: String?) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("type"); w.string(type)
        w.key("title"); w.string(title)
        w.key("status"); w.int(status.code)
        if let detail { w.key("detail"); w.string(detail) }
        if let instance { w.key("instance"); w.string(instance) }
        if !errors.isEmpty {
            w.key("errors")
            w.beginArray()
            for error in errors {
                w.beginObject()
                w.key("pointer"); w.string(error.pointer)
                w.key("detail"); w.string(error.detail)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        return w.bytes
    }

    /// The response for this problem.
    public func response(instance: String?) -> Response {
        var headers = self.headers
        headers.set("Content-Type", "application/problem+json")
        return Response(status: status, headers: headers, body: jsonBytes(instance: instance))
    }
}
