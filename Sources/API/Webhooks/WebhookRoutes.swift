import Domain
import Foundation
import HTTPServer
import Store

/// Webhook endpoints over HTTP (docs/delivery.md, "Webhooks"): register, list, read, change, delete, rotate the
/// secret; each endpoint's deliveries, and sending one again.
enum WebhookRoutes {
    static let tag = "Webhooks"
    static let deliveryParameter = OpenAPIOperation.Parameter("delivery_id", in: .path)

    static let operations: [OpenAPIOperation] = [
        .create(
            "/v1/webhook-endpoints", id: "createWebhookEndpoint",
            summary: "Register an https endpoint for some event types; the signing secret is in this response only",
            tag: tag, request: "WebhookEndpointInput", response: "WebhookEndpointWithSecret"),
        .list(
            "/v1/webhook-endpoints", id: "listWebhookEndpoints",
            summary: "Webhook endpoints, newest first (never their secret)", tag: tag, response: "WebhookEndpointList"),
        .read(
            "/v1/webhook-endpoints/:id", id: "getWebhookEndpoint", summary: "One webhook endpoint (never its secret)",
            tag: tag, response: "WebhookEndpoint"),
        OpenAPIOperation(
            "PATCH", "/v1/webhook-endpoints/:id", id: "updateWebhookEndpoint",
            summary: "Change the URL, event types, description or enabled; enabling clears the failure record",
            tag: tag, parameters: [.id], request: "WebhookEndpointPatch", requestRequired: false,
            response: "WebhookEndpoint", errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "DELETE", "/v1/webhook-endpoints/:id", id: "deleteWebhookEndpoint",
            summary: "Delete an endpoint with its deliveries (the events stay in the notifications)", tag: tag,
            parameters: [.id], status: 204, errors: [404]),
        OpenAPIOperation(
            "POST", "/v1/webhook-endpoints/:id/rotate-secret", id: "rotateWebhookSecret",
            summary: "A new signing secret (in this response only); the old one keeps signing for overlap_hours",
            tag: tag, parameters: [.id], request: "WebhookRotation", requestRequired: false,
            response: "WebhookEndpointWithSecret", errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "GET", "/v1/webhook-endpoints/:id/deliveries", id: "listWebhookDeliveries",
            summary: "An endpoint's deliveries, newest first, with their status, attempts, last HTTP status and latency",
            tag: tag,
            parameters: [.id, .init("status", in: .query, schema: OpenAPISchemas.enumeration(NotificationStatus.self))]
                + Pagination.parameters,
            response: "WebhookDeliveryList", errors: [404, 422]),
        OpenAPIOperation(
            "POST", "/v1/webhook-endpoints/:id/deliveries/:delivery_id/redeliver", id: "redeliverWebhook",
            summary: "Send a delivery again now (same Recur-Event-Id); 409 while it is being sent", tag: tag,
            parameters: [.id, deliveryParameter], response: "WebhookDelivery", errors: [404, 409]),
    ]

