import Domain
import CLibCurl
import Synchronization

/// POSTs signed webhook events through libcurl, keeping connections open between deliveries.
///
/// Each request carries `Content-Type: application/json`, `Recur-Signature` (``WebhookSignature``), `Recur-Event-Id`
/// and `User-Agent: Recur-Webhooks/1`. Redirects are not followed. Unless the configuration allows private networks,
/// an endpoint resolving to a loopback, private, link-local or otherwise internal address is never connected to
/// (a permanent failure): a tenant's URL must not reach the operator's network.
///
/// - Note: ``deliver(_:secret:timestamp:)`` blocks its thread for up to ``WebhookConfiguration/timeout``. Deliveries on
///   one transport run one at a time; use a transport per worker for parallel ones.
public final class WebhookTransport: Sendable {
    /// Bytes of the response body kept in ``WebhookResponse/bodyPrefix``.
    public static let bodyPrefixLimit = 1024

    public let configuration: WebhookConfiguration
    /// The easy handle, made at the first delivery and kept: libcurl's connection cache lives in it.
    private let handle = Mutex<CurlEasy?>(nil)

    public init(_ configuration: WebhookConfiguration = WebhookConfiguration()) {
        self.configuration = configuration
    }

    /// POSTs `request.body` signed with `secret` at `timestamp` (Unix seconds) and classifies the answer (see
    /// ``DeliveryOutcome``).
    ///
    /// - Throws: ``WebhookRequestError`` for a URL or event id the transport will not send; nothing is sent then.
    public func deliver(
        _ request: WebhookRequest, secret: String, timestamp: Int64 = WebhookSignature.currentTime()
    ) throws(WebhookRequestError) -> WebhookResponse {
        try deliver(request, secrets: [secret], timestamp: timestamp)
    }

    /// The same, with one `v1` signature per secret (a rotation: the new secret, then the old one).
    public func deliver(
        _ request: WebhookRequest, secrets: [String], timestamp: Int64 = WebhookSignature.currentTime()
    ) throws(WebhookRequestError) -> WebhookResponse {
        try check(request)
        let signature = WebhookSignature.header(secrets: secrets, timestamp: timestamp, body: request.body)
        let started = ContinuousClock.now
        return handle.withLock { handle in
            do throws(CurlFailure) {
                if handle == nil { handle = try CurlEasy() }
                guard let easy = handle else { throw CurlFailure(step: "curl_easy_init", code: CURLE_FAILED_INIT, detail: "") }
                return try post(request, signature: signature, on: easy, started: started)
            } catch {
                return WebhookResponse(
                    outcome: .transient(code: nil, message: error.description), status: nil,
                    latency: ContinuousClock.now - started, bodyPrefix: [])
            }
        }
    }

    /// Why an endpoint that resolves to an internal address gets nothing.
    static let internalAddressRefusal =
        "refused: the endpoint resolves to a loopback, private or link-local address (RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS=1 allows it)"

    private func check(_ request: WebhookRequest) throws(WebhookRequestError) {
        let url = request.url
        guard url.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else { throw .invalidURL }
        let lowered = url.lowercased()
        if lowered.hasPrefix("http://") {
            guard configuration.allowsPlainHTTP else { throw .plainHTTPNotAllowed }
        } else if !lowered.hasPrefix("https://") {
            throw .invalidURL
        }
        guard !request.eventID.isEmpty, request.eventID.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw .invalidEventID
        }
    }

    private func post(_ request: WebhookRequest, signature: String, on easy: CurlEasy, started: ContinuousClock.Instant)
        throws(CurlFailure) -> WebhookResponse
    {
        try easy.reset()
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_PROTOCOLS_STR, configuration.allowsPlainHTTP ? "http,https" : "https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, configuration.timeout.curlMilliseconds)
        try easy.set(CURLOPT_USERAGENT, configuration.userAgent)
        // `Expect:` empty: no 100-continue round trip before the body.
        let headers = try CurlStringList([
            "Content-Type: application/json", "Recur-Signature: \(signature)", "Recur-Event-Id: \(request.eventID)",
            "Expect:",
        ])
        try easy.set(CURLOPT_HTTPHEADER, headers)
        let received = ReceivedBytes(limit: WebhookTransport.bodyPrefixLimit)
        try easy.set(CURLOPT_WRITEFUNCTION, CurlCallbacks.writeBody)
        try easy.set(CURLOPT_WRITEDATA, Unmanaged.passUnretained(received).toOpaque())
        try easy.set(CURLOPT_POST, 1)
        try easy.set(CURLOPT_POSTFIELDSIZE, request.body.count)
        let refused = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        refused.initialize(to: 0)
        defer { refused.deallocate() }
        if !configuration.allowsPrivateNetworks { try easy.allowPublicAddressesOnly(refused: refused) }

        // CURLOPT_POSTFIELDS is not copied: the bytes stay pinned for the whole transfer (libcurl can send them again
        // on a fresh connection if a reused one turns out dead). A zero byte stands in for an empty body's pointer.
        let body = request.body.isEmpty ? [0] : request.body
        let attempt: Result<CURLcode, CurlFailure> = body.withUnsafeBytes { bytes in
            do throws(CurlFailure) {
                try easy.set(CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            } catch {
                return .failure(error)
            }
            return .success(withExtendedLifetime((headers, received)) { easy.perform() })
        }
        let result = try attempt.get()
        if refused.pointee != 0 {
            return WebhookResponse(
                outcome: .permanent(code: nil, message: Self.internalAddressRefusal), status: nil,
                latency: ContinuousClock.now - started, bodyPrefix: [])
        }
        let status = easy.responseCode
        return WebhookResponse(
            outcome: HTTPOutcome.classify(status: status, curlMessage: easy.message(for: result)),
            status: status == 0 ? nil : status, latency: ContinuousClock.now - started, bodyPrefix: received.prefix)
    }
}
