/// Where and how ``SMTPTransport`` sends: the server, TLS, login and timeouts.
public struct SMTPConfiguration: Sendable, Hashable {
    /// `smtp://host:port` (plain, then STARTTLS; usually port 587) or `smtps://host:port` (TLS from the first byte;
    /// usually 465). A path names the EHLO domain (`smtp://host:587/recur.example`), as in libcurl.
    public var url: String
    /// For `smtp://`: STARTTLS must succeed (`CURLUSESSL_ALL`) when `true`, else it is used when offered
    /// (`CURLUSESSL_TRY`). Ignored for `smtps://`.
    public var requireTLS: Bool
    /// AUTH login and password (LOGIN, PLAIN or what the server offers).
    public var credentials: SMTPCredentials?
    /// A PEM file of CA certificates to trust instead of the system's (a private CA, a test's self-signed one).
    /// Certificates and host names are always verified.
    public var caFile: String?
    /// Connect to public addresses only: a relay that resolves to a loopback, private or link-local address gets
    /// nothing (a tenant's own relay; the platform's is the operator's and may be internal).
    public var publicAddressesOnly: Bool
    /// Time allowed to connect, TLS handshake included (`CURLOPT_CONNECTTIMEOUT_MS`).
    public var connectTimeout: Duration
    /// Time allowed for one whole send (`CURLOPT_TIMEOUT_MS`).
    public var timeout: Duration

    public init(
        url: String, requireTLS: Bool = true, credentials: SMTPCredentials? = nil, caFile: String? = nil,
        connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60), publicAddressesOnly: Bool = false
    ) {
        self.publicAddressesOnly = publicAddressesOnly
        self.url = url
        self.requireTLS = requireTLS
        self.credentials = credentials
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}

/// An SMTP login. Its description never shows the password.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "SMTPCredentials(username: \(username), password: <redacted>)" }
}
