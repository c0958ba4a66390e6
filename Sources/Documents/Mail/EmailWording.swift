/// The pieces a default e-mail is built from, in one language: Mustache text (variables in
/// docs/delivery.md, "Templates") that ``DefaultEmailTemplates`` lays out as the text part and the HTML part, so the
/// two always say the same thing.
struct EmailWording {
    var subject: String
    /// The title above the message in the HTML part.
    var heading: String
    /// "Dear {{party_name}}," or "Hello,".
    var greeting: String
    var paragraphs: [String]
    /// Label and variable of each fact shown in a table (a row only when the variable has a value).
    var facts: [(label: String, variable: String)]
    var closing: String?
    /// A call to action: its label and the variable holding the URL (a button in HTML, "label: URL" in text),
    /// shown after the facts; account e-mails (an invitation, a password reset) carry their one-time link so.
    var link: (label: String, variable: String)? = nil
    /// "Kind regards," (the sender's name follows).
    var signOff: String
    /// The small print at the bottom of the HTML part.
    var footer: String
}

extension EmailWording {
    /// The greeting to a customer by name, or a plain one when the name is unknown.
    static func greeting(_ locale: DocumentLocaleWords) -> String {
        "{{#party_name}}\(locale.dear) {{party_name}},{{/party_name}}{{^party_name}}\(locale.hello),{{/party_name}}"
    }
}

/// The few words every default e-mail of one language shares.
struct DocumentLocaleWords {
    var dear: String
    var hello: String
    var signOff: String
    var footer: String

    static let en = DocumentLocaleWords(
        dear: "Dear", hello: "Hello", signOff: "Kind regards,", footer: "This message was sent by {{sender_name}}.")
    static let fr = DocumentLocaleWords(
        dear: "Bonjour", hello: "Bonjour", signOff: "Cordialement,",
        footer: "Ce message vous a été envoyé par {{sender_name}}.")
}
