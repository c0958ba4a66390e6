import HTTPServer
import Store

/// `/app/audit`: the audit trail (filters: actor, action, resource, dates; 25 a page), each event linked to the
/// dashboard page of what it changed. The API lets accountants and owners read it (`listAuditEvents`); a viewer gets
/// its 403 as the page's message, and the navigation hides the entry (``DashboardLayout/navigationOperations``).
enum AuditPages {
    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/audit", pages.page { list($0) })
    }

    /// The audit page filtered on one record.
    static func link(resourceType: String, resourceID: String) -> String {
        DashboardBlocks.link("/app/audit", [("resource_type", resourceType), ("resource_id", resourceID)])
    }

    /// The dashboard page of an audited resource, when there is one.
    static func recordPage(resourceType: String, resourceID: String) -> String? {
        guard !resourceID.isEmpty else { return nil }
        let id = DashboardAPI.encode(resourceID)
        switch resourceType {
        case "invoices": return "/app/invoices/\(id)"
        case "expenses": return "/app/expenses/\(id)"
        case "budgets": return "/app/budgets/\(id)"
        default:
            guard let kind = RecurringPages.kinds.first(where: { $0.apiPath == "/v1/\(resourceType)" }) else { return nil }
            return "/app/recurring/\(kind.segment)/\(id)"
        }
    }

    static func list(_ context: DashboardContext) -> Response {
        let t = context.language
        let request = context.request
        let query = DashboardBlocks.query(request, ["actor_type", "actor_id", "action", "resource_type", "resource_id", "from", "to", "cursor"])
        let answer = context.api.call(.get, "/v1/audit-events", query: query + [("limit", "25")])
        let events = answer.isSuccess ? answer.json?["data"]?.items ?? [] : []
        let html = DashboardLayout.page(context, title: t(.auditTitle), current: "/app/audit") {
            DashboardBlocks.filters("/app/audit", t) {
                DashboardBlocks.select(
                    "f-actor-type", name: "actor_type", label: t(.auditActorType),
                    options: Principal.Kind.allCases.map { ($0.wireValue, $0 == .user ? t(.auditActorUser) : t(.auditActorKey)) },
                    selected: request.query("actor_type"), all: t(.filterAll))
                DashboardBlocks.input("f-actor-id", name: "actor_id", label: t(.auditActorID), type: "number", value: request.query("actor_id"))
                DashboardBlocks.input("f-action", name: "action", label: t(.auditAction), value: request.query("action"))
                DashboardBlocks.input("f-resource-type", name: "resource_type", label: t(.auditResourceType), value: request.query("resource_type"))
                DashboardBlocks.input("f-resource-id", name: "resource_id", label: t(.auditResourceID), value: request.query("resource_id"))
                DashboardBlocks.dateRange(request, t)
            }
            DashboardBlocks.listBody(answer, events, none: t(.auditNone)) {
                DashboardBlocks.table(
                    [t(.auditWhen), t(.auditWho), t(.auditAction), t(.auditResourceType), t(.auditResourceID), t(.filterStatus)],
                    numeric: [5], id: "audit-events"
                ) {
                    for event in events {
                        let actor = event["actor"]
                        let type = event.text("resource_type"), resource = event.text("resource_id")
                        HTML.element("tr", [("data-action", event.text("action")), ("data-resource", resource)]) {
                            HTML.element("td") { event.text("occurred_at") }
                            HTML.element("td") { "\(actor?.text("label") ?? "") (\(actor?.text("role") ?? ""))" }
                            HTML.element("td") { event.text("action") }
                            HTML.element("td") { type }
                            HTML.element("td") {
                                if let page = recordPage(resourceType: type, resourceID: resource) {
                                    HTML.element("a", [("href", page)]) { resource }
                                } else {
                                    resource
                                }
                            }
                            HTML.element("td", [("class", "num")]) { event.text("status") }
                        }
                    }
                }
            }
            DashboardBlocks.pager("/app/audit", query: query, next: answer.json?["next_cursor"]?.stringValue, isFirst: request.query("cursor") == nil, t)
        }
        return DashboardResponse.html(html, status: answer.status == 403 ? .forbidden : .ok)
    }
}
