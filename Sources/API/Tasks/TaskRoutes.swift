import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/tasks` (issue 8; the recurring tasks are ``RecurringTaskRoutes``). Tasks change with `PATCH /v1/tasks/:id`
/// (any of the fields, `status` included; `null` clears an optional field).
public enum TaskRoutes {
    /// Every schema the operations refer to.
    public static var schemas: [String: String] { TaskSchemas.all }

    static let tag = "Tasks"

    /// Every documented operation.
    public static let operations: [OpenAPIOperation] = [
        .list(
            "/v1/tasks", id: "listTasks", summary: "Tasks, newest first", tag: tag,
            parameters: [
                .init("status", in: .query, schema: OpenAPISchemas.enumeration(TaskStatus.self)),
                .init("assignee", in: .query),
                .init("due_from", in: .query, schema: OpenAPISchemas.date()),
                .init("due_to", in: .query, schema: OpenAPISchemas.date()),
                .init("link_type", in: .query, schema: OpenAPISchemas.enumeration(TaskLink.Kind.self)),
                .init("link_id", in: .query, schema: OpenAPISchemas.uuid()),
            ],
            response: "TaskList"),
        .create(
            "/v1/tasks", id: "createTask", summary: "Create an open task", tag: tag, request: "TaskInput",
            response: "Task"),
        .read("/v1/tasks/:id", id: "getTask", summary: "One task", tag: tag, response: "Task"),
        OpenAPIOperation(
            "PATCH", "/v1/tasks/:id", id: "updateTask", summary: "Change fields and/or the status of a task", tag: tag,
            parameters: [.id], request: "TaskPatch", requestRequired: false, response: "Task", errors: [400, 404, 415, 422]),
    ]

    /// Registers every route on `router`.
    public static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/tasks", environment.pageHandler(TaskReading.write) { r in
            try TaskRepository(r.connection).list(try TaskReading.filter(r.request), page: try QueryParameters.page(r.request))
        })
        router.post("/v1/tasks", environment.recordHandler(status: .created, TaskReading.write) { r in
            try TaskRepository(r.connection).create(try TaskReading.draft(r.request))
        })
        router.get("/v1/tasks/:id", environment.recordHandler(TaskReading.write, id: "task") { r, id in
            try TaskRepository(r.connection).get(id)
        })
        router.patch("/v1/tasks/:id", environment.tenantHandler { r in
            let repository = TaskRepository(r.connection)
            let current = try repository.get(try QueryParameters.id(r.request, "task"))
            let (draft, status) = try TaskReading.patch(r.request, onto: current)
            var task = try repository.update(current.id, draft)
            if let status, status != task.status { task = try repository.setStatus(task.id, status) }
            return Response.json { [task] in TaskReading.write(task, into: &$0) }
        })
    }
}
