import Domain
import CLibCurl

/// How an SMTP send ended, from libcurl's result, the last reply code (`CURLINFO_RESPONSE_CODE`) and whether the
/// whole message had been handed to libcurl.
///
/// | libcurl result | last reply | message handed over | outcome |
/// |---|---|---|---|
/// | `CURLE_OK` | 250 | yes | ``DeliveryOutcome/sent`` |
/// | any error | 4xx (greeting, AUTH, MAIL, RCPT, DATA or after the data) | either | transient, with the code |
/// | any error | 5xx (e.g. 535 AUTH, 550 RCPT, 554 after the data) | either | permanent, with the code |
/// | any error (typically 28 timeout, 55 send, 56 receive, 52 nothing) | none or not 4xx/5xx (e.g. 354) | yes | unknown |
/// | 6, 7 (resolve, connect), 28, 35, 60 (TLS, certificate), 64 (STARTTLS refused), 55, 56, 52, 8, 67 without a 5xx… | none or not 4xx/5xx | no | transient, no code |
///
/// The reply line (e.g. `550 5.1.1 No such user`) is the message when there is a 4xx/5xx code; libcurl's explanation
/// otherwise.
enum SMTPOutcome {
    static func classify(
        result: CURLcode, replyCode: Int, replyLine: String, curlMessage: String, messageHandedOver: Bool
    ) -> DeliveryOutcome {
        if result == CURLE_OK { return .sent }
        let message = replyLine.isEmpty ? curlMessage : replyLine
        switch replyCode {
        case 400..<500: return .transient(code: replyCode, message: message)
        case 500..<600: return .permanent(code: replyCode, message: message)
        default: break
        }
        if messageHandedOver {
            return .unknown(message: "connection lost after the message data, before the final reply: \(curlMessage)")
        }
        return .transient(code: nil, message: curlMessage)
    }
}
