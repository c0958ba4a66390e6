import Domain
import CLibCurl
import Synchronization

/// Sends ``MailMessage``s to one SMTP server through libcurl, over one connection kept open between sends.
///
/// ```swift
/// let smtp = SMTPTransport(SMTPConfiguration(
///     url: "smtp://mail.example.com:587", credentials: SMTPCredentials(username: "recur", password: secret)))
/// switch try smtp.send(message) {
/// case .sent: …
/// case .transient, .unknown: … // retry later (unknown: it may already have been delivered)
/// case .permanent: …           // give up, show the reply
/// }
/// ```
///
/// - Note: ``send(_:)`` blocks its thread for up to ``SMTPConfiguration/timeout``. Sends on one transport run one at a
///   time (libcurl's easy handle is not shared between threads); use a transport per worker for parallel sends.
public final class SMTPTransport: Sendable {
    /// The configuration every send uses.
    public let configuration: SMTPConfiguration
    /// The easy handle, made at the first send and kept: libcurl's connection cache lives in it.
    private let handle = Mutex<CurlEasy?>(nil)
    /// Why a relay with ``SMTPConfiguration/publicAddressesOnly`` that resolves to an internal address gets nothing.
    public static let internalAddressRefusal = "refused: the relay resolves to a loopback, private or link-local address"
    /// Bytes of a server reply line kept for the outcome's message.
    private static let replyLimit = 512

    public init(_ configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// Sends `message` to its envelope recipients (To, Cc and Bcc) and classifies the result (see ``DeliveryOutcome``).
    ///
    /// - Throws: ``MailError`` when the message cannot be written safely; nothing is sent then.
    public func send(_ message: MailMessage) throws(MailError) -> DeliveryOutcome {
        let bytes = try MIMEWriter.write(message)
        let sender = message.envelopeSender
        let recipients = message.envelopeRecipients
        return handle.withLock { handle in
            do throws(CurlFailure) {
                if handle == nil { handle = try CurlEasy() }
                guard let easy = handle else { return .transient(code: nil, message: "libcurl: no handle") }
                return try transfer(bytes, from: sender, to: recipients, on: easy)
            } catch {
                return .transient(code: nil, message: error.description)
            }
        }
    }

    private func transfer(_ bytes: [UInt8], from sender: String, to recipients: [String], on easy: CurlEasy)
        throws(CurlFailure) -> DeliveryOutcome
    {
        try easy.reset()
        try easy.set(CURLOPT_URL, configuration.url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        try easy.set(CURLOPT_USE_SSL, Int((configuration.requireTLS ? CURLUSESSL_ALL : CURLUSESSL_TRY).rawValue))
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
        if let credentials = configuration.credentials {
            try easy.set(CURLOPT_USERNAME, credentials.username)
            try easy.set(CURLOPT_PASSWORD, credentials.password)
        }
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, configuration.timeout.curlMilliseconds)
        try easy.set(CURLOPT_MAIL_FROM, "<\(sender)>")
        let recipientList = try CurlStringList(recipients.map { "<\($0)>" })
        try easy.set(CURLOPT_MAIL_RCPT, recipientList)

        let source = UploadSource(bytes)
        let replies = ReceivedBytes(limit: SMTPTransport.replyLimit)
        try easy.set(CURLOPT_UPLOAD, 1)
        try easy.set(CURLOPT_INFILESIZE, bytes.count)
        try easy.set(CURLOPT_READFUNCTION, CurlCallbacks.read)
        try easy.set(CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
        try easy.set(CURLOPT_SEEKFUNCTION, CurlCallbacks.seek)
        try easy.set(CURLOPT_SEEKDATA, Unmanaged.passUnretained(source).toOpaque())
        try easy.set(CURLOPT_HEADERFUNCTION, CurlCallbacks.recordLine)
        try easy.set(CURLOPT_HEADERDATA, Unmanaged.passUnretained(replies).toOpaque())

        let refused = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        refused.initialize(to: 0)
        defer { refused.deallocate() }
        if configuration.publicAddressesOnly { try easy.allowPublicAddressesOnly(refused: refused) }

        let result = withExtendedLifetime((source, replies, recipientList)) { easy.perform() }
        if refused.pointee != 0 { return .permanent(code: nil, message: Self.internalAddressRefusal) }
        let replyCode = easy.responseCode
        return SMTPOutcome.classify(
            result: result, replyCode: replyCode, replyLine: replyCode == 0 ? "" : replies.lastLine(withCode: replyCode),
            curlMessage: easy.message(for: result), messageHandedOver: source.reachedEnd)
    }
}
