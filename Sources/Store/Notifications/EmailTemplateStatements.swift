import Postgres

/// The tenant's e-mail template overrides (0025).
enum EmailTemplateStatements {
    static let all = PostgresStatement(
        "email_templates_all", "SELECT kind, language, subject, text_body, html_body, updated_at FROM email_templates")

    /// $1 kind, $2 language, $3 subject, $4 text, $5 HTML.
    static let save = PostgresStatement(
        "email_templates_save",
        """
        INSERT INTO email_templates (kind, language, subject, text_body, html_body) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (kind, language) DO UPDATE
        SET subject = excluded.subject, text_body = excluded.text_body, html_body = excluded.html_body, updated_at = now()
        RETURNING kind, language, subject, text_body, html_body, updated_at
        """)

    /// $1 kind, $2 language.
    static let delete = PostgresStatement(
        "email_templates_delete", "DELETE FROM email_templates WHERE kind = $1 AND language = $2 RETURNING kind")
}
