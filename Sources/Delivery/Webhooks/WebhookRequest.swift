import Domain

/// One webhook delivery: a JSON body POSTed to an endpoint.
public struct WebhookRequest: Sendable, Hashable {
    /// `https://…` (or `http://…` when ``WebhookConfiguration/allowsPlainHTTP``).
    public var url: String
    /// The event's id, sent as `Recur-Event-Id` so that receivers can drop duplicates (deliveries are at least once).
    public var eventID: String
    /// The raw JSON bytes; the signature covers exactly these.
    public var body: [UInt8]

    public init(url: String, eventID: String, body: [UInt8]) {
        self.url = url
        self.eventID = eventID
        self.body = body
    }
}

/// What came back from one delivery attempt.
public struct WebhookResponse: Sendable, Hashable {
    public var outcome: DeliveryOutcome
    /// The HTTP status, when a response arrived.
    public var status: Int?
    /// From the start of the attempt to its end (connection included).
    public var latency: Duration
    /// The first ``WebhookTransport/bodyPrefixLimit`` bytes of the response body, for the delivery log.
    public var bodyPrefix: [UInt8]

    public init(outcome: DeliveryOutcome, status: Int?, latency: Duration, bodyPrefix: [UInt8]) {
        self.outcome = outcome
        self.status = status
        self.latency = latency
        self.bodyPrefix = bodyPrefix
    }
}

/// A ``WebhookRequest`` the transport will not send. Thrown before any connection is made.
public enum WebhookRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is not `https://` (or `http://` where allowed), or holds spaces or control characters.
    case invalidURL
    /// An `http://` URL while ``WebhookConfiguration/allowsPlainHTTP`` is off.
    case plainHTTPNotAllowed
    /// The event id is empty or holds characters other than printable ASCII (it goes into a header).
    case invalidEventID

    public var description: String {
        switch self {
        case .invalidURL: "webhook: the URL must be https:// without spaces or control characters"
        case .plainHTTPNotAllowed: "webhook: plain http:// endpoints are not allowed"
        case .invalidEventID: "webhook: the event id must be printable ASCII"
        }
    }
}
