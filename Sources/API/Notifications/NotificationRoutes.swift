import Domain
import HTTPServer
import Store

/// The outbox over HTTP: `GET /v1/notifications` (filters: kind, status, recipient, invoice),
/// `GET /v1/notifications/{id}` with its attempts, `POST /v1/notifications/{id}/resend`.
enum NotificationRoutes {
    static let tag = "Notifications"

    static let operations: [OpenAPIOperation] = [
        .list(
            "/v1/notifications", id: "listNotifications",
            summary: "Notifications (invoice e-mails, reminders, alerts), newest first, with where each is on its way out",
            tag: tag,
            parameters: [
                .init("kind", in: .query, schema: OpenAPISchemas.enumeration(NotificationKind.self)),
                .init("status", in: .query, schema: OpenAPISchemas.enumeration(NotificationStatus.self)),
                .init("recipient", in: .query, description: "E-mail address, any case (the request line bounds its length)"),
                .init("invoice_id", in: .query, schema: OpenAPISchemas.uuid()),
            ],
            response: "NotificationList"),
        .read(
            "/v1/notifications/:id", id: "getNotification", summary: "One notification with every attempt to send it",
            tag: tag, response: "NotificationDetail"),
        OpenAPIOperation(
            "POST", "/v1/notifications/:id/resend", id: "resendNotification",
            summary: "Send a sent, failed or cancelled notification again (same Message-ID); 409 while it is still on its way",
            tag: tag, parameters: [.id], response: "NotificationDetail", errors: [404, 409]),
    ]

    static let schemas: [String: String] = [
        "OutboxNotification": #"""
            {"type":"object","required":["id","kind","status","recipient","subject","attempts","created_at","next_attempt_at","sent_at","last_error","invoice_id","message_id"],
             "properties":{"id":{"type":"string","format":"uuid"},
             "kind":\#(OpenAPISchemas.enumeration(NotificationKind.self)),
             "status":\#(OpenAPISchemas.enumeration(NotificationStatus.self)),
             "recipient":{"type":["string","null"],"description":"null: the tenant's alert recipients (delivery settings)"},
             "subject":{"type":"string","description":"The subject of the e-mail as sent (rendered from the template), or before the first attempt a summary written when queued"},"attempts":{"type":"integer","minimum":0},
             "created_at":{"type":"string","format":"date-time"},
             "next_attempt_at":{"type":["string","null"],"format":"date-time","description":"When pending or retrying"},
             "sent_at":{"type":["string","null"],"format":"date-time"},
             "last_error":{"type":["string","null"]},
             "invoice_id":{"type":["string","null"],"format":"uuid"},
             "message_id":{"type":"string","description":"The RFC 5322 Message-ID every attempt carries"}}}
            """#,
        "NotificationDetail": #"""
            {"allOf":[{"$ref":"#/components/schemas/OutboxNotification"},
             {"type":"object","required":["body","payload","attempt_log"],"properties":{
              "body":{"type":"string","description":"A summary in English written when queued; the e-mail itself is written from the tenant's template when sent"},
              "payload":{"type":"object","description":"What it is about (invoice_id, task_id, …)"},
              "attempt_log":{"type":"array","items":{"type":"object","required":["attempt","started_at","finished_at","outcome","code","detail"],"properties":{
               "attempt":{"type":"integer","minimum":1},"started_at":{"type":"string","format":"date-time"},
               "finished_at":{"type":"string","format":"date-time"},
               "outcome":{"type":"string","enum":["sent","transient","permanent","unknown","cancelled"]},
               "code":{"type":["integer","null"],"description":"The relay's reply code"},
               "detail":{"type":["string","null"]}}}}}}]}
            """#,
        "NotificationList": OpenAPISchemas.page(of: "OutboxNotification"),
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/notifications", environment.pageHandler({ notification, w in w.object { write(notification, into: &$0) } }) { r in
            let filter = NotificationFilter(
                kind: try QueryParameters.enumValue(r.request, "kind", NotificationKind.self),
                status: try QueryParameters.enumValue(r.request, "status", NotificationStatus.self),
                recipient: r.request.query("recipient"), invoiceID: try QueryParameters.uuid(r.request, "invoice_id"))
            return try NotificationRepository(r.connection).list(filter, page: try QueryParameters.page(r.request))
        })
        router.get("/v1/notifications/:id", environment.tenantHandler { r in
            let repository = NotificationRepository(r.connection)
            let notification = try repository.get(try QueryParameters.id(r.request, "notification"))
            return try detail(notification, repository)
        })
        router.post("/v1/notifications/:id/resend", environment.tenantHandler { r in
            let repository = NotificationRepository(r.connection)
            return try detail(try repository.resend(try QueryParameters.id(r.request, "notification")), repository)
        })
    }

    /// `?recipient=`, at most 254 characters as documented.
    private static func detail(_ notification: OutboxNotification, _ repository: NotificationRepository) throws -> Response {
        let attempts = try repository.attempts(notification.id)
        return Response.json { w in
            w.object { w in
                write(notification, into: &w)
                w.key("body"); w.string(notification.body)
                w.key("payload"); w.raw(notification.payload)
                w.key("attempt_log"); w.objects(attempts) { w, attempt in
                    w.key("attempt"); w.int(attempt.attempt)
                    w.key("started_at"); w.instant(attempt.startedAt)
                    w.key("finished_at"); w.instant(attempt.finishedAt)
                    w.key("outcome"); w.string(attempt.outcome)
                    w.key("code"); if let code = attempt.code { w.int(code) } else { w.null() }
                    w.key("detail"); w.optionalString(attempt.detail)
                }
            }
        }
    }

    private static func write(_ n: OutboxNotification, into w: inout JSONWriter) {
        w.key("id"); w.string(n.id.uuidString.lowercased())
        w.key("kind"); w.string(n.kind.wireValue)
        w.key("status"); w.string(n.status.wireValue)
        w.key("recipient"); w.optionalString(n.recipient)
        w.key("subject"); w.string(n.subject)
        w.key("attempts"); w.int(n.attempts)
        w.key("created_at"); w.instant(n.createdAt)
        w.key("next_attempt_at"); w.instant(n.nextAttemptAt)
        w.key("sent_at"); w.instant(n.sentAt)
        w.key("last_error"); w.optionalString(n.lastError)
        w.key("invoice_id"); w.optionalString(n.invoiceID?.uuidString.lowercased())
        w.key("message_id"); w.string(n.messageID)
    }
}
