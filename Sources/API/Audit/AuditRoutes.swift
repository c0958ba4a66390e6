import Domain
import HTTPServer
import Store

/// The audit trail over HTTP: `GET /v1/audit-events` (filters: actor, action, resource, days) and
/// `GET /v1/audit-events/{id}`. Events are written by ``AuditTrail``, never through these routes.
enum AuditRoutes {
    static let tag = "Audit"

    static let maximumActionLength = 100
    static let maximumResourceTypeLength = 100
    static let maximumResourceIDLength = 200

    /// 1…`maximum` code points, no control characters (what ``filter(_:)`` accepts).
    static func filterText(_ maximum: Int) -> String {
        #"{"type":"string","minLength":1,"maxLength":\#(maximum),"pattern":\#(OpenAPISchemas.quoted(OpenAPISchemas.noControlsPattern))}"#
    }

    static let operations: [OpenAPIOperation] = [
        .list(
            "/v1/audit-events", id: "listAuditEvents",
            summary: "Every successful write (who, what, on which record, the request body with secrets redacted), newest first; accountant or owner",
            tag: tag,
            parameters: [
                .init("actor_type", in: .query, schema: OpenAPISchemas.enumeration(Principal.Kind.self)),
                .init("actor_id", in: .query, schema: #"{"type":"integer","minimum":1,"maximum":9223372036854775807}"#,
                description: "The API key's id (api_key) or the user's id (user)"),
                .init("action", in: .query, schema: filterText(maximumActionLength),
                description: "An operationId, e.g. voidInvoice"),
                .init("resource_type", in: .query, schema: filterText(maximumResourceTypeLength),
                description: "The first path segment after /v1, e.g. invoices"),
                .init("resource_id", in: .query, schema: filterText(maximumResourceIDLength)),
                .init("from", in: .query, schema: OpenAPISchemas.date(),
                description: "Events on or after this day (tenant's time zone)"),
                .init("to", in: .query, schema: OpenAPISchemas.date(),
                description: "Events on or before this day (tenant's time zone)"),
            ],
            response: "AuditEventList"),
        .read(
            "/v1/audit-events/:id", id: "getAuditEvent", summary: "One audit event; accountant or owner", tag: tag,
            response: "AuditEvent"),
    ]

    static let schemas: [String: String] = [
        "AuditEvent": #"""
            {"type":"object","additionalProperties":false,
             "required":["id","occurred_at","actor","action","method","path","resource_type","resource_id","status","request_id","changes"],
             "properties":{"id":{"type":"string","format":"uuid"},
             "occurred_at":{"type":"string","format":"date-time"},
             "actor":{"type":"object","additionalProperties":false,"required":["type","id","label","role"],"properties":{
              "type":\#(OpenAPISchemas.enumeration(Principal.Kind.self)),
              "id":{"type":"integer","description":"The API key's id or the user's id"},
              "label":{"type":"string","description":"How the actor was known then, e.g. rk_1a2b3c4d billing-sync"},
              "role":\#(OpenAPISchemas.enumeration(Role.self))}},
             "action":{"type":"string","description":"The operationId of the write, e.g. voidInvoice"},
             "method":{"type":"string","enum":["POST","PUT","PATCH","DELETE"]},
             "path":{"type":"string"},
             "resource_type":{"type":"string","description":"The first path segment after /v1, e.g. invoices"},
             "resource_id":{"type":["string","null"],"description":"The path's id, or the id of what a 201 created"},
             "status":{"type":"integer","minimum":200,"maximum":399},
             "request_id":{"type":"string","description":"The X-Request-Id the write was answered with"},
             "changes":{"description":"The request body with secrets redacted ([redacted]); {truncated, bytes, fields} when it was larger than 8 KiB; null without a body"}}}
            """#,
        "AuditEventList": #"""
            {"type":"object","additionalProperties":false,"required":["data","next_cursor"],"properties":{
             "data":{"type":"array","items":{"$ref":"#/components/schemas/AuditEvent"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/audit-events", environment.pageHandler({ event, w in w.object { write(event, into: &$0) } }) { r in
            let filter = try filter(r.request)
            return try AuditRepository(r.connection).list(
                filter, timeZone: r.tenant.timeZoneIdentifier, page: try QueryParameters.page(r.request))
        })
        router.get("/v1/audit-events/:id", environment.tenantHandler { r in
            let event = try AuditRepository(r.connection).get(try QueryParameters.id(r.request, "audit event"))
            return Response.json { w in w.object { write(event, into: &$0) } }
        })
    }

    static func filter(_ request: Request) throws -> AuditEventFilter {
        var errors: [FieldError] = []
        func text(_ name: String, _ maximum: Int) -> String? {
            guard let value = request.query(name) else { return nil }
            if value.isEmpty || value.unicodeScalars.count > maximum {
                errors.append(FieldError(pointer: "/\(name)", detail: "must be 1 to \(maximum) characters"))
            }
            return value
        }
        var actorID: Int64?
        if let value = request.query("actor_id") {
            actorID = Int64(value)
            if actorID.map({ $0 < 1 }) ?? true {
                errors.append(FieldError(pointer: "/actor_id", detail: "must be a positive integer"))
            }
        }
        let action = text("action", maximumActionLength)
        let resourceType = text("resource_type", maximumResourceTypeLength)
        let resourceID = text("resource_id", maximumResourceIDLength)
        if !errors.isEmpty { throw Problem.validation(errors) }
        let from = try QueryParameters.date(request, "from")
        let to = try QueryParameters.date(request, "to")
        return AuditEventFilter(
            actorType: try QueryParameters.enumValue(request, "actor_type", Principal.Kind.self), actorID: actorID,
            action: action, resourceType: resourceType, resourceID: resourceID, from: from, to: to)
    }

    static func write(_ event: AuditEvent, into w: inout JSONWriter) {
        w.key("id"); w.string(event.id.uuidString.lowercased())
        w.key("occurred_at"); w.instant(event.occurredAt)
        w.key("actor")
        w.object { w in
            w.key("type"); w.string(event.actor.kind.wireValue)
            w.key("id"); w.number(String(event.actor.id))
            w.key("label"); w.string(event.actor.label)
            w.key("role"); w.string(event.actor.role.rawValue)
        }
        w.key("action"); w.string(event.action)
        w.key("method"); w.string(event.method)
        w.key("path"); w.string(event.path)
        w.key("resource_type"); w.string(event.resourceType)
        w.key("resource_id"); w.optionalString(event.resourceID)
        w.key("status"); w.int(event.status)
        w.key("request_id"); w.string(event.requestID)
        w.key("changes"); if let changes = event.changes { w.raw(changes) } else { w.null() }
    }
}
