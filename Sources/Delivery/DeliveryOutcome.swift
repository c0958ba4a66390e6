/// How one attempt to deliver a notification ended, for the caller's retry policy.
///
/// - ``sent``: the peer accepted it (SMTP `250` after the message data, HTTP 2xx).
/// - ``transient(code:message:)``: not delivered; trying again later may work (SMTP 4xx, HTTP 408/429/5xx, the peer
///   unreachable, a timeout or a TLS failure before anything was accepted).
/// - ``permanent(code:message:)``: the peer refused it for good (SMTP 5xx, HTTP 4xx other than 408/429); do not retry
///   the same request.
/// - ``unknown(message:)``: the connection was lost after the whole message was handed over but before the final
///   reply; the peer may have accepted it. Retrying may deliver it twice.
///
/// `code` is the SMTP reply code or HTTP status when the peer gave one; `message` is the peer's reply line or
/// libcurl's explanation. Neither ever carries a password.
public enum DeliveryOutcome: Sendable, Hashable, CustomStringConvertible {
    case sent
    case transient(code: Int?, message: String)
    case permanent(code: Int?, message: String)
    case unknown(message: String)

    /// Whether a retry of the same request may succeed (transient only; unknown is the caller's choice).
    public var isRetryable: Bool {
        if case .transient = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .sent: "sent"
        case .transient(let code, let message): "transient\(code.map { " \($0)" } ?? ""): \(message)"
        case .permanent(let code, let message): "permanent\(code.map { " \($0)" } ?? ""): \(message)"
        case .unknown(let message): "unknown: \(message)"
        }
    }
}
