import Domain
import HTTPServer
import Store

/// The lifecycle routes every recurring template kind answers the same way, under its path: list, get, pause,
/// resume (`{"catch_up": true}` to post what was missed), stop, preview. Each kind adds its own create (and the
/// rest of its routes) and how a template is written.
enum RecurringTemplateRoutes {
    /// The OpenAPI operations of ``register(_:path:resource:on:environment:write:)``: `noun` names one template in
    /// operation ids (`RecurringTask`), `schema` its response schema, `documentDate` what a preview's
    /// `document_date` is.
    static func operations(
        path: String, noun: String, plural: String, tag: String, schema: String, documentDate: String
    ) -> [OpenAPIOperation] {
        let id = OpenAPIOperation.Parameter("id", in: .path)
        return [
            OpenAPIOperation(
                "GET", path, id: "list\(noun)s", summary: "\(plural), newest first", tag: tag,
                parameters: MasterDataRoutes.pageParameters, response: "\(schema)List", errors: [422]),
            OpenAPIOperation(
                "GET", "\(path)/:id", id: "get\(noun)", summary: "One \(tag.lowercased().dropLast()) with its cursor",
                tag: tag, parameters: [id], response: schema, errors: [404]),
            OpenAPIOperation(
                "POST", "\(path)/:id/pause", id: "pause\(noun)", summary: "Pause", tag: tag,
                parameters: [id], response: schema, errors: [404, 409]),
            OpenAPIOperation(
                "POST", "\(path)/:id/resume", id: "resume\(noun)",
                summary: "Resume; occurrences missed while paused are skipped unless catch_up is true", tag: tag,
                parameters: [id], request: "ResumeInput", requestRequired: false, response: schema,
                errors: [404, 409, 422]),
            OpenAPIOperation(
                "POST", "\(path)/:id/stop", id: "stop\(noun)", summary: "Stop for good", tag: tag,
                parameters: [id], response: schema, errors: [404, 409]),
            OpenAPIOperation(
                "GET", "\(path)/:id/preview", id: "preview\(noun)",
                summary: "The next occurrences still to post (writes nothing); document_date is \(documentDate)", tag: tag,
                parameters: [id, RecurringInvoiceRoutes.countParameter], response: "RecurringPreview", errors: [404, 422]),
        ]
    }

    static func register<Repository: RecurringTemplateRepository>(
        _ repository: Repository.Type, path: String, resource: String, on router: inout Router,
        environment: APIEnvironment, write: @escaping @Sendable (Repository.Template, inout JSONWriter) -> Void
    ) {
        @Sendable func respond(_ template: Repository.Template) -> Response { Response.json { write(template, &$0) } }
        router.get(path, environment.tenantHandler { r in
            let page = try Repository(r.connection).list(page: try QueryParameters.page(r.request))
            return Response.json { $0.page(page) { w, template in write(template, &w) } }
        })
        router.get("\(path)/:id", environment.tenantHandler { r in
            respond(try Repository(r.connection).get(try QueryParameters.id(r.request, resource)))
        })
        router.post("\(path)/:id/pause", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, resource)
            try RequestBody(r.request).finish()
            return respond(try Repository(r.connection).pause(id))
        })
        router.post("\(path)/:id/resume", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, resource)
            let catchUp = try RecurringReading.catchUp(r.request)
            return respond(try Repository(r.connection).resume(id, today: r.tenant.today(), catchUp: catchUp))
        })
        router.post("\(path)/:id/stop", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, resource)
            try RequestBody(r.request).finish()
            return respond(try Repository(r.connection).stop(id))
        })
        router.get("\(path)/:id/preview", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, resource)
            let previews = try Repository(r.connection).preview(
                id, count: try RecurringInvoiceRoutes.count(r.request), context: r.tenant.scheduleContext)
            return Response.json { RecurringReading.write(previews, into: &$0) }
        })
    }
}
