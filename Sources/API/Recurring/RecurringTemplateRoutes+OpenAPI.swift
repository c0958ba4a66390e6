import Domain
import Store

private typealias S = OpenAPISchemas

/// The OpenAPI side of ``RecurringTemplateRoutes``: the operations every kind answers, and the schema pieces every
/// kind's input and output share.
extension RecurringTemplateResource {
    /// The operations of ``RecurringTemplateRoutes/register(_:on:environment:)`` under this kind's path.
    var operations: [OpenAPIOperation] {
        let one = resource
        return [
            .create(
                path, id: "create\(noun)", summary: "Create a \(one) (active)", tag: tag, request: "\(noun)Input",
                response: noun),
            .list(
                path, id: "list\(noun)s", summary: "\(tag), newest first", tag: tag,
                parameters: [
                    .init("state", in: .query, schema: S.enumeration(RecurringState.self)),
                    .init("party_id", in: .query, schema: S.uuid()),
                ],
                response: "\(noun)List"),
            .read(
                "\(path)/:id", id: "get\(noun)", summary: "One \(one) with its state and cursor", tag: tag,
                response: noun),
            OpenAPIOperation(
                "PUT", "\(path)/:id", id: "replace\(noun)",
                summary: "Replace payload and schedule; nothing posted changes, a new schedule takes over after the last posting (and from effective_from)",
                tag: tag, parameters: [.id], request: "\(noun)Input", response: noun, errors: [400, 404, 409, 415, 422]),
            OpenAPIOperation(
                "POST", "\(path)/:id/pause", id: "pause\(noun)", summary: "Pause (nothing posts until resumed)", tag: tag,
                parameters: [.id], response: noun, errors: [404, 409]),
            OpenAPIOperation(
                "POST", "\(path)/:id/resume", id: "resume\(noun)",
                summary: "Resume; occurrences missed while paused are skipped unless catch_up is true", tag: tag,
                parameters: [.id], request: "ResumeInput", requestRequired: false, response: noun, errors: [404, 409, 422]),
            OpenAPIOperation(
                "POST", "\(path)/:id/end", id: "end\(noun)", summary: "End for good", tag: tag, parameters: [.id],
                response: noun, errors: [404, 409]),
            OpenAPIOperation(
                "GET", "\(path)/:id/preview", id: "preview\(noun)",
                summary: "The next occurrences still to post and what each creates (writes nothing)", tag: tag,
                parameters: [.id, RecurringTemplateRoutes.countParameter], response: "RecurringPreview", errors: [404, 422]),
        ]
    }

    /// The kind's three schemas: `<noun>Input` (its payload `properties` and `required` names, plus `schedule` and
    /// `effective_from`; `extra` adds keywords such as a `oneOf`), `<noun>` (its payload's output `properties`,
    /// plus the lifecycle) and `<noun>List`.
    func schemas(inputRequired: [String], input: String, extra: String = "", outputRequired: [String], output: String)
        -> [String: String]
    {
        let quoted = { (names: [String]) in names.map { "\"\($0)\"" }.joined(separator: ",") }
        return [
            "\(noun)Input": """
                {"type":"object","additionalProperties":false,"required":[\(quoted(inputRequired + ["schedule"]))],
                 "properties":{\(input),"schedule":{"$ref":"#/components/schemas/Schedule"},
                 "effective_from":{"type":["string","null"],"format":"date","description":"Occurrences posting before this date are not posted"}}\(extra)}
                """,
            noun: """
                {"type":"object","required":[\(quoted(["id"] + outputRequired + ["schedule", "state", "created_at", "updated_at"]))],
                 "properties":{"id":{"type":"string","format":"uuid"},\(output),
                 "schedule":{"type":"object"},"state":\(S.enumeration(RecurringState.self)),
                 "ended_at":{"type":["string","null"],"format":"date-time"},"skip_through":\(S.date(nullable: true)),
                 "last_posted_index":{"type":["integer","null"]},"last_posted_date":\(S.date(nullable: true)),
                 "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
                """,
            "\(noun)List": S.page(of: noun),
        ]
    }
}

extension RecurringTemplateRoutes {
    static let countParameter = OpenAPIOperation.Parameter(
        "count", in: .query, schema: #"{"type":"integer","minimum":1,"maximum":100,"default":12}"#)

    /// What every kind shares: the resume body and the one preview shape.
    static let schemas: [String: String] = [
        "ResumeInput": #"""
            {"type":"object","additionalProperties":false,"properties":{"catch_up":{"type":["boolean","null"],"default":false}}}
            """#,
        "RecurringPreview": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"type":"object",
             "required":["index","posting_date","created_on","due_date","period_start","period_end","document_date","document_due_date",
              "reference","currency","subtotal","discount_total","tax_total","total"],
             "properties":{"index":{"type":"integer"},"posting_date":{"type":"string","format":"date"},
             "created_on":{"type":"string","format":"date","description":"The EOD date that creates it: the posting date, less a recurring task's lead_days"},
             "due_date":{"type":"string","format":"date","description":"The occurrence's due date"},
             "period_start":{"type":"string","format":"date"},"period_end":{"type":"string","format":"date"},
             "document_date":{"type":"string","format":"date","description":"The invoice, expense or order date, or a task's due date"},
             "document_due_date":{"type":["string","null"],"format":"date","description":"When the document falls due (an invoice's due date with terms)"},
             "reference":{"type":["string","null"]},"currency":{"type":["string","null"]},
             "subtotal":{"type":["string","null"]},"discount_total":{"type":["string","null"]},
             "tax_total":{"type":["string","null"]},"total":{"type":["string","null"]}}}}}}
            """#,
    ]
}
