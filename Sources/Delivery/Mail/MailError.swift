/// A ``MailMessage`` that cannot be written as a safe RFC 5322 message. Thrown before anything is sent.
///
/// The cases name the field at fault, never its value (which may be a customer's address or text).
public enum MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A header value holds CR, LF or NUL: written as is, it would start a header or a body of the caller's choosing.
    case headerInjection(field: String)
    /// An address is not a plain ASCII `local@domain` (no spaces, angle brackets, quotes, commas or controls).
    case invalidAddress(field: String)
    /// The Message-ID is not `<left@right>` in printable ASCII without spaces.
    case invalidMessageID
    /// An extra header's name is not printable ASCII without `:` (at most 76 bytes), or names a field the writer sets
    /// itself.
    case invalidHeaderName(String)
    /// An attachment's content type is not `type/subtype` made of RFC 2045 token characters.
    case invalidContentType(attachment: Int)
    /// An attachment's file name is empty or longer than 255 bytes of UTF-8.
    case invalidFilename(attachment: Int)
    /// A List-Unsubscribe URI is not printable ASCII without spaces and `<` `>` (at most 900 bytes), or one-click was asked for with no
    /// `https:` URI (RFC 8058, section 3.1).
    case invalidUnsubscribeURI
    /// The message has no recipient (To, Cc and Bcc are all empty).
    case noRecipient

    public var description: String {
        switch self {
        case .headerInjection(let field): "mail: \(field) contains CR, LF or NUL"
        case .invalidAddress(let field): "mail: \(field) is not a valid address"
        case .invalidMessageID: "mail: Message-ID must be <left@right> in printable ASCII"
        case .invalidHeaderName(let name): "mail: header name \(name.debugDescription) is invalid or reserved"
        case .invalidContentType(let index): "mail: attachment \(index) has an invalid content type"
        case .invalidFilename(let index): "mail: attachment \(index) has an empty or too long file name"
        case .invalidUnsubscribeURI: "mail: List-Unsubscribe URI invalid (one-click needs an https URI)"
        case .noRecipient: "mail: no recipient"
        }
    }
}