    static let eventTypes = #"{"type":"string","enum":[\#(WebhookEventType.wireValues.map(OpenAPISchemas.quoted).joined(separator: ","))]}"#
    static let eventTypeList = #"{"type":"array","minItems":1,"uniqueItems":true,"items":\#(eventTypes)}"#
    static let url = #"""
        {"type":"string","maxLength":\#(WebhookPolicy.urlMaxLength),"pattern":\#(OpenAPISchemas.quoted(WebhookPolicy.urlPattern)),"description":"https only"}
        """#
    static let description = OpenAPISchemas.notes(maxLength: WebhookPolicy.descriptionMaxLength, nullable: true)

    static let schemas: [String: String] = [
        "WebhookEndpointInput": #"""
            {"type":"object","additionalProperties":false,"required":["url","event_types"],"properties":{
             "url":\#(url),"event_types":\#(eventTypeList),"description":\#(description),
             "enabled":{"type":"boolean","default":true}}}
            """#,
        "WebhookEndpointPatch": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "url":\#(url),"event_types":\#(eventTypeList),"description":\#(description),"enabled":{"type":"boolean"}}}
            """#,
        "WebhookRotation": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "overlap_hours":{"type":["integer","null"],"minimum":\#(WebhookPolicy.overlapHours.lowerBound),"maximum":\#(WebhookPolicy.overlapHours.upperBound),"default":\#(WebhookPolicy.defaultOverlapHours),
              "description":"Hours the previous secret keeps signing too (a second v1 in Recur-Signature); null or absent: 24"}}}
            """#,
        "WebhookEndpoint": #"""
            {"type":"object","required":["id","url","event_types","description","enabled","disabled_reason","failing_since","previous_secret_expires_at","created_at","updated_at"],
             "properties":{"id":{"type":"string","format":"uuid"},"url":{"type":"string"},
             "event_types":{"type":"array","items":\#(eventTypes)},"description":{"type":["string","null"]},
             "enabled":{"type":"boolean"},
             "disabled_reason":{"type":["string","null"],"description":"Why Recur disabled it (every delivery failed for 3 days)"},
             "failing_since":{"type":["string","null"],"format":"date-time"},
             "previous_secret_expires_at":{"type":["string","null"],"format":"date-time","description":"While a rotation lasts: until when the old secret signs too"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "WebhookEndpointWithSecret": #"""
            {"allOf":[{"$ref":"#/components/schemas/WebhookEndpoint"},
             {"type":"object","required":["secret"],"properties":{"secret":{"type":"string","pattern":"^whsec_[A-Za-z0-9_-]{43}$",
              "description":"The signing secret: shown here only"}}}]}
            """#,
        "WebhookEndpointList": OpenAPISchemas.page(of: "WebhookEndpoint"),
        "WebhookDelivery": #"""
            {"type":"object","required":["id","endpoint_id","event_id","event_type","status","attempts","next_attempt_at","last_status_code","last_latency_ms","last_error","created_at","sent_at","payload"],
             "properties":{"id":{"type":"string","format":"uuid"},"endpoint_id":{"type":"string","format":"uuid"},
             "event_id":{"type":"string","format":"uuid","description":"Recur-Event-Id: the notification's id"},
             "event_type":\#(eventTypes),"status":\#(OpenAPISchemas.enumeration(NotificationStatus.self)),
             "attempts":{"type":"integer","minimum":0},
             "next_attempt_at":{"type":["string","null"],"format":"date-time"},
             "last_status_code":{"type":["integer","null"]},"last_latency_ms":{"type":["integer","null"],"minimum":0},
             "last_error":{"type":["string","null"]},"created_at":{"type":"string","format":"date-time"},
             "sent_at":{"type":["string","null"],"format":"date-time"},
             "payload":{"type":"object","description":"The body: {id, type, created_at, data}"}}}
            """#,
        "WebhookDeliveryList": OpenAPISchemas.page(of: "WebhookDelivery"),
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.post("/v1/webhook-endpoints", environment.tenantHandler { r in
            let (endpoint, secret) = try WebhookEndpointRepository(r.connection).create(try draft(r.request, onto: nil))
            return Response.json(status: .created) { write(endpoint, secret: secret, into: &$0) }
        })
        // An endpoint as every route but create and rotate answers it: without its secret.
        let writeEndpoint: @Sendable (WebhookEndpoint, inout JSONWriter) -> Void = { write($0, secret: nil, into: &$1) }
        router.get("/v1/webhook-endpoints", environment.pageHandler(writeEndpoint) { r in
            try WebhookEndpointRepository(r.connection).list(page: try QueryParameters.page(r.request))
        })
        router.get("/v1/webhook-endpoints/:id", environment.recordHandler(writeEndpoint, id: "webhook endpoint") { r, id in
            try WebhookEndpointRepository(r.connection).get(id)
        })
        router.patch("/v1/webhook-endpoints/:id", environment.recordHandler(writeEndpoint, id: "webhook endpoint") { r, id in
            let repository = WebhookEndpointRepository(r.connection)
            let current = try repository.get(id)
            return try repository.update(current.id, try draft(r.request, onto: current))
        })
        router.delete("/v1/webhook-endpoints/:id", environment.deleteHandler(id: "webhook endpoint") { r, id in
            try WebhookEndpointRepository(r.connection).delete(id)
        })
        router.post("/v1/webhook-endpoints/:id/rotate-secret", environment.tenantHandler { r in
            let id = try QueryParameters.id(r.request, "webhook endpoint")
            let body = try RequestBody(r.request)
            let hours = body.reader.optionalInt("overlap_hours", in: WebhookPolicy.overlapHours) ?? WebhookPolicy.defaultOverlapHours
            try body.finish()
            let (endpoint, secret) = try WebhookEndpointRepository(r.connection).rotateSecret(id, overlapHours: hours)
            return Response.json { write(endpoint, secret: secret, into: &$0) }
        })
        router.get("/v1/webhook-endpoints/:id/deliveries", environment.pageHandler(write) { r in
            try WebhookEndpointRepository(r.connection).deliveries(
                of: try QueryParameters.id(r.request, "webhook endpoint"),
                status: try QueryParameters.enumValue(r.request, "status", NotificationStatus.self), page: try QueryParameters.page(r.request))
        })
        router.post("/v1/webhook-endpoints/:id/deliveries/:delivery_id/redeliver", environment.recordHandler(write, id: "webhook endpoint") { r, endpointID in
            guard let deliveryID = UUID(uuidString: try r.request.parameter("delivery_id")) else {
                throw Problem.notFound("No webhook delivery with this id.")
            }
            return try WebhookEndpointRepository(r.connection).redeliver(deliveryID, of: endpointID)
        })
    }

    /// The endpoint the body describes: every field for a new one, the fields present over `current` for a PATCH.
    static func draft(_ request: Request, onto current: WebhookEndpoint?) throws -> WebhookEndpointDraft {
        let body = try RequestBody(request)
        let r = body.reader
        var draft = WebhookEndpointDraft(
            url: current?.url ?? "", eventTypes: current?.eventTypes ?? [], description: current?.description,
            enabled: current?.enabled ?? true)
        if current == nil || r.contains("url") { draft.url = r.string("url") }
        if current == nil || r.contains("event_types") {
            var types: [WebhookEventType] = []
            for (index, text) in r.stringArray("event_types").enumerated() {
                if let type = WebhookEventType(rawValue: text) {
                    types.append(type)
                } else {
                    body.record([
                        FieldError(pointer: "/event_types/\(index)", detail: "must be one of " + WebhookEventType.wireValues.joined(separator: ", "))
                    ])
                }
            }
            draft.eventTypes = types
        }
        if r.contains("description") { draft.description = r.optionalString("description") }
        if r.contains("enabled") { draft.enabled = r.bool("enabled") }
        // The rules of the draft (an https URL, a non-empty list) with the body's own problems, once per field.
        let reported = r.errors.map(\.pointer)
        body.record(ErrorMapping.fieldErrors(draft.violations()).filter { rule in
            !reported.contains { $0 == rule.pointer || $0.hasPrefix(rule.pointer + "/") }
        })
        try body.finish()
        return draft
    }

    private static func write(_ e: WebhookEndpoint, secret: WebhookSecret?, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(e.id)
            w.key("url"); w.string(e.url)
            w.key("event_types"); w.array { w in for type in e.eventTypes { w.string(type.rawValue) } }
            w.key("description"); w.optionalString(e.description)
            w.key("enabled"); w.bool(e.enabled)
            w.key("disabled_reason"); w.optionalString(e.disabledReason)
            w.key("failing_since"); w.instant(e.failingSince)
            w.key("previous_secret_expires_at"); w.instant(e.previousSecretExpiresAt)
            w.key("created_at"); w.instant(e.createdAt)
            w.key("updated_at"); w.instant(e.updatedAt)
            if let secret { w.key("secret"); w.string(secret.value) }
        }
    }

    private static func write(_ d: WebhookDelivery, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(d.id)
            w.key("endpoint_id"); w.id(d.endpointID)
            w.key("event_id"); w.id(d.eventID)
            w.key("event_type"); w.string(d.eventType)
            w.key("status"); w.string(d.status.wireValue)
            w.key("attempts"); w.int(d.attempts)
            w.key("next_attempt_at"); w.instant(d.nextAttemptAt)
            w.key("last_status_code"); if let code = d.lastStatusCode { w.int(code) } else { w.null() }
            w.key("last_latency_ms"); if let ms = d.lastLatencyMilliseconds { w.int(ms) } else { w.null() }
            w.key("last_error"); w.optionalString(d.lastError)
            w.key("created_at"); w.instant(d.createdAt)
            w.key("sent_at"); w.instant(d.sentAt)
            w.key("payload"); w.raw(d.payload)
        }
    }
}
