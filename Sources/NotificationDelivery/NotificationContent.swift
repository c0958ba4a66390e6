import Documents
import Domain
import Store

/// What a notification's e-mail says, written when it is sent: the tenant's template for its kind and language
/// (else the default) rendered with its stored payload (docs/delivery.md, "Templates").
enum NotificationContent {
    /// The language of the e-mail: the customer's when it has one, else the tenant's documents locale (internal
    /// alerts always the tenant's).
    static func language(of kind: NotificationKind, party: NotificationParty?, tenant: DocumentLocale) -> DocumentLocale {
        guard !kind.goesToAlertRecipients, let language = party?.language else { return tenant }
        return language
    }

    /// The subject, text and HTML of `notification`.
    static func render(
        _ notification: OutboxNotification, party: NotificationParty?, sender: NotificationMail.Sender,
        overrides: [EmailTemplateKey: EmailTemplateOverride], linkToken: String? = nil
    ) -> RenderedEmail {
        let kind = notification.kind
        let locale = language(of: kind, party: party, tenant: sender.locale)
        let values = EmailTemplateContext.values(
            kind: kind, payload: notification.payload, locale: locale, senderName: sender.name, partyName: party?.name,
            linkToken: linkToken)
        let override = overrides[EmailTemplateKey(kind: kind, language: locale)]?.template
        return EmailRenderer.render(kind, locale, override: override, values: values)
    }
}
