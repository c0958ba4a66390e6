import Store

/// The OpenAPI schemas of tasks and recurring tasks.
private typealias S = OpenAPISchemas

enum TaskSchemas {
    static let link = #"""
        {"type":["object","null"],"additionalProperties":false,"required":["type","id"],"properties":{
         "type":\#(S.enumeration(TaskLink.Kind.self)),"id":{"type":"string","format":"uuid"}}}
        """#

    static let all: [String: String] = [
        "TaskInput": #"""
            {"type":"object","additionalProperties":false,"required":["title"],"properties":{
             "title":\#(S.text(maxLength: 200)),"description":\#(S.notes(maxLength: 4000, nullable: true)),
             "assignee":\#(S.text(maxLength: 200, nullable: true)),
             "due_date":{"type":["string","null"],"format":"date"},"link":
            """# + link + "}}",
        "TaskPatch": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "title":\#(S.text(maxLength: 200)),"description":\#(S.notes(maxLength: 4000, nullable: true)),
             "assignee":\#(S.text(maxLength: 200, nullable: true)),"due_date":{"type":["string","null"],"format":"date"},
             "status":\#(S.enumeration(TaskStatus.self, nullable: true)),"link":
            """# + link + "}}",
        "Task": #"""
            {"type":"object","required":["id","title","status"],"properties":{"id":{"type":"string","format":"uuid"},
             "title":{"type":"string"},"description":{"type":["string","null"]},"assignee":{"type":["string","null"]},
             "due_date":{"type":["string","null"],"format":"date"},"status":\#(S.enumeration(TaskStatus.self)),
             "recurring_task_id":{"type":["string","null"]},"completed_at":{"type":["string","null"],"format":"date-time"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},"link":
            """# + link + "}}",
        "TaskList": #"""
            {"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/Task"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
    ]
}
