import Domain
import Mustache

/// An e-mail written from its template: one subject line, the text part and the HTML part.
public struct RenderedEmail: Sendable, Hashable {
    public var subject: String
    public var text: String
    public var html: String
}

/// Writes notification e-mails from ``EmailTemplate``s (a tenant's override or ``DefaultEmailTemplates``) and checks
/// a tenant's template before it is saved, so that sending never meets a template that does not render.
///
/// `{{…}}` HTML-escapes values in the HTML part only; the subject and text part get values as they are.
public enum EmailRenderer {
    /// The longest subject sent (the outbox keeps it for listings), in characters.
    public static let maxSubjectLength = 300

    /// `template` rendered with `values` (``EmailTemplateContext``).
    /// - Throws: ``EmailTemplateError`` when a part does not compile (never for a template ``validate(_:kind:locale:)``
    ///   accepted, nor for the defaults).
    public static func render(_ template: EmailTemplate, values: [String: Any]) throws(EmailTemplateError) -> RenderedEmail {
        let subject = try compile(template, .subject).render(values)
        return RenderedEmail(
            subject: oneLine(subject), text: try compile(template, .text).render(values),
            html: try compile(template, .html).render(values))
    }

    /// `kind`'s e-mail from the tenant's template when it has one, else from the default. A tenant template that
    /// does not render (it cannot: it was checked when saved), or leaves a part blank for this notification (a
    /// section whose value it lacks), gives way to the default rather than fail the send or send nothing.
    public static func render(
        _ kind: NotificationKind, _ locale: DocumentLocale, override: EmailTemplate?, values: [String: Any]
    ) -> RenderedEmail {
        if let override, let email = try? render(override, values: values),
            ![email.subject, email.text, email.html].contains(where: TextField.isBlank)
        {
            return email
        }
        let fallback = DefaultEmailTemplates.template(kind, locale)
        return (try? render(fallback, values: values)) ?? RenderedEmail(subject: kind.wireValue, text: "", html: "")
    }

    /// Checks a tenant's template of `kind` in `locale` before it is saved: each part within its length, compiles,
    /// and renders something visible for the sample notification (``EmailTemplateContext/sample(kind:locale:)``).
    /// - Throws: ``EmailTemplateError`` naming the first part at fault.
    public static func validate(_ template: EmailTemplate, kind: NotificationKind, locale: DocumentLocale) throws(EmailTemplateError) {
        let sample = EmailTemplateContext.sample(kind: kind, locale: locale)
        for part in EmailTemplate.Part.allCases {
            let output = try compile(template, part).render(sample)
            guard !TextField.isBlank(output) else {
                throw EmailTemplateError(part: part, problem: .emptyOutput(sample: "sample \(kind.wireValue) e-mail in \(locale.rawValue)"))
            }
        }
    }

    /// The compiled `part` of `template`: HTML escaping for the HTML part only.
    private static func compile(_ template: EmailTemplate, _ part: EmailTemplate.Part) throws(EmailTemplateError) -> MustacheTemplate {
        do {
            return try MustacheCompiler.compile(template[part], maxBytes: part.maxLength * 4, output: part == .html ? .html : .text)
        } catch {
            throw EmailTemplateError(part: part, problem: error)
        }
    }

    /// A subject on one line: runs of white space (line breaks included) become one space, cut at
    /// ``maxSubjectLength`` code points (what PostgreSQL's `length` counts).
    static func oneLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline })
        return String(String.UnicodeScalarView(words.joined(separator: " ").unicodeScalars.prefix(maxSubjectLength)))
    }
}
