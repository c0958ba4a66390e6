import Domain

/// How a webhook POST ended, from the HTTP status (`CURLINFO_RESPONSE_CODE`) and libcurl's result.
///
/// | status | libcurl result | outcome |
/// |---|---|---|
/// | 2xx | any (a later error while reading the body does not undo the acceptance) | ``DeliveryOutcome/sent`` |
/// | 408, 429, 5xx | any | transient |
/// | 410 Gone, other 4xx | any | permanent |
/// | 1xx, 3xx (redirects are not followed) | any | permanent |
/// | none | 6, 7 (resolve, connect), 28 (timeout), 35, 60 (TLS, certificate), 52, 55, 56 (connection lost), any other | transient |
///
/// A timeout after the body was sent is transient too, not unknown: webhooks are delivered at least once and
/// receivers drop duplicates by `Recur-Event-Id`.
enum HTTPOutcome {
    static func classify(status: Int, curlMessage: String) -> DeliveryOutcome {
        switch status {
        case 0: return .transient(code: nil, message: curlMessage)
        case 200..<300: return .sent
        case 408, 429, 500..<600: return .transient(code: status, message: "HTTP \(status)")
        case 400..<500: return .permanent(code: status, message: "HTTP \(status)")
        case 300..<400: return .permanent(code: status, message: "HTTP \(status): redirects are not followed")
        default: return .permanent(code: status, message: "HTTP \(status): unexpected status")
        }
    }
}
