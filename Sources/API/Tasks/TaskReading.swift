import Domain
import Foundation
import HTTPServer
import Store

/// Reading and writing tasks over HTTP. A link is `{"type": "party" | "invoice" | "sales_order" | "expense", "id": …}`.
enum TaskReading {
    static func draft(_ request: Request) throws -> WorkTaskDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let draft = WorkTaskDraft(
            title: r.string("title"), description: r.optionalString("description"), assignee: r.optionalString("assignee"),
            dueDate: r.optionalDate("due_date"), link: link(r), reminderDays: r.optionalIntArray("reminder_days"))
        try body.finish()
        return draft
    }

    /// The fields present in the body replace those of `current`; `null` clears.
    static func patch(_ request: Request, onto current: WorkTask) throws -> (WorkTaskDraft, TaskStatus?) {
        let body = try RequestBody(request)
        let r = body.reader
        var draft = WorkTaskDraft(
            title: current.title, description: current.description, assignee: current.assignee, dueDate: current.dueDate,
            link: current.link, reminderDays: current.reminderDays)
        if r.contains("title") { draft.title = r.string("title") }
        if r.contains("description") { draft.description = r.optionalString("description") }
        if r.contains("assignee") { draft.assignee = r.optionalString("assignee") }
        if r.contains("due_date") { draft.dueDate = r.optionalDate("due_date") }
        if r.contains("link") { draft.link = link(r) }
        if r.contains("reminder_days") { draft.reminderDays = r.optionalIntArray("reminder_days") }
        let status = r.optionalEnumValue("status", TaskStatus.self)
        try body.finish()
        return (draft, status)
    }

    static func link(_ r: JSONObjectReader) -> TaskLink? {
        r.optionalObject("link") { object -> TaskLink? in
            let kind = object.enumValue("type", TaskLink.Kind.self)
            let id = object.uuid("id")
            return kind.map { TaskLink(kind: $0, id: id) }
        } ?? nil
    }

    static func filter(_ request: Request) throws -> TaskFilter {
        var link: TaskLink?
        let linkID = try QueryParameters.uuid(request, "link_id")
        if let kind = try QueryParameters.enumValue(request, "link_type", TaskLink.Kind.self) {
            guard let id = linkID else {
                throw Problem.validation([FieldError(pointer: "/link_id", detail: "is required with link_type")])
            }
            link = TaskLink(kind: kind, id: id)
        } else if linkID != nil {
            throw Problem.validation([FieldError(pointer: "/link_type", detail: "is required with link_id")])
        }
        return TaskFilter(
            status: try QueryParameters.enumValue(request, "status", TaskStatus.self), assignee: request.query("assignee"),
            dueFrom: try QueryParameters.date(request, "due_from"), dueThrough: try QueryParameters.date(request, "due_to"),
            link: link)
    }

    static func write(_ task: WorkTask, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(task.id)
            w.key("title"); w.string(task.title)
            w.key("description"); w.optionalString(task.description)
            w.key("assignee"); w.optionalString(task.assignee)
            w.key("due_date"); w.date(task.dueDate)
            w.key("status"); w.string(task.status.wireValue)
            w.key("link"); writeLink(task.link, into: &w)
            w.key("recurring_task_id"); w.optionalID(task.recurringTaskID)
            w.key("reminder_days"); writeDays(task.reminderDays, into: &w)
            w.key("completed_at"); w.instant(task.completedAt)
            w.key("created_at"); w.instant(task.createdAt)
            w.key("updated_at"); w.instant(task.updatedAt)
        }
    }

    /// Reminder offsets, or `null` (the tenant's apply).
    static func writeDays(_ days: [Int]?, into w: inout JSONWriter) {
        guard let days else { return w.null() }
        w.array { w in for day in days { w.int(day) } }
    }

    static func writeLink(_ link: TaskLink?, into w: inout JSONWriter) {
        guard let link else { return w.null() }
        w.object { w in
            w.key("type"); w.string(link.kind.wireValue)
            w.key("id"); w.id(link.id)
        }
    }
}
