import Store

/// The OpenAPI schemas of tasks and recurring tasks.
private typealias S = OpenAPISchemas

enum TaskSchemas {
    static let link = #"""
        {"type":["object","null"],"additionalProperties":false,"required":["type","id"],"properties":{
         "type":\#(S.enumeration(TaskLink.Kind.self)),"id":{"type":"string","format":"uuid"}}}
        """#

    /// `reminder_days` as input: the rule of ``ReminderDays``.
    static let reminderDays = #"{"type":["array","null"],"maxItems":10,"uniqueItems":true,"items":{"type":"integer","minimum":0,"maximum":366},"description":"Days before the due date on which the task is reminded (0: on the day); null: the tenant's reminders.task_due_days"}"#

    static let all: [String: String] = [
        "TaskInput": #"""
            {"type":"object","additionalProperties":false,"required":["title"],"properties":{
             "title":\#(S.text(maxLength: 200)),"description":\#(S.notes(maxLength: 4000, nullable: true)),
             "assignee":\#(S.text(maxLength: 200, nullable: true)),
             "due_date":{"type":["string","null"],"format":"date"},"reminder_days":\#(reminderDays),"link":
            """# + link + "}}",
        "TaskPatch": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "title":\#(S.text(maxLength: 200)),"description":\#(S.notes(maxLength: 4000, nullable: true)),
             "assignee":\#(S.text(maxLength: 200, nullable: true)),"due_date":{"type":["string","null"],"format":"date"},
             "status":\#(S.enumeration(TaskStatus.self, nullable: true)),"reminder_days":\#(reminderDays),"link":
            """# + link + "}}",
        "Task": #"""
            {"type":"object","required":["id","title","status"],"properties":{"id":{"type":"string","format":"uuid"},
             "title":{"type":"string"},"description":{"type":["string","null"]},"assignee":{"type":["string","null"]},
             "due_date":{"type":["string","null"],"format":"date"},"status":\#(S.enumeration(TaskStatus.self)),
             "recurring_task_id":{"type":["string","null"]},
             "reminder_days":{"type":["array","null"],"items":{"type":"integer"}},"completed_at":{"type":["string","null"],"format":"date-time"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},"link":
            """# + link + "}}",
        "TaskList": OpenAPISchemas.page(of: "Task"),
    ]
}
