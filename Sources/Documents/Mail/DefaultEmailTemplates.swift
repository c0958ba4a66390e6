import Domain

/// The e-mail templates a tenant gets until it overrides one: every ``NotificationKind`` in English and French, a
/// text part and an inline-styled HTML part (tables for layout, no stylesheet, no images, 600 px wide) laid out
/// from the same ``EmailWording``.
public enum DefaultEmailTemplates {
    /// The default template of `kind` in `locale`.
    public static func template(_ kind: NotificationKind, _ locale: DocumentLocale) -> EmailTemplate {
        let wording = locale == .fr ? french(kind) : english(kind)
        return EmailTemplate(subject: wording.subject, text: text(wording, locale), html: html(wording, locale))
    }

    /// The plain-text part: greeting, paragraphs, one "Label: value" line per fact (`Label : value` in French),
    /// closing, signature.
    static func text(_ w: EmailWording, _ locale: DocumentLocale) -> String {
        let colon = locale == .fr ? "\u{00A0}:" : ":"
        var blocks = [w.greeting] + w.paragraphs
        blocks.append(w.facts.map { "{{#\($0.variable)}}\($0.label)\(colon) {{\($0.variable)}}\n{{/\($0.variable)}}" }.joined())
        if let link = w.link { blocks.append("\(link.label)\(colon)\n{{\(link.variable)}}") }
        if let closing = w.closing { blocks.append(closing) }
        blocks.append("\(w.signOff)\n{{sender_name}}")
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// The HTML part: a centred white card on a grey background, every style inline (what Gmail, Outlook and
    /// Apple Mail all keep).
    static func html(_ w: EmailWording, _ locale: DocumentLocale) -> String {
        let font = "font-family:Helvetica,Arial,sans-serif;"
        let paragraph = "<p style=\"margin:0 0 16px 0;\">"
        let cell = "padding:8px 0;border-bottom:1px solid #e6e8eb;\(font)font-size:14px;"
        let facts = w.facts.map { fact in
            "{{#\(fact.variable)}}<tr><td style=\"\(cell)color:#5f6b7a;\">\(escaped(fact.label))</td>"
                + "<td align=\"right\" style=\"\(cell)color:#1b1f24;font-weight:bold;\">{{\(fact.variable)}}</td></tr>{{/\(fact.variable)}}"
        }.joined(separator: "\n")
        let body = ([w.greeting] + w.paragraphs).map { paragraph + escaped($0) + "</p>" }.joined(separator: "\n")
        let closing = w.closing.map { "\n" + paragraph + escaped($0) + "</p>" } ?? ""
        // The button, then the address written out for clients that show no links.
        let link = w.link.map { link in
            "\n<p style=\"margin:0 0 16px 0;\"><a href=\"{{\(link.variable)}}\" style=\"display:inline-block;padding:12px 24px;"
                + "background-color:#1f4e79;color:#ffffff;text-decoration:none;border-radius:4px;\(font)font-size:15px;"
                + "font-weight:bold;\">\(escaped(link.label))</a></p>\n<p style=\"margin:0 0 16px 0;font-size:12px;"
                + "color:#5f6b7a;word-break:break-all;\">{{\(link.variable)}}</p>"
        } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="\(locale.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escaped(w.heading))</title>
            </head>
            <body style="margin:0;padding:0;background-color:#f3f4f6;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
            <tr><td align="center" style="padding:24px 12px;">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e1e4e8;border-radius:6px;">
            <tr><td style="padding:24px 32px 4px 32px;\(font)font-size:13px;color:#5f6b7a;">{{sender_name}}</td></tr>
            <tr><td style="padding:0 32px;\(font)font-size:22px;line-height:1.3;font-weight:bold;color:#1f4e79;">\(escaped(w.heading))</td></tr>
            <tr><td style="padding:20px 32px 8px 32px;\(font)font-size:15px;line-height:1.6;color:#1b1f24;">
            \(body)
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 20px 0;border-collapse:collapse;">
            \(facts)
            </table>\(link)\(closing)
            \(paragraph)\(escaped(w.signOff))<br>{{sender_name}}</p>
            </td></tr>
            <tr><td style="padding:16px 32px 24px 32px;border-top:1px solid #e6e8eb;\(font)font-size:12px;line-height:1.5;color:#8a94a3;">\(escaped(w.footer))</td></tr>
            </table>
            </td></tr>
            </table>
            </body>
            </html>

            """
    }

    /// Literal wording made safe for HTML; Mustache tags (`{{…}}`) hold none of these characters.
    private static func escaped(_ text: String) -> String {
        MarkupText.escaped(text)
    }
}
