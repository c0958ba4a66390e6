/// Size limits enforced while parsing requests.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (method, target, version); longer → 414.
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section after the request line; larger → 431.
    public var maxHeaderBytes = 32 * 1024
    /// Most header fields; more → 431.
    public var maxHeaderCount = 100
    /// Largest body, declared or decoded; larger → 413.
    public var maxBodyBytes = 1024 * 1024
    /// Longest chunk-size line including extensions; longer → 400.
    public var maxChunkLineBytes = 1024
    /// Largest trailer section of a chunked body; larger → 431.
    public var maxTrailerBytes = 8 * 1024
    /// Empty lines tolerated before a request line (RFC 9112 §2.2).
    public var maxLeadingEmptyLines = 4

    public init() {}
}
