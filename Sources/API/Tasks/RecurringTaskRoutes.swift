import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/recurring-tasks`: task templates the EOD turns into one task per occurrence; pause, resume, stop, preview.
private typealias S = OpenAPISchemas

enum RecurringTaskRoutes {
    static let tag = "Recurring tasks"

    static let operations: [OpenAPIOperation] = RecurringTemplateRoutes.operations(
        path: "/v1/recurring-tasks", noun: "RecurringTask", plural: "Recurring tasks", tag: tag, schema: "RecurringTask", documentDate: "each task's due date"
    ) + [
        OpenAPIOperation(
            "POST", "/v1/recurring-tasks", id: "createRecurringTask", summary: "Create a recurring task", tag: tag,
            request: "RecurringTaskInput", status: 201, response: "RecurringTask", errors: [400, 415, 422]),
    ]

    static let schemas: [String: String] = [
        "RecurringTaskInput": #"""
            {"type":"object","additionalProperties":false,"required":["title","schedule"],"properties":{
             "title":\#(S.text(maxLength: 200)),"description":\#(S.notes(maxLength: 4000, nullable: true)),
             "assignee":\#(S.text(maxLength: 200, nullable: true)),
             "party_id":{"type":["string","null"],"format":"uuid"},"schedule":{"$ref":"#/components/schemas/Schedule"}}}
            """#,
        "RecurringTask": #"""
            {"type":"object","required":["id","title","schedule","state"],"properties":{"id":{"type":"string","format":"uuid"},
             "title":{"type":"string"},"description":{"type":["string","null"]},"assignee":{"type":["string","null"]},
             "party_id":{"type":["string","null"]},"schedule":{"type":"object"},
             "state":\#(S.enumeration(RecurringTemplateState.self)),"skip_through":{"type":["string","null"],"format":"date"},
             "last_posted_index":{"type":["integer","null"]},"last_posted_date":{"type":["string","null"],"format":"date"},
             "created_at":{"type":"string","format":"date-time"}}}
            """#,
        "RecurringTaskList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/RecurringTask"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        RecurringTemplateRoutes.register(
            RecurringTaskRepository.self, path: "/v1/recurring-tasks", resource: "recurring task", on: &router, environment: environment,
            write: { template, w in write(template, into: &w) })
        router.post("/v1/recurring-tasks", environment.tenantHandler { r in
            let body = try RequestBody(r.request)
            let reader = body.reader
            let title = reader.string("title")
            let description = reader.optionalString("description")
            let assignee = reader.optionalString("assignee")
            let party = reader.optionalUUID("party_id")
            let schedule = body.schedule("schedule", required: true)
            try body.finish()
            guard let schedule else { throw Problem.validation([FieldError(pointer: "/schedule", detail: "is required")]) }
            let template = try RecurringTaskRepository(r.connection).create(
                RecurringTaskDraft(title: title, description: description, assignee: assignee, partyID: party, schedule: schedule))
            return Response.json(status: .created) { write(template, into: &$0) }
        })
    }

    static func write(_ template: RecurringTask, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(template.id)
            w.key("title"); w.string(template.title)
            w.key("description"); w.optionalString(template.description)
            w.key("assignee"); w.optionalString(template.assignee)
            w.key("party_id"); w.optionalID(template.partyID)
            w.key("schedule"); w.raw(template.schedule.json)
            RecurringReading.writeCursor(
                state: template.state, skipThrough: template.skipThrough, lastPostedIndex: template.lastPostedIndex,
                lastPostedDate: template.lastPostedDate, into: &w)
            w.key("created_at"); w.instant(template.createdAt)
        }
    }
}
