/// The protocol version of a request: only HTTP/1.0 and HTTP/1.1 are accepted.
public enum HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    case http1_0
    case http1_1

    public var description: String {
        switch self {
        case .http1_0: "HTTP/1.0"
        case .http1_1: "HTTP/1.1"
        }
    }
}

/// How the request body is delimited (RFC 9112 §6).
public enum BodyFraming: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked
}

/// A validated request line and header section.
public struct HTTPRequestHead: Sendable {
    public var method: HTTPMethod
    /// The request-target as sent.
    public var target: String
    /// The path of the target (still percent-encoded); `*` for an asterisk-form target.
    public var path: String
    /// The raw query string after `?`, if any.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Whether the connection may stay open after this exchange (version default and `Connection`).
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` (ignored for HTTP/1.0 as RFC 9110 requires).
    public var expectsContinue: Bool
    public var framing: BodyFraming
}
