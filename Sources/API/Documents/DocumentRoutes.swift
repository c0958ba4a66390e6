import DocumentArchive
import Domain
import Foundation
import HTTPServer
import Store

/// An invoice's and a credit note's documents: `GET /v1/invoices/{id}/document` and
/// `GET /v1/credit-notes/{id}/document` (PDF or HTML by `Accept`), `…/document.pdf`, `…/e-invoice` (Factur-X XML);
/// the tenant's HTML template (`/v1/tenant/document-template`).
enum DocumentRoutes {
    /// The documents' owners: their path, their noun in operation ids and summaries, what their document summary
    /// adds, how their e-invoice is described and the statuses it answers. One table for the operations and routes.
    private struct Owner: Sendable {
        let prefix: String
        let resource: String
        let operationNoun: String
        let key: @Sendable (UUID) -> DocumentKey
        let documentDetail: String
        let eInvoiceDetail: String
        let eInvoiceErrors: [Int]
    }

    private static let owners: [Owner] = [
        Owner(
            prefix: "/v1/invoices", resource: "invoice", operationNoun: "Invoice", key: { .invoice($0) },
            documentDetail: "An issued invoice's document is rendered once and kept: the same bytes every time, its SHA-256 in `ETag`. A draft carries a DRAFT watermark.",
            eInvoiceDetail: "UN/CEFACT CII, profile EN 16931", eInvoiceErrors: [404, 409, 422]),
        Owner(
            prefix: "/v1/credit-notes", resource: "credit note", operationNoun: "CreditNote", key: { .creditNote($0) },
            documentDetail: "Rendered once when the credit note is issued and kept: the same bytes every time, its SHA-256 in `ETag`.",
            eInvoiceDetail: "CII type code 381, the credited invoice as preceding invoice, profile EN 16931",
            eInvoiceErrors: [404, 422]),
    ]

    /// `…/document` (PDF or HTML by `Accept`), `…/document.pdf` and `…/e-invoice` of one owner.
    private static func operations(of owner: Owner) -> [OpenAPIOperation] {
        let (noun, path) = (owner.resource, "\(owner.prefix)/:id")
        return [
            OpenAPIOperation(
                "GET", "\(path)/document", id: "get\(owner.operationNoun)Document",
                summary: "The \(noun) as a document: PDF/A-3 (`Accept: application/pdf`, the default) or HTML (`Accept: text/html`). \(owner.documentDetail)",
                tag: "Documents", parameters: [.id], response: "BinaryDocument",
                mediaType: "application/pdf", alternateResponses: [("text/html", "HTMLDocument")], errors: [404, 406]),
            OpenAPIOperation(
                "GET", "\(path)/document.pdf", id: "get\(owner.operationNoun)PDF",
                summary: "The \(noun)'s PDF/A-3 (with factur-x.xml embedded when the tenant sends e-invoices)",
                tag: "Documents", parameters: [.id], response: "BinaryDocument",
                mediaType: "application/pdf", errors: [404]),
            OpenAPIOperation(
                "GET", "\(path)/e-invoice", id: "get\(owner.operationNoun)EInvoice",
                summary: "The \(noun)'s Factur-X XML (\(owner.eInvoiceDetail)); 422 lists what EN 16931 needs and is missing",
                tag: "Documents", parameters: [.id], response: "XMLDocument",
                mediaType: "application/xml", errors: owner.eInvoiceErrors),
        ]
    }

    static let operations: [OpenAPIOperation] = owners.flatMap(operations(of:)) + [
        OpenAPIOperation(
            "GET", "/v1/tenant/document-template", id: "getDocumentTemplate",
            summary: "The Mustache template of the tenant's HTML documents (the default design unless replaced)",
            tag: "Documents", response: "DocumentTemplate"),
        OpenAPIOperation(
            "PUT", "/v1/tenant/document-template", id: "replaceDocumentTemplate",
            summary: "Replace the HTML template (null: back to the default). It is rendered against sample invoices first; one that fails is refused with 422 naming the problem.",
            tag: "Documents", request: "DocumentTemplateInput", response: "DocumentTemplate", errors: [400, 415, 422]),
    ]

