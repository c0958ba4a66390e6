/// An HTTP request as handlers see it.
public struct Request: Sendable {
    public let method: HTTPMethod
    /// The path as sent (percent-encoded), without the query.
    public let path: String
    /// The raw query string, if any.
    public let rawQuery: String?
    /// Decoded query items, in order.
    public let queryItems: [QueryItem]
    /// Query parameters refused by ``QueryItem/parseChecked(_:)`` (malformed encoding, control characters): the
    /// server answers 422 with these before any handler runs.
    public let queryErrors: [FieldError]
    public let headers: HTTPHeaders
    public let body: [UInt8]
    /// Values of the route's `:name` segments, percent-decoded.
    public internal(set) var parameters: [String: String]
    /// The client's `X-Request-Id` when valid (token characters, at most 128), else a generated id.
    public let requestID: String
    /// The peer's `host:port`.
    public let remoteAddress: String
    public let version: HTTPVersion
    /// Mutable facts for the log line (tenant).
    public let context: RequestContext

    public init(method: HTTPMethod, path: String, rawQuery: String? = nil, headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = [], parameters: [String: String] = [:], requestID: String = RequestID.generate(),
                remoteAddress: String = "", version: HTTPVersion = .http1_1, context: RequestContext = RequestContext()) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        (queryItems, queryErrors) = rawQuery.map(QueryItem.parseChecked) ?? ([], [])
        self.headers = headers
        self.body = body
        self.parameters = parameters
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        self.version = version
        self.context = context
    }

    /// The first value of query item `name`, decoded.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// The path parameter `name`; throws a 404 problem if the route has no such parameter.
    public func parameter(_ name: String) throws(Problem) -> String {
        guard let value = parameters[name] else { throw Problem.notFound() }
        return value
    }
}

/// Request ids: accepted from `X-Request-Id` when safe to echo, otherwise generated.
public enum RequestID {
    /// A process-unique id: a random per-process prefix and a counter, e.g. `5f1c9a0e-000000000000002a`.
    public static func generate() -> String {
        let n = RequestIDState.counter.add(1, ordering: .relaxed).newValue
        var bytes = RequestIDState.prefix
        bytes.reserveCapacity(bytes.count + 16)
        for shift in stride(from: 60, through: 0, by: -4) {
            bytes.append(hexDigits[Int((n >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `true` for 1–128 token characters.
    public static func isValid(_ id: String) -> Bool {
        let utf8 = id.utf8
        return !utf8.isEmpty && utf8.count <= 128 && utf8.allSatisfy(ASCII.isTokenChar)
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

import Synchronization

enum RequestIDState {
    static let counter = Atomic<UInt64>(0)
    static let prefix: [UInt8] = {
        var bytes: [UInt8] = []
        var random = UInt32.random(in: .min ... .max)
        for _ in 0..<8 {
            bytes.append(RequestID.hexDigits[Int(random >> 28)])
            random <<= 4
        }
        bytes.append(0x2D)
        return bytes
    }()
}
