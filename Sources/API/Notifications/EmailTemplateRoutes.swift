import Documents
import Domain
import Foundation
import HTTPServer
import Store

/// The tenant's e-mail templates: `GET /v1/email-templates` (every kind and language, the default unless
/// overridden), `GET|PUT|DELETE /v1/email-templates/{kind}/{language}` and `POST …/preview` (rendered with sample
/// data). A template is rendered against its kind's sample before it is saved; one that fails is a 422 at
/// `/subject`, `/text` or `/html`, so sending never meets it.
enum EmailTemplateRoutes {
    static let tag = "E-mail templates"
    private typealias S = OpenAPISchemas

    static let pathParameters: [OpenAPIOperation.Parameter] = [
        .init("kind", in: .path, schema: S.enumeration(NotificationKind.self)),
        .init("language", in: .path, schema: S.enumeration(DocumentLocale.self)),
    ]
    static let path = "/v1/email-templates/:kind/:language"

    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "GET", "/v1/email-templates", id: "listEmailTemplates",
            summary: "Every notification kind's e-mail in every language: the tenant's template or the default", tag: tag,
            response: "EmailTemplateList"),
        OpenAPIOperation(
            "GET", path, id: "getEmailTemplate", summary: "The e-mail template of one kind in one language", tag: tag,
            parameters: pathParameters, response: "EmailTemplate", errors: [404]),
        OpenAPIOperation(
            "PUT", path, id: "replaceEmailTemplate",
            summary: "Replace the e-mail template of one kind in one language (Mustache; checked against sample data, 422 naming the part that fails)",
            tag: tag, parameters: pathParameters, request: "EmailTemplateInput", response: "EmailTemplate",
            errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "DELETE", path, id: "resetEmailTemplate", summary: "Return to the default template of this kind and language",
            tag: tag, parameters: pathParameters, response: "EmailTemplate", errors: [404]),
        OpenAPIOperation(
            "POST", path + "/preview", id: "previewEmailTemplate",
            summary: "Render a template with sample data: the parts given, else the template in force",
            tag: tag, parameters: pathParameters, request: "EmailTemplatePreviewInput", requestRequired: false,
            response: "EmailPreview", errors: [400, 404, 415, 422]),
    ]

    /// A template part: Mustache text, no control character but tab and line breaks.
    private static func part(_ maxLength: Int, _ description: String) -> String {
        #"{"type":"string","minLength":1,"maxLength":\#(maxLength),"pattern":\#(S.quoted(S.noMultilineControlsPattern)),"description":\#(S.quoted(description))}"#
    }

    private static let subject = part(EmailTemplate.maxSubjectLength, "Mustache, values as they are; rendered on one line")
    private static let text = part(EmailTemplate.maxTextLength, "Mustache, values as they are: the text/plain part")
    private static let html = part(EmailTemplate.maxHTMLLength, "Mustache, values HTML-escaped by {{…}}: the text/html part")

    static let schemas: [String: String] = [
        "EmailTemplate": #"""
            {"type":"object","required":["kind","language","subject","text","html","is_default","updated_at"],"properties":{
             "kind":\#(S.enumeration(NotificationKind.self)),"language":\#(S.enumeration(DocumentLocale.self)),
             "subject":{"type":"string"},"text":{"type":"string"},"html":{"type":"string"},
             "is_default":{"type":"boolean","description":"true: the default template (no override of the tenant's)"},
             "updated_at":{"type":["string","null"],"format":"date-time","description":"When the tenant's template was saved"}}}
            """#,
        "EmailTemplateList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/EmailTemplate"}}}}
            """#,
        "EmailTemplateInput": #"""
            {"type":"object","additionalProperties":false,"required":["subject","text","html"],"properties":{
             "subject":\#(subject),"text":\#(text),"html":\#(html)}}
            """#,
        "EmailTemplatePreviewInput": #"""
            {"type":"object","additionalProperties":false,"properties":{"subject":\#(subject),"text":\#(text),"html":\#(html)}}
            """#,
        "EmailPreview": #"""
            {"type":"object","required":["subject","text","html"],"properties":{
             "subject":{"type":"string"},"text":{"type":"string"},"html":{"type":"string"}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/email-templates", environment.tenantHandler { r in
            let overrides = try EmailTemplateRepository(r.connection).overrides()
            return Response.json { w in
                w.object { w in
                    w.key("data")
                    w.array { w in
                        for kind in NotificationKind.allCases {
                            for language in DocumentLocale.allCases {
                                write(kind, language, overrides[EmailTemplateKey(kind: kind, language: language)], into: &w)
                            }
                        }
                    }
                }
            }
        })
        router.get(path, environment.tenantHandler { r in
            let key = try templateKey(r.request)
            let override = try EmailTemplateRepository(r.connection).overrides()[key]
            return Response.json { write(key.kind, key.language, override, into: &$0) }
        })
        router.put(path, environment.tenantHandler { r in
            let key = try templateKey(r.request)
            let template = try input(r.request, required: true)
            try check(template, key)
            let saved = try EmailTemplateRepository(r.connection).save(template, kind: key.kind, language: key.language)
            return Response.json { write(key.kind, key.language, saved, into: &$0) }
        })
        router.delete(path, environment.tenantHandler { r in
            let key = try templateKey(r.request)
            try EmailTemplateRepository(r.connection).delete(kind: key.kind, language: key.language)
            return Response.json { write(key.kind, key.language, nil, into: &$0) }
        })
        router.post(path + "/preview", environment.tenantHandler { r in
            let key = try templateKey(r.request)
            let given = try input(r.request, required: false)
            let current = try EmailTemplateRepository(r.connection).overrides()[key]?.template
                ?? DefaultEmailTemplates.template(key.kind, key.language)
            let template = EmailTemplate(
                subject: given.subject.isEmpty ? current.subject : given.subject,
                text: given.text.isEmpty ? current.text : given.text, html: given.html.isEmpty ? current.html : given.html)
            try check(template, key)
            let email = try rendered(template, key)
            return Response.json { w in
                w.object { w in
                    w.key("subject"); w.string(email.subject)
                    w.key("text"); w.string(email.text)
                    w.key("html"); w.string(email.html)
                }
            }
        })
    }

    /// The `{kind}/{language}` of the path; anything else is a 404.
    private static func templateKey(_ request: Request) throws -> EmailTemplateKey {
        guard let kind = NotificationKind(wireValue: try request.parameter("kind")),
            let language = DocumentLocale(wireValue: try request.parameter("language"))
        else { throw Problem.notFound("No e-mail template of this kind and language.") }
        return EmailTemplateKey(kind: kind, language: language)
    }

    /// The body's parts; with `required: false` a missing part is empty (the caller fills it in). A part given is a
    /// string, never `null`.
    private static func input(_ request: Request, required: Bool) throws -> EmailTemplate {
        let body = try RequestBody(request)
        let r = body.reader
        func read(_ part: EmailTemplate.Part) -> String {
            guard required || r.contains(part.wireValue) else { return "" }
            return r.string(part.wireValue, maxLength: part.maxLength, allowEmpty: false)
        }
        let template = EmailTemplate(subject: read(.subject), text: read(.text), html: read(.html))
        try body.finish()
        return template
    }

    /// Refuses a template that does not compile or renders nothing for the sample: 422 at the part.
    private static func check(_ template: EmailTemplate, _ key: EmailTemplateKey) throws {
        do {
            try EmailRenderer.validate(template, kind: key.kind, locale: key.language)
        } catch {
            try LedgerError.check([FieldViolation(path: error.part.wireValue, code: .invalidValue, message: error.description)])
        }
    }

    /// `template` rendered with the kind's sample data.
    private static func rendered(_ template: EmailTemplate, _ key: EmailTemplateKey) throws -> RenderedEmail {
        do {
            return try EmailRenderer.render(template, values: EmailTemplateContext.sample(kind: key.kind, locale: key.language))
        } catch {
            try LedgerError.check([FieldViolation(path: error.part.wireValue, code: .invalidValue, message: error.description)])
            throw error
        }
    }

    private static func write(
        _ kind: NotificationKind, _ language: DocumentLocale, _ override: EmailTemplateOverride?, into w: inout JSONWriter
    ) {
        let template = override?.template ?? DefaultEmailTemplates.template(kind, language)
        w.object { w in
            w.key("kind"); w.string(kind.wireValue)
            w.key("language"); w.string(language.wireValue)
            w.key("subject"); w.string(template.subject)
            w.key("text"); w.string(template.text)
            w.key("html"); w.string(template.html)
            w.key("is_default"); w.bool(override == nil)
            w.key("updated_at"); w.instant(override?.updatedAt)
        }
    }
}