    static let schemas: [String: String] = [
        "BinaryDocument": #"{"type":"string","format":"binary"}"#,
        "HTMLDocument": #"{"type":"string"}"#,
        "XMLDocument": #"{"type":"string"}"#,
        "DocumentTemplate": #"""
            {"type":"object","required":["template","is_default"],"properties":{
             "template":{"type":"string","description":"Mustache; variables listed in docs/documents.md"},
             "is_default":{"type":"boolean"}}}
            """#,
        "DocumentTemplateInput": #"""
            {"type":"object","additionalProperties":false,"required":["template"],"properties":{
             "template":{"type":["string","null"],"minLength":1,"maxLength":262144,"pattern":\#(OpenAPISchemas.quoted(OpenAPISchemas.noMultilineControlsPattern)),"description":"null restores the default design"}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        for owner in owners {
            let (prefix, resource, key) = (owner.prefix, owner.resource, owner.key)
            @Sendable func respond(_ format: InvoiceDocumentFormat, _ r: TenantRequest) throws -> Response {
                try DocumentRoutes.respond(format, key(try QueryParameters.id(r.request, resource)), r, environment)
            }
            router.get("\(prefix)/:id/document", environment.tenantHandler { r in
                guard let format = preferredFormat(r.request) else {
                    throw Problem(status: .notAcceptable, detail: "This document is served as application/pdf or text/html.")
                }
                return try respond(format, r)
            })
            router.get("\(prefix)/:id/document.pdf", environment.tenantHandler { r in try respond(.pdf, r) })
            router.get("\(prefix)/:id/e-invoice", environment.tenantHandler { r in try respond(.cii, r) })
        }
        router.get("/v1/tenant/document-template", environment.tenantHandler { r in
            let custom = try TenantSettingsRepository(r.connection, control: environment.tenants.control).settings().documentTemplate
            return template(custom)
        })
        router.put("/v1/tenant/document-template", environment.tenantHandler { r in
            let body = try RequestBody(r.request)
            let reader = body.reader
            let text = reader.optionalString("template", maxLength: 262_144)
            if !reader.contains("template") { _ = reader.string("template") }
            try body.finish()
            if let text { try InvoiceDocumentService.checkTemplate(text) }
            try TenantSettingsRepository(r.connection, control: environment.tenants.control).setDocumentTemplate(text)
            return template(text)
        })
    }

    private static func respond(
        _ format: InvoiceDocumentFormat, _ key: DocumentKey, _ r: TenantRequest, _ environment: APIEnvironment
    ) throws -> Response {
        let document = try environment.documents().document(format, of: key, tenant: r.tenant, on: r.connection)
        var headers: HTTPHeaders = ["Content-Type": document.mediaType]
        headers.add("Content-Disposition", "inline; filename=\"\(document.fileName)\"")
        if let sha256 = document.sha256 {
            headers.add("ETag", "\"\(sha256)\"")
            headers.add("Cache-Control", "private, max-age=31536000, immutable")
        } else {
            headers.add("Cache-Control", "no-store")
        }
        return Response(status: .ok, headers: headers, body: document.body)
    }

    /// The format the client prefers by `Accept` (highest quality; on a tie, an exact media type before a wildcard,
    /// then the first listed): PDF when there is no `Accept`; `nil` when it accepts neither PDF nor HTML.
    static func preferredFormat(_ request: Request) -> InvoiceDocumentFormat? {
        guard let accept = request.headers["accept"]?.lowercased(), !accept.isEmpty else { return .pdf }
        var candidates: [(format: InvoiceDocumentFormat, quality: Double, exact: Bool)] = []
        for part in accept.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let quality = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            guard quality > 0 else { continue }
            switch fields.first ?? "" {
            case "application/pdf": candidates.append((.pdf, quality, true))
            case "text/html": candidates.append((.html, quality, true))
            case "application/*", "*/*": candidates.append((.pdf, quality, false))
            case "text/*": candidates.append((.html, quality, false))
            default: continue
            }
        }
        let ranked = candidates.enumerated().sorted { a, b in
            (a.element.quality, a.element.exact ? 1 : 0, -a.offset) > (b.element.quality, b.element.exact ? 1 : 0, -b.offset)
        }
        return ranked.first?.element.format
    }

    private static func template(_ custom: String?) -> Response {
        Response.json { w in
            w.object { w in
                w.key("template"); w.string(custom ?? InvoiceDocumentService.defaultTemplate)
                w.key("is_default"); w.bool(custom == nil)
            }
        }
    }
}
