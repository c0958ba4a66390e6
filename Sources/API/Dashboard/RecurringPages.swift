import HTTPServer

/// `/app/recurring` (the recurring templates of one kind: invoices, expenses, tasks, sales orders, filtered by
/// state), `/app/recurring/{kind}/{id}` (its facts, its schedule, the preview of its next postings from the API's
/// preview operation) and its lifecycle actions pause, resume (optionally catching up) and end, as forms posting to
/// `/app/recurring/{kind}/{id}/<action>`.
enum RecurringPages {
    /// One kind of template: its dashboard segment, its API path and the noun of its operation ids
    /// (`pauseRecurringInvoice`, …), its label.
    struct Kind: Sendable {
        let segment: String
        let apiPath: String
        let noun: String
        let label: DashboardText
    }

    static let kinds: [Kind] = [
        Kind(segment: "invoices", apiPath: "/v1/recurring-invoices", noun: "RecurringInvoice", label: .recurringInvoices),
        Kind(segment: "expenses", apiPath: "/v1/recurring-expenses", noun: "RecurringExpense", label: .recurringExpenses),
        Kind(segment: "tasks", apiPath: "/v1/recurring-tasks", noun: "RecurringTask", label: .recurringTasks),
        Kind(segment: "sales-orders", apiPath: "/v1/recurring-sales-orders", noun: "RecurringSalesOrder", label: .recurringSalesOrders),
    ]

    static let states = ["active", "paused", "ended"]

