import Domain
import HTTPServer
import Store

/// The lifecycle routes every recurring template kind answers the same way, under its path: list, get, pause,
/// resume (`{"catch_up": true}` to post what was missed), stop, preview. Each kind adds its own create (and the
/// rest of its routes) and how a template is written.
enum RecurringTemplateRoutes {
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
