import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/recurring-tasks`: task templates the EOD turns into one task per occurrence, under the shared recurring
/// routes.
private typealias S = OpenAPISchemas

enum RecurringTaskRoutes {
    static let resource = RecurringTemplateResource<RecurringTaskKind>(
        path: "/v1/recurring-tasks", noun: "RecurringTask", tag: "Recurring tasks",
        read: { r in
            let title = r.string("title")
            let description = r.optionalString("description")
            let assignee = r.optionalString("assignee")
            let party = r.optionalUUID("party_id")
            let lead = r.optionalInt("lead_days") ?? RecurringTaskDraft.defaultLeadDays
            let reminderDays = r.optionalIntArray("reminder_days")
            return { schedule in
                RecurringTaskDraft(
                    title: title, description: description, assignee: assignee, partyID: party, leadDays: lead,
                    reminderDays: reminderDays, schedule: schedule)
            }
        },
        write: { template, w in
            w.key("title"); w.string(template.title)
            w.key("description"); w.optionalString(template.description)
            w.key("assignee"); w.optionalString(template.assignee)
            w.key("party_id"); w.optionalID(template.partyID)
            w.key("lead_days"); w.int(template.leadDays)
            w.key("reminder_days"); TaskReading.writeDays(template.reminderDays, into: &w)
        })

    static let schemas = resource.schemas(
        inputRequired: ["title"],
        input: #"""
            "title":\#(S.text(maxLength: 200)),"description":\#(S.notes(maxLength: 4000, nullable: true)),
            "assignee":\#(S.text(maxLength: 200, nullable: true)),"party_id":{"type":["string","null"],"format":"uuid"},
            "lead_days":{"type":["integer","null"],"minimum":0,"maximum":365,"default":7,"description":"Each task is created this many days before its occurrence's posting date (null or absent: 7)"},
            "reminder_days":\#(TaskSchemas.reminderDays)
            """#,
        outputRequired: ["title", "lead_days", "reminder_days"],
        output: #"""
            "title":{"type":"string"},"description":{"type":["string","null"]},"assignee":{"type":["string","null"]},
            "party_id":{"type":["string","null"]},"lead_days":{"type":"integer"},
            "reminder_days":{"type":["array","null"],"items":{"type":"integer"}}
            """#)
}
