import Crypto

/// Writes a ``MailMessage`` as an RFC 5322 message with MIME bodies (RFC 2045/2046), CRLF line endings throughout.
///
/// The body is the smallest structure that holds the message: `text/plain`; `multipart/alternative` (text, then HTML);
/// and `multipart/mixed` of that and the attachments when there are any. Text is UTF-8 in quoted-printable,
/// attachments base64 in 76-character lines. Boundaries begin with `=_`, which neither encoding can produce, and are
/// derived from the Message-ID, so the same message always gives the same bytes.
///
/// - Note: lines starting with `.` are left as they are: libcurl dot-stuffs the DATA stream itself.
public enum MIMEWriter {
    /// Field names the writer sets itself; ``MailMessage/extraHeaders`` may not use them.
    static let reservedNames: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version", "list-unsubscribe",
        "list-unsubscribe-post", "sender", "return-path",
    ]

    /// The message's bytes, ready for SMTP DATA.
    public static func write(_ message: MailMessage) throws(MailError) -> [UInt8] {
        var head = try headerFields(of: message)
        head += "MIME-Version: 1.0\r\n"
        var bytes = Array((head + (try body(of: message)).rendered()).utf8)
        // Not `suffix(2) != [13, 10]`: that picks Sequence's suffix, which walks the whole message.
        if bytes.count < 2 || bytes[bytes.count - 2] != 13 || bytes[bytes.count - 1] != 10 { bytes += [13, 10] }
        return bytes
    }

    /// Every header field above `MIME-Version`, each validated.
    static func headerFields(of message: MailMessage) throws(MailError) -> String {
        guard !(message.to.isEmpty && message.cc.isEmpty && message.bcc.isEmpty) else { throw .noRecipient }
        try checkMailboxes([message.from], field: "From")
        try checkMailboxes(message.to, field: "To")
        try checkMailboxes(message.cc, field: "Cc")
        try checkMailboxes(message.bcc, field: "Bcc")
        try checkMailboxes(message.replyTo, field: "Reply-To")
        try MailAddress.validate(message.envelopeSender, field: "envelope sender")
        try HeaderText.checkSafe(message.subject, field: "Subject")
        try checkMessageID(message.messageID)

        var head = HeaderText.field("Date", [MailDate.format(message.date)])
        head += HeaderText.field("From", HeaderText.mailboxWords(message.from))
        if !message.to.isEmpty { head += HeaderText.field("To", HeaderText.addressListWords(message.to)) }
        if !message.cc.isEmpty { head += HeaderText.field("Cc", HeaderText.addressListWords(message.cc)) }
        if !message.replyTo.isEmpty { head += HeaderText.field("Reply-To", HeaderText.addressListWords(message.replyTo)) }
        head += HeaderText.field("Subject", HeaderText.unstructuredWords(message.subject))
        head += HeaderText.field("Message-ID", [message.messageID])
        if let unsubscribe = message.listUnsubscribe { head += try listUnsubscribeFields(unsubscribe) }
        for header in message.extraHeaders {
            let name = header.name
            guard !name.isEmpty, name.utf8.count <= 76, name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }),
                !reservedNames.contains(name.lowercased()), !name.lowercased().hasPrefix("content-")
            else { throw .invalidHeaderName(String(name.unicodeScalars.prefix(40).filter { $0.value > 31 })) }
            try HeaderText.checkSafe(header.value, field: name)
            head += HeaderText.field(name, HeaderText.unstructuredWords(header.value))
        }
        return head
    }

    private static func checkMailboxes(_ mailboxes: [MailAddress], field: String) throws(MailError) {
        for mailbox in mailboxes {
            try MailAddress.validate(mailbox.address, field: field)
            if let name = mailbox.displayName { try HeaderText.checkSafe(name, field: "\(field) display name") }
        }
    }

    private static func checkMessageID(_ id: String) throws(MailError) {
        let bytes = Array(id.utf8)
        guard !bytes.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { throw .headerInjection(field: "Message-ID") }
        guard bytes.count >= 5, bytes.count <= 250, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">"),
            bytes.dropFirst().dropLast().allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }),
            let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 1, at < bytes.count - 2
        else { throw .invalidMessageID }
    }

    private static func listUnsubscribeFields(_ unsubscribe: ListUnsubscribe) throws(MailError) -> String {
        for uri in unsubscribe.uris {
            try HeaderText.checkSafe(uri, field: "List-Unsubscribe")
            guard !uri.isEmpty, uri.utf8.count <= 900, uri.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
            else { throw .invalidUnsubscribeURI }
        }
        guard !unsubscribe.uris.isEmpty else { throw .invalidUnsubscribeURI }
        if unsubscribe.oneClick, !unsubscribe.uris.contains(where: { $0.lowercased().hasPrefix("https:") }) {
            throw .invalidUnsubscribeURI
        }
        let words = unsubscribe.uris.enumerated().map { index, uri in
            "<\(uri)>" + (index < unsubscribe.uris.count - 1 ? "," : "")
        }
        var fields = HeaderText.field("List-Unsubscribe", words)
        if unsubscribe.oneClick { fields += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" }
        return fields
    }

    /// The body tree: the text (or its alternative with HTML), inside `multipart/mixed` when files are attached.
    static func body(of message: MailMessage) throws(MailError) -> MIMEPart {
        let boundary = boundaryStem(message.messageID)
        let text = MIMEPart.text(message.textBody, subtype: "plain")
        var content = text
        if let html = message.htmlBody {
            content = .multipart(subtype: "alternative", boundary: boundary + "_alt", parts: [text, .text(html, subtype: "html")])
        }
        guard !message.attachments.isEmpty else { return content }
        var parts = [content]
        for (index, attachment) in message.attachments.enumerated() {
            parts.append(try MIMEPart.attachment(attachment, index: index))
        }
        return .multipart(subtype: "mixed", boundary: boundary + "_mix", parts: parts)
    }

    /// `=_recur_` and 24 hex digits of SHA-256(Message-ID).
    private static func boundaryStem(_ messageID: String) -> String {
        let digest = SHA256.hash(data: Array(messageID.utf8))
        return "=_recur_" + digest.prefix(12).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
