import Foundation

/// An e-mail to send: envelope, headers, a text body with an optional HTML alternative, and attachments.
///
/// A plain value: ``MIMEWriter`` turns it into bytes (and refuses unsafe values with a ``MailError``), ``SMTPTransport``
/// sends it. The writer sets `MIME-Version` and every `Content-*` field itself.
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Recipients in the envelope only: no header names them.
    public var bcc: [MailAddress]
    public var replyTo: [MailAddress]
    public var subject: String
    public var date: Date
    /// `<unique@domain>`, chosen by the caller so that a retry sends the same message (e.g.
    /// `<notification-uuid@recur.invalid>`).
    public var messageID: String
    public var listUnsubscribe: ListUnsubscribe?
    /// Further fields, in order (e.g. `X-Recur-Notification`). Their names must not be ones the writer sets.
    public var extraHeaders: [MailHeader]
    public var textBody: String
    /// When set, the message carries `multipart/alternative` of the text and this HTML.
    public var htmlBody: String?
    public var attachments: [MailAttachment]
    /// The envelope sender (`MAIL FROM`, where bounces go); ``from``'s address when `nil`.
    public var envelopeFrom: String?

    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], bcc: [MailAddress] = [],
        replyTo: [MailAddress] = [], subject: String, date: Date = Date(), messageID: String,
        listUnsubscribe: ListUnsubscribe? = nil, extraHeaders: [MailHeader] = [], textBody: String,
        htmlBody: String? = nil, attachments: [MailAttachment] = [], envelopeFrom: String? = nil
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.listUnsubscribe = listUnsubscribe
        self.extraHeaders = extraHeaders
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.envelopeFrom = envelopeFrom
    }

    /// `MAIL FROM`: ``envelopeFrom`` or the From address.
    public var envelopeSender: String { envelopeFrom ?? from.address }

    /// `RCPT TO`, in order: To, Cc, Bcc, each address once.
    public var envelopeRecipients: [String] {
        var seen = Set<String>()
        return (to + cc + bcc).map(\.address).filter { seen.insert($0).inserted }
    }
}

/// One header field given by the caller; the value is unstructured text (RFC 2047-encoded when not ASCII).
public struct MailHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A file sent with the message, base64-encoded in 76-character lines.
public struct MailAttachment: Sendable, Hashable {
    /// Any Unicode name; written as RFC 2231 `filename*=UTF-8''…` when it is not plain ASCII.
    public var filename: String
    /// `type/subtype`, e.g. `application/pdf`.
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// `List-Unsubscribe` (RFC 2369) and, with ``oneClick``, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
/// (RFC 8058, which needs an `https:` URI among ``uris``).
public struct ListUnsubscribe: Sendable, Hashable {
    /// `https:` and/or `mailto:` URIs, written in angle brackets.
    public var uris: [String]
    public var oneClick: Bool

    public init(uris: [String], oneClick: Bool = true) {
        self.uris = uris
        self.oneClick = oneClick
    }
}
