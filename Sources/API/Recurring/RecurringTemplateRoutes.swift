import Domain
import Foundation
import HTTPServer
import Store

/// One kind of recurring template over HTTP: where it lives, what it is called, how its payload is read and
/// written. Everything else — the routes, the lifecycle fields, previews, the OpenAPI operations — is
/// ``RecurringTemplateRoutes``', the same for every kind.
struct RecurringTemplateResource<Kind: RecurringTemplateKind>: Sendable {
    /// `/v1/recurring-expenses`.
    let path: String
    /// `RecurringExpense`: operation ids and schema names (`RecurringExpense`, `RecurringExpenseInput`,
    /// `RecurringExpenseList`).
    let noun: String
    /// `Recurring expenses`: the OpenAPI tag.
    let tag: String
    /// Reads the kind's payload fields from a create or replace body; the schedule comes after.
    let read: @Sendable (JSONObjectReader) -> @Sendable (Schedule) -> Kind.Draft
    /// Writes the kind's payload fields into the template's JSON object.
    let write: @Sendable (Kind.Template, inout JSONWriter) -> Void

    var resource: String { Kind.resource }
}

/// A recurring resource with no routes of its own beyond the shared ones: its operations and routes are its
/// ``RecurringTemplateResource``'s (expenses, tasks, sales orders; recurring invoices add a few).
protocol RecurringRouteModule: RouteModule {
    associatedtype Kind: RecurringTemplateKind
    static var resource: RecurringTemplateResource<Kind> { get }
}

extension RecurringRouteModule {
    static var operations: [OpenAPIOperation] { resource.operations }

    static func register(on router: inout Router, environment: APIEnvironment) {
        RecurringTemplateRoutes.register(resource, on: &router, environment: environment)
    }
}

/// The routes every recurring template kind answers the same way under its path: create, list (`state`,
/// `party_id`), get, replace (PUT), pause, resume (`{"catch_up": true}` to post what was missed), end, preview.
enum RecurringTemplateRoutes {
    static func register<Kind>(_ kind: RecurringTemplateResource<Kind>, on router: inout Router, environment: APIEnvironment) {
        @Sendable func respond(_ template: Kind.Template, status: HTTPStatus = .ok) -> Response {
            Response.json(status: status) { write(template, kind, into: &$0) }
        }
        let path = kind.path
        router.post(path, environment.tenantHandler { r in
            let (draft, effectiveFrom) = try input(r.request, kind)
            return respond(try RecurringTemplateStore<Kind>(r.connection).create(draft, effectiveFrom: effectiveFrom), status: .created)
        })
        router.get(path, environment.pageHandler({ write($0, kind, into: &$1) }) { r in
            try RecurringTemplateStore<Kind>(r.connection).list(
                state: try QueryParameters.enumValue(r.request, "state", RecurringState.self),
                partyID: try QueryParameters.uuid(r.request, "party_id"), page: try QueryParameters.page(r.request))
        })
        router.get("\(path)/:id", environment.tenantHandler { r in
            respond(try RecurringTemplateStore<Kind>(r.connection).get(try QueryParameters.id(r.request, kind.resource)))
        })
        router.put("\(path)/:id", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, kind.resource)
            let (draft, effectiveFrom) = try input(r.request, kind)
            return respond(try RecurringTemplateStore<Kind>(r.connection).replace(id, with: draft, effectiveFrom: effectiveFrom))
        })
        // The actions without a body: pause, end.
        let actions: [(String, @Sendable (RecurringTemplateStore<Kind>, UUID) throws -> Kind.Template)] = [
            ("pause", { try $0.pause($1) }), ("end", { try $0.end($1) }),
        ]
        for (action, run) in actions {
            router.post("\(path)/:id/\(action)", environment.tenantHandler { r in
                let id = try QueryParameters.id(r.request, kind.resource)
                try RequestBody(r.request).finish()
                return respond(try run(RecurringTemplateStore<Kind>(r.connection), id))
            })
        }
        router.post("\(path)/:id/resume", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, kind.resource)
            let body = try RequestBody(r.request)
            let catchUp = body.reader.optionalBool("catch_up") ?? false
            try body.finish()
            return respond(try RecurringTemplateStore<Kind>(r.connection).resume(id, today: r.tenant.today(), catchUp: catchUp))
        })
        router.get("\(path)/:id/preview", environment.recordHandler(write) { r in
            let id = try QueryParameters.id(r.request, kind.resource)
            return try RecurringTemplateStore<Kind>(r.connection).preview(
                id, count: try previewCount(r.request), context: r.tenant.scheduleContext)
        })
    }

    /// A create or replace body: the kind's payload, `schedule` (required) and `effective_from`.
    static func input<Kind>(_ request: Request, _ kind: RecurringTemplateResource<Kind>) throws -> (Kind.Draft, CalendarDate?) {
        let body = try RequestBody(request)
        let make = kind.read(body.reader)
        let schedule = body.schedule("schedule", required: true)
        let effectiveFrom = body.reader.optionalDate("effective_from")
        try body.finish()
        guard let schedule else { throw Problem.validation([FieldError(pointer: "/schedule", detail: "is required")]) }
        return (make(schedule), effectiveFrom)
    }

    /// `?count=` of a preview: 1…100, default 12.
    static func previewCount(_ request: Request) throws -> Int {
        guard let text = request.query("count") else { return 12 }
        guard let count = Int(text), RecurringTemplate.previewCounts.contains(count) else {
            throw Problem.validation([FieldError(pointer: "/count", detail: "must be an integer from 1 to 100")])
        }
        return count
    }

    // MARK: Writing

    static func write<Kind>(_ template: Kind.Template, _ kind: RecurringTemplateResource<Kind>, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(template.id)
            kind.write(template, &w)
            let recurring = template.recurring
            w.key("schedule"); w.raw(recurring.schedule.json)
            w.key("state"); w.string(recurring.state.wireValue)
            w.key("ended_at"); w.instant(recurring.endedAt)
            w.key("skip_through"); w.date(recurring.skipThrough)
            w.key("last_posted_index")
            if let index = recurring.lastPostedIndex { w.int(index) } else { w.null() }
            w.key("last_posted_date"); w.date(recurring.lastPostedDate)
            w.key("created_at"); w.instant(template.createdAt)
            w.key("updated_at"); w.instant(template.updatedAt)
        }
    }

    /// Previews of any kind, one shape: what a kind's document lacks is null.
    static func write(_ previews: [RecurringPreview], into w: inout JSONWriter) {
        w.object { w in
            w.key("data"); w.objects(previews) { w, preview in
                let occurrence = preview.occurrence
                w.key("index"); w.int(occurrence.index)
                w.key("posting_date"); w.date(occurrence.postingDate)
                w.key("created_on"); w.date(preview.createdOn)
                w.key("due_date"); w.date(occurrence.dueDate)
                w.key("period_start"); w.date(occurrence.periodStart)
                w.key("period_end"); w.date(occurrence.periodEnd)
                w.key("document_date"); w.date(preview.documentDate)
                w.key("document_due_date"); w.date(preview.documentDueDate)
                w.key("reference"); w.optionalString(preview.reference)
                w.key("currency"); w.optionalString(preview.currency?.code)
                for (key, amount) in [
                    ("subtotal", preview.amounts?.subtotal), ("discount_total", preview.amounts?.discountTotal),
                    ("tax_total", preview.amounts?.taxTotal), ("total", preview.amounts?.total),
                ] {
                    w.key(key)
                    if let amount, let currency = preview.currency { w.money(amount, currency) } else { w.null() }
                }
            }
        }
    }
}