    /// The lifecycle actions: segment, the operation id's verb, the label, which states it applies to.
    static let actions: [(segment: String, verb: String, label: DashboardText, applies: Set<String>)] = [
        ("pause", "pause", .recurringPause, ["active"]),
        ("resume", "resume", .recurringResume, ["paused"]),
        ("end", "end", .recurringEnd, ["active", "paused"]),
    ]

    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/recurring", pages.page { try list($0) })
        router.get("/app/recurring/:kind/:id", pages.page { try detail($0) })
        for action in actions {
            router.post("/app/recurring/:kind/:id/\(action.segment)", pages.action { try perform(action, $0) })
        }
    }

    static func kindNamed(_ context: DashboardContext, _ segment: String?) throws -> Kind {
        guard let kind = kinds.first(where: { $0.segment == (segment ?? "invoices") }) else {
            throw Problem(status: .notFound, detail: context.t(.errorNotFound))
        }
        return kind
    }

    /// What names a template in a list: its name, title, description or reference, else the start of its id.
    static func name(_ template: JSONValue) -> String {
        for key in ["name", "title", "description", "statement_reference"] where !template.text(key).isEmpty {
            return template.text(key)
        }
        return String(template.text("id").prefix(8))
    }

    static func stateLabel(_ state: String, _ t: DashboardLanguage) -> String {
        switch state {
        case "active": t(.recurringActive)
        case "paused": t(.recurringPaused)
        case "ended": t(.recurringEnded)
        default: state
        }
    }

    /// The schedule in one line: "frequency: monthly · interval: 1 · start: …".
    static func scheduleText(_ template: JSONValue) -> String {
        DashboardBlocks.pairs(template["schedule"]).map { "\($0.0): \($0.1)" }.joined(separator: " · ")
    }

    // MARK: List

    static func list(_ context: DashboardContext) throws -> Response {
        let t = context.language
        let kind = try kindNamed(context, context.request.query("kind").flatMap { $0.isEmpty ? nil : $0 })
        let query = DashboardBlocks.query(context.request, ["state", "cursor"])
        let answer = context.api.call(.get, kind.apiPath, query: query + [("limit", "25")])
        let templates = answer.isSuccess ? answer.json?["data"]?.items ?? [] : []
        let html = DashboardLayout.page(context, title: t(.recurringTitle), current: "/app/recurring") {
            HTML.element("nav", [("class", "tabs"), ("aria-label", t(.recurringKinds))]) {
                HTML.element("ul") {
                    for other in kinds {
                        HTML.element("li") {
                            HTML.element("a", [
                                ("href", "/app/recurring?kind=\(other.segment)"), ("aria-current", other.segment == kind.segment ? "page" : nil),
                            ]) { t(other.label) }
                        }
                    }
                }
            }
            DashboardBlocks.filters("/app/recurring", t) {
                HTML.element("input", [("type", "hidden"), ("name", "kind"), ("value", kind.segment)])
                DashboardBlocks.select(
                    "f-state", name: "state", label: t(.filterStatus), options: states.map { ($0, stateLabel($0, t)) },
                    selected: context.request.query("state"), all: t(.filterAll))
            }
            HTML.element("h2") { t(kind.label) }
            DashboardBlocks.listBody(answer, templates, none: t(.recurringNone)) {
                DashboardBlocks.table(
                    [t(.recurringName), t(.invoiceStatus), t(.recurringSchedule), t(.recurringLastPosted)], id: "recurring"
                ) {
                    for template in templates {
                        let id = template.text("id")
                        HTML.element("tr", [("data-template", id), ("data-state", template.text("state"))]) {
                            HTML.element("td") {
                                HTML.element("a", [("href", "/app/recurring/\(kind.segment)/\(DashboardAPI.encode(id))")]) { name(template) }
                            }
                            HTML.element("td") { stateLabel(template.text("state"), t) }
                            HTML.element("td") { scheduleText(template) }
                            HTML.element("td") { template.text("last_posted_date") }
                        }
                    }
                }
            }
            DashboardBlocks.pager(
                "/app/recurring", query: [("kind", kind.segment)] + query, next: answer.json?["next_cursor"]?.stringValue,
                isFirst: context.request.query("cursor") == nil, t)
        }
        return DashboardResponse.html(html)
    }

    // MARK: Detail

    static func detail(_ context: DashboardContext) throws -> Response {
        let t = context.language
        let kind = try kindNamed(context, context.request.parameters["kind"])
        let id = context.request.parameters["id"] ?? ""
        let path = "\(kind.apiPath)/\(DashboardAPI.encode(id))"
        let template = try DashboardBlocks.one(context, path)
        let preview = context.api.call(.get, "\(path)/preview", query: [("count", "12")])
        let state = template.text("state")
        let base = "/app/recurring/\(kind.segment)/\(DashboardAPI.encode(id))"
        let html = DashboardLayout.page(context, title: "\(t(kind.label)) · \(name(template))", current: "/app/recurring") {
            HTML.element("p") { HTML.element("a", [("href", "/app/recurring?kind=\(kind.segment)")]) { "← \(t(kind.label))" } }
            HTML.element("div", [("class", "grid")]) {
                HTML.element("section", [("class", "card"), ("aria-label", name(template))]) {
                    HTML.element("dl", [("class", "facts")]) {
                        HTML.element("dt") { t(.recurringName) }
                        HTML.element("dd") { name(template) }
                        HTML.element("dt") { t(.invoiceStatus) }
                        HTML.element("dd", [("id", "template-state"), ("data-value", state)]) { stateLabel(state, t) }
                        HTML.element("dt") { t(.recurringLastPosted) }
                        HTML.element("dd") { template.text("last_posted_date").isEmpty ? "—" : template.text("last_posted_date") }
                    }
                    HTML.element("h2") { t(.recurringSchedule) }
                    DashboardBlocks.facts(DashboardBlocks.pairs(template["schedule"]))
                }
                HTML.element("section", [("class", "card"), ("aria-labelledby", "actions-heading")]) {
                    HTML.element("h2", [("id", "actions-heading")]) { t(.invoiceActions) }
                    HTML.element("div", [("class", "actions")]) {
                        for action in actions where action.applies.contains(state) && context.may("\(action.verb)\(kind.noun)") {
                            if action.segment == "resume" {
                                HTML.element("form", [("method", "post"), ("action", "\(base)/resume")]) {
                                    context.csrfField
                                    HTML.element("div") {
                                        HTML.element("input", [("type", "checkbox"), ("id", "catch-up"), ("name", "catch_up"), ("value", "true")])
                                        " "
                                        HTML.element("label", [("for", "catch-up")]) { t(.recurringCatchUp) }
                                    }
                                    HTML.element("button", [("type", "submit")]) { t(action.label) }
                                }
                            } else {
                                context.actionForm("\(base)/\(action.segment)", label: t(action.label), danger: action.segment == "end")
                            }
                        }
                    }
                }
            }
            HTML.element("section", [("class", "card"), ("aria-labelledby", "preview-heading")]) {
                HTML.element("h2", [("id", "preview-heading")]) { t(.recurringPreview) }
                let rows = preview.json?["data"]?.items ?? []
                if !preview.isSuccess {
                    DashboardBlocks.problem(preview)
                } else if rows.isEmpty {
                    HTML.element("p") { t(.recurringPreviewNone) }
                } else {
                    DashboardBlocks.table(
                        ["#", t(.columnDate), t(.invoiceDueDate), t(.recurringPeriod), t(.invoiceTotal)], numeric: [0, 4], id: "preview"
                    ) {
                        for row in rows {
                            HTML.element("tr", [("data-date", row.text("posting_date"))]) {
                                HTML.element("td", [("class", "num")]) { row.text("index") }
                                HTML.element("td") { row.text("posting_date") }
                                HTML.element("td") { row.text("due_date") }
                                HTML.element("td") {
                                    row.text("period_start").isEmpty ? "—" : "\(row.text("period_start")) → \(row.text("period_end"))"
                                }
                                HTML.element("td", [("class", "num")]) {
                                    row.text("total").isEmpty ? "—" : "\(row.text("total")) \(row.text("currency"))"
                                }
                            }
                        }
                    }
                }
            }
        }
        return DashboardResponse.html(html)
    }

    // MARK: Actions

    static func perform(
        _ action: (segment: String, verb: String, label: DashboardText, applies: Set<String>), _ context: DashboardContext
    ) throws -> Response {
        let kind = try kindNamed(context, context.request.parameters["kind"])
        let id = DashboardAPI.encode(context.request.parameters["id"] ?? "")
        let json = action.segment == "resume" && DashboardForm(context.request)["catch_up"] == "true" ? #"{"catch_up":true}"# : "{}"
        return DashboardBlocks.perform(
            context, "\(kind.apiPath)/\(id)/\(action.segment)", json: json, label: context.t(action.label),
            back: "/app/recurring/\(kind.segment)/\(id)", current: "/app/recurring")
    }
}
