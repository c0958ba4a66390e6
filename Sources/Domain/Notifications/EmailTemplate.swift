/// The three Mustache texts an e-mail of one notification kind is written from, in one language: a tenant's
/// override or the default set (docs/delivery.md, "Templates").
public struct EmailTemplate: Sendable, Hashable {
    /// One line once rendered (line breaks fold to spaces); at most ``maxSubjectLength`` characters of template.
    public var subject: String
    /// The `text/plain` part.
    public var text: String
    /// The `text/html` part: a whole HTML document, values HTML-escaped by `{{…}}`.
    public var html: String

    /// The longest subject template accepted, in characters.
    public static let maxSubjectLength = 500
    /// The longest text template accepted, in characters.
    public static let maxTextLength = 65_536
    /// The longest HTML template accepted, in characters: Gmail clips a message whose HTML passes about 102 KB.
    public static let maxHTMLLength = 65_536

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// One of the three texts, as the API names it (`/subject`, `/text`, `/html`).
    public enum Part: String, WireEnum, Sendable, Hashable {
        case subject, text, html

        /// The longest template of this part accepted, in characters.
        public var maxLength: Int {
            switch self {
            case .subject: EmailTemplate.maxSubjectLength
            case .text: EmailTemplate.maxTextLength
            case .html: EmailTemplate.maxHTMLLength
            }
        }
    }

    /// The text of `part`.
    public subscript(part: Part) -> String {
        switch part {
        case .subject: subject
        case .text: text
        case .html: html
        }
    }
}
