/// How ``WebhookTransport`` connects: TLS trust, the addresses it may reach, timeouts, the user agent.
public struct WebhookConfiguration: Sendable, Hashable {
    /// A PEM file of CA certificates to trust instead of the system's (a test's self-signed certificate). Certificates
    /// and host names are always verified.
    public var caFile: String?
    /// Time allowed to connect, TLS handshake included (`CURLOPT_CONNECTTIMEOUT_MS`).
    public var connectTimeout: Duration
    /// Time allowed for the whole attempt (`CURLOPT_TIMEOUT_MS`).
    public var timeout: Duration
    /// Whether `http://` endpoints are accepted (development only).
    public var allowsPlainHTTP: Bool
    /// Whether endpoints may resolve to loopback, private, link-local or other internal addresses (development and
    /// tests). Off by default: a tenant's URL must not reach the operator's network (SSRF).
    public var allowsPrivateNetworks: Bool
    public var userAgent: String

    public init(
        caFile: String? = nil, connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(10),
        allowsPlainHTTP: Bool = false, allowsPrivateNetworks: Bool = false, userAgent: String = "Recur-Webhooks/1"
    ) {
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.allowsPlainHTTP = allowsPlainHTTP
        self.allowsPrivateNetworks = allowsPrivateNetworks
        self.userAgent = userAgent
    }
}
