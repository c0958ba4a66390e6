/// An HTTP response produced by a handler.
///
/// The server adds `Date`, `Server`, `Content-Length`, `Connection` and `X-Request-Id`.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// An `application/json` response from already-encoded bytes.
    public static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }

    /// An `application/json` response from a ``JSONValue``.
    public static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> Response {
        var writer = JSONWriter()
        writer.value(value)
        return json(bytes: writer.bytes, status: status)
    }

    /// An `application/json` response written with a ``JSONWriter``.
    public static func json(status: HTTPStatus = .ok, _ write: (inout JSONWriter) throws -> Void) rethrows -> Response {
        var writer = JSONWriter()
        try write(&writer)
        return json(bytes: writer.bytes, status: status)
    }

    /// A `text/csv` response, optionally as a download named `filename`.
    public static func csv(_ text: String, filename: String? = nil, status: HTTPStatus = .ok) -> Response {
        var headers: HTTPHeaders = ["Content-Type": "text/csv; charset=utf-8"]
        if let filename, filename.utf8.allSatisfy({ ASCII.isTokenChar($0) }) {
            headers.add("Content-Disposition", "attachment; filename=\"\(filename)\"")
        }
        return Response(status: status, headers: headers, body: Array(text.utf8))
    }

    /// An `application/problem+json` response for `problem` about `instance` (the request path).
    public static func problem(_ problem: Problem, instance: String? = nil) -> Response {
        problem.response(instance: instance)
    }

    /// `204 No Content`.
    public static let noContent = Response(status: .noContent)
}
