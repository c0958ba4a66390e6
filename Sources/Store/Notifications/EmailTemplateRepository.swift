import Domain
import Foundation
import Postgres

/// A tenant's replacement of one default e-mail template (kind, language).
public struct EmailTemplateOverride: Sendable, Hashable {
    public let kind: NotificationKind
    public let language: DocumentLocale
    public let template: EmailTemplate
    public let updatedAt: Date
}

/// The e-mail templates a tenant replaced; the defaults live with the renderer (`Documents.DefaultEmailTemplates`).
/// Callers check a template renders before saving it.
public struct EmailTemplateRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Every override, by kind and language (a handful of rows: read once per delivery batch).
    public func overrides() throws -> [EmailTemplateKey: EmailTemplateOverride] {
        var result: [EmailTemplateKey: EmailTemplateOverride] = [:]
        for row in try db.query(EmailTemplateStatements.all) {
            // A kind or language this build does not know (written by a newer one) is left out.
            guard let value = try Self.override(row) else { continue }
            result[EmailTemplateKey(kind: value.kind, language: value.language)] = value
        }
        return result
    }

    /// Stores `template` as the tenant's `kind` e-mail in `language`, replacing any earlier one.
    @discardableResult
    public func save(_ template: EmailTemplate, kind: NotificationKind, language: DocumentLocale) throws -> EmailTemplateOverride {
        let row = try db.query(
            EmailTemplateStatements.save, [kind.wireValue, language.rawValue, template.subject, template.text, template.html]
        ).first(orNotFound: "email template")
        guard let saved = try Self.override(row) else { throw LedgerError.notFound(resource: "email template", id: kind.wireValue) }
        return saved
    }

    /// Removes the tenant's `kind` e-mail in `language` (the default applies again); whether there was one.
    @discardableResult
    public func delete(kind: NotificationKind, language: DocumentLocale) throws -> Bool {
        try !db.query(EmailTemplateStatements.delete, [kind.wireValue, language.rawValue]).isEmpty
    }

    static func override(_ row: PostgresRow) throws -> EmailTemplateOverride? {
        guard let kind = NotificationKind(wireValue: try row.decode(String.self, "kind")),
            let language = DocumentLocale(rawValue: try row.decode(String.self, "language"))
        else { return nil }
        return EmailTemplateOverride(
            kind: kind, language: language,
            template: EmailTemplate(
                subject: try row.decode(String.self, "subject"), text: try row.decode(String.self, "text_body"),
                html: try row.decode(String.self, "html_body")),
            updatedAt: try row.decode(Date.self, "updated_at"))
    }
}

/// Which template: a notification kind in a language.
public struct EmailTemplateKey: Sendable, Hashable {
    public let kind: NotificationKind
    public let language: DocumentLocale

    public init(kind: NotificationKind, language: DocumentLocale) {
        self.kind = kind
        self.language = language
    }
}
