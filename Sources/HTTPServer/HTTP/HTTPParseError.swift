/// Why a request could not be parsed; every parse error ends the connection after its response.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, which decides the response status.
    public enum Kind: Sendable, Equatable {
        /// 400: malformed syntax or ambiguous framing (smuggling defences).
        case badRequest
        /// 413: the body exceeds the configured limit.
        case contentTooLarge
        /// 414: the request line exceeds the configured limit.
        case uriTooLong
        /// 417: an `Expect` value other than `100-continue`.
        case expectationFailed
        /// 431: too many header fields or too many header bytes.
        case headerFieldsTooLarge
        /// 501: a transfer coding other than `chunked`.
        case notImplemented
        /// 505: a well-formed HTTP version other than 1.0 or 1.1.
        case versionNotSupported
    }

    public let kind: Kind
    /// A short, client-safe explanation (becomes the problem `detail`).
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var status: HTTPStatus {
        switch kind {
        case .badRequest: .badRequest
        case .contentTooLarge: .contentTooLarge
        case .uriTooLong: .uriTooLong
        case .expectationFailed: .expectationFailed
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .notImplemented: .notImplemented
        case .versionNotSupported: .httpVersionNotSupported
        }
    }

    public var description: String { "\(status.code): \(detail)" }
}
