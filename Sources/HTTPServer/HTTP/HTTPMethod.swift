/// An HTTP request method (a case-sensitive token, RFC 9110 §9.1).
public struct HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let patch = HTTPMethod("PATCH")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")
    public static let connect = HTTPMethod("CONNECT")
    public static let trace = HTTPMethod("TRACE")

    public var description: String { rawValue }

    /// The method for a metrics label: one of the standard methods, else `OTHER` (bounded cardinality).
    var metricLabel: String {
        switch self {
        case .get, .head, .post, .put, .patch, .delete, .options, .connect, .trace: rawValue
        default: "OTHER"
        }
    }

    /// Builds a method from a token, reusing the shared constants for standard methods.
    init(token bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
        switch bytes.count {
        case 3 where bytes.elementsEqual("GET".utf8): self = .get
        case 3 where bytes.elementsEqual("PUT".utf8): self = .put
        case 4 where bytes.elementsEqual("POST".utf8): self = .post
        case 4 where bytes.elementsEqual("HEAD".utf8): self = .head
        case 5 where bytes.elementsEqual("PATCH".utf8): self = .patch
        case 6 where bytes.elementsEqual("DELETE".utf8): self = .delete
        default: self.init(String(decoding: bytes, as: UTF8.self))
        }
    }
}
