import Domain
import HTTPServer

/// `/app/invoices` (list with filters, paginated), `/app/invoices/{id}` (lines, payments, PDF, history) and the
/// actions issue, void, credit, resend: each a form posting to `/app/invoices/{id}/<action>`, which calls the API
/// operation of the same name and redirects back with a flash message.
enum InvoicePages {
    /// Each action: its path segment, the API operation it performs (whose role rule decides whether the button is
    /// shown and whether the post is allowed), its label.
    struct Action: Sendable {
        let segment: String
        let operationID: String
        let label: DashboardText
        let danger: Bool
        /// Whether it applies to an invoice in this status.
        let applies: @Sendable (String) -> Bool
    }

    static let actions: [Action] = [
        Action(segment: "issue", operationID: "issueInvoice", label: .actionIssue, danger: false) { $0 == "draft" },
        Action(segment: "void", operationID: "voidInvoice", label: .actionVoid, danger: true) { $0 == "issued" },
        Action(segment: "credit", operationID: "creditInvoice", label: .actionCredit, danger: false) {
            $0 == "issued" || $0 == "partially_paid" || $0 == "paid"
        },
        Action(segment: "resend", operationID: "resendNotification", label: .actionResend, danger: false) { $0 != "draft" && $0 != "void" },
    ]

    static let statuses = ["draft", "issued", "partially_paid", "paid", "credited", "void"]

    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/invoices", pages.page { list($0) })
        router.get("/app/invoices/:id", pages.page { try detail($0) })
        for action in actions {
            router.post("/app/invoices/:id/\(action.segment)", pages.action { perform(action, $0) })
        }
    }

    // MARK: List

    static func list(_ context: DashboardContext) -> Response {
        let t = context.language
        let request = context.request
        var query: [(String, String)] = [("limit", "25")]
        for name in ["status", "party_id", "from", "to", "cursor"] {
            if let value = request.query(name), !value.isEmpty { query.append((name, value)) }
        }
        let answer = context.api.call(.get, "/v1/invoices", query: query)
        let parties = partyNames(context.api)
        let page = answer.isSuccess ? answer.json : nil
        let invoices = page?["data"]?.items ?? []
        let next = page?["next_cursor"]?.stringValue
        let html = DashboardLayout.page(context, title: t(.invoicesTitle), current: "/app/invoices") {
            filters(context, parties: parties)
            if !answer.isSuccess {
                HTML.element("p", [("class", "flash error"), ("role", "alert")]) { answer.problemDetail }
            } else if invoices.isEmpty {
                HTML.element("p") { t(.invoicesNone) }
            } else {
                HTML.element("div", [("class", "card")]) { table(invoices, t, parties: parties) }
            }
            HTML.element("nav", [("class", "pager"), ("aria-label", t(.pageNext))]) {
                if request.query("cursor") != nil {
                    HTML.element("a", [("href", link(query.filter { $0.0 != "cursor" && $0.0 != "limit" }))]) { t(.pageFirst) }
                }
                if let next {
                    HTML.element("a", [("href", link(query.filter { $0.0 != "cursor" && $0.0 != "limit" } + [("cursor", next)])), ("rel", "next")]) {
                        t(.pageNext)
                    }
                }
            }
        }
        return DashboardResponse.html(html, status: answer.isSuccess || answer.status >= 500 ? .ok : HTTPStatus(code: answer.status))
    }

    static func link(_ query: [(String, String)]) -> String {
        query.isEmpty ? "/app/invoices" : "/app/invoices?" + query.map { "\($0.0)=\(DashboardAPI.encode($0.1))" }.joined(separator: "&")
    }

    /// The customers' names by id (one page of parties), for the list and the filter.
    static func partyNames(_ api: DashboardAPI) -> [(id: String, name: String)] {
        (api.get("/v1/parties", [("limit", "200")])?["data"]?.items ?? []).map { ($0.text("id"), $0.text("name")) }
    }

    static func filters(_ context: DashboardContext, parties: [(id: String, name: String)]) -> HTML {
        let t = context.language
        let request = context.request
        return DashboardBlocks.filters("/app/invoices", t) {
            DashboardBlocks.select(
                "f-status", name: "status", label: t(.filterStatus), options: statuses.map { ($0, statusLabel($0, t)) },
                selected: request.query("status"), all: t(.filterAll))
            DashboardBlocks.select(
                "f-party", name: "party_id", label: t(.invoiceParty), options: parties.map { ($0.id, $0.name) },
                selected: request.query("party_id"), all: t(.filterAll))
            DashboardBlocks.dateRange(request, t)
        }
    }

    /// A table of invoices (the list, the home's overdue ones).
    static func table(_ invoices: [JSONValue], _ t: DashboardLanguage, parties: [(id: String, name: String)] = []) -> HTML {
        let names = Dictionary(parties.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let headers = [
            t(.invoiceNumber), t(.invoiceParty), t(.invoiceStatus), t(.invoiceIssueDate), t(.invoiceDueDate), t(.invoiceTotal),
            t(.invoiceBalance),
        ]
        return DashboardBlocks.table(headers, numeric: [5, 6], class: "invoices") {
            for invoice in invoices {
                let id = invoice.text("id")
                HTML.element("tr", [("data-invoice", id)]) {
                    HTML.element("td") {
                        HTML.element("a", [("href", "/app/invoices/\(DashboardAPI.encode(id))")]) { label(invoice, t) }
                    }
                    HTML.element("td") { names[invoice.text("party_id")] ?? invoice.text("party_id") }
                    HTML.element("td") { statusText(invoice, t) }
                    HTML.element("td") { invoice.text("invoice_date") }
                    HTML.element("td") { invoice.text("due_date") }
                    HTML.element("td", [("class", "num")]) { "\(invoice.text("total")) \(invoice.text("currency"))" }
                    HTML.element("td", [("class", "num")]) { invoice.text("outstanding") }
                }
            }
        }
    }

    /// The invoice's number, or "Draft" with the start of its id.
    static func label(_ invoice: JSONValue, _ t: DashboardLanguage) -> String {
        let number = invoice.text("number")
        return number.isEmpty ? "\(t(.draftLabel)) \(invoice.text("id").prefix(8))" : number
    }

    static func statusText(_ invoice: JSONValue, _ t: DashboardLanguage) -> String {
        let status = statusLabel(invoice.text("status"), t)
        return invoice["overdue"] == .bool(true) ? "\(status), \(t(.statusOverdue).lowercased())" : status
    }

    static func statusLabel(_ status: String, _ t: DashboardLanguage) -> String {
        switch status {
        case "draft": t(.statusDraft)
        case "issued": t(.statusIssued)
        case "partially_paid": t(.statusPartiallyPaid)
        case "paid": t(.statusPaid)
        case "credited": t(.statusCredited)
        case "void": t(.statusVoid)
        default: status
        }
    }

    // MARK: Detail

    static func detail(_ context: DashboardContext) throws -> Response {
        let t = context.language
        let id = context.request.parameters["id"] ?? ""
        let path = "/v1/invoices/\(DashboardAPI.encode(id))"
        let answer = context.api.call(.get, path)
        guard answer.isSuccess, let invoice = answer.json else {
            throw Problem(status: HTTPStatus(code: answer.status == 422 ? 404 : answer.status), detail: answer.status == 404 || answer.status == 422 ? t(.errorNotFound) : answer.problemDetail)
        }
        let partyID = invoice.text("party_id")
        let party = context.api.get("/v1/parties/\(DashboardAPI.encode(partyID))")
        let payments = (context.api.get("/v1/payments", [("party_id", partyID), ("limit", "200")])?["data"]?.items ?? []).compactMap {
            payment -> (date: String, amount: String, reversed: Bool)? in
            let allocated = payment["allocations"]?.items.filter { $0.text("invoice_id") == id } ?? []
            guard let allocation = allocated.first else { return nil }
            return (payment.text("date"), allocation.text("amount"), payment["reversed"] == .bool(true))
        }
        let audit = context.may("listAuditEvents")
            ? context.api.get("/v1/audit-events", [("resource_type", "invoices"), ("resource_id", id), ("limit", "50")])?["data"]?.items
            : nil
        let status = invoice.text("status")
        let currency = invoice.text("currency")
        let html = DashboardLayout.page(context, title: "\(t(.navInvoices)) · \(label(invoice, t))", current: "/app/invoices") {
            HTML.element("p") { HTML.element("a", [("href", "/app/invoices")]) { "← \(t(.backToInvoices))" } }
            HTML.element("div", [("class", "grid")]) {
                HTML.element("section", [("class", "card"), ("aria-label", label(invoice, t))]) {
                    HTML.element("dl", [("class", "facts")]) {
                        fact(t(.invoiceNumber), label(invoice, t))
                        fact(t(.invoiceParty), party?.text("name") ?? partyID)
                        fact(t(.invoiceStatus), statusText(invoice, t), id: "invoice-status", value: status)
                        fact(t(.invoiceIssueDate), invoice.text("invoice_date"))
                        fact(t(.invoiceDueDate), invoice.text("due_date"))
                        fact(t(.invoiceTotal), "\(invoice.text("total")) \(currency)")
                        fact(t(.invoiceBalance), "\(invoice.text("outstanding")) \(currency)")
                    }
                }
                HTML.element("section", [("class", "card"), ("aria-labelledby", "actions-heading")]) {
                    HTML.element("h2", [("id", "actions-heading")]) { t(.invoiceActions) }
                    HTML.element("div", [("class", "actions")]) {
                        for action in actions where action.applies(status) && context.may(action.operationID) {
                            context.actionForm("/app/invoices/\(DashboardAPI.encode(id))/\(action.segment)", label: t(action.label), danger: action.danger)
                        }
                    }
                    if status != "draft" {
                        HTML.element("h2") { t(.invoiceDocument) }
                        HTML.element("p") {
                            HTML.element("a", [("href", "\(path)/document.pdf"), ("id", "pdf"), ("download", "\(label(invoice, t)).pdf"), ("type", "application/pdf")]) {
                                t(.downloadPDF)
                            }
                        }
                    }
                }
            }
            HTML.element("section", [("class", "card"), ("aria-labelledby", "lines-heading")]) {
                HTML.element("h2", [("id", "lines-heading")]) { t(.invoiceLines) }
                DashboardBlocks.table(
                    [t(.lineDescription), t(.lineQuantity), t(.linePrice), t(.lineAmount)], numeric: [1, 2, 3]
                ) {
                    for line in invoice["lines"]?.items ?? [] {
                        HTML.element("tr") {
                            HTML.element("td") { line.text("description") }
                            HTML.element("td", [("class", "num")]) { line.text("quantity") }
                            HTML.element("td", [("class", "num")]) { line.text("unit_price") }
                            HTML.element("td", [("class", "num")]) { line.text("net") }
                        }
                    }
                }
            }
            HTML.element("section", [("class", "card"), ("aria-labelledby", "payments-heading")]) {
                HTML.element("h2", [("id", "payments-heading")]) { t(.invoicePayments) }
                if payments.isEmpty {
                    HTML.element("p") { t(.paymentsNone) }
                } else {
                    HTML.element("table") {
                        HTML.element("thead") {
                            HTML.element("tr") {
                                HTML.element("th", [("scope", "col")]) { t(.paymentDate) }
                                HTML.element("th", [("scope", "col"), ("class", "num")]) { t(.paymentAmount) }
                            }
                        }
                        HTML.element("tbody") {
                            for payment in payments {
                                HTML.element("tr") {
                                    HTML.element("td") { payment.reversed ? "\(payment.date) (↺)" : payment.date }
                                    HTML.element("td", [("class", "num")]) { "\(payment.amount) \(currency)" }
                                }
                            }
                        }
                    }
                }
            }
            HTML.element("section", [("class", "card"), ("aria-labelledby", "audit-heading"), ("id", "audit")]) {
                HTML.element("h2", [("id", "audit-heading")]) { t(.invoiceAudit) }
                if let audit {
                    if audit.isEmpty {
                        HTML.element("p") { t(.auditNone) }
                    } else {
                        DashboardBlocks.table([t(.auditWhen), t(.auditWho), t(.auditAction)]) {
                            for event in audit {
                                HTML.element("tr", [("data-action", event.text("action"))]) {
                                    HTML.element("td") { event.text("occurred_at") }
                                    HTML.element("td") { event["actor"]?.text("label") ?? "" }
                                    HTML.element("td") { event.text("action") }
                                }
                            }
                        }
                    }
                } else {
                    HTML.element("p") { t(.auditHidden) }
                }
            }
        }
        return DashboardResponse.html(html)
    }

    static func fact(_ term: String, _ value: String, id: String? = nil, value raw: String? = nil) -> HTML {
        .group {
            HTML.element("dt") { term }
            HTML.element("dd", [("id", id), ("data-value", raw)]) { value }
        }
    }

    // MARK: Actions

    /// Runs `action` through its API operation (with the session's CSRF token) and redirects to the invoice with
    /// the outcome; a refusal by role is a 403 page (the button was not shown: the post was forged).
    static func perform(_ action: Action, _ context: DashboardContext) -> Response {
        let t = context.language
        let id = context.request.parameters["id"] ?? ""
        let invoicePath = "/app/invoices/\(DashboardAPI.encode(id))"
        let answer: DashboardAPI.Answer
        switch action.segment {
        case "resend":
            let notifications = context.api.get("/v1/notifications", [("invoice_id", id), ("limit", "1")])?["data"]?.items ?? []
            guard let notification = notifications.first?.text("id"), !notification.isEmpty else {
                return DashboardResponse.redirect(
                    invoicePath, cookies: [DashboardFlash(ok: false, message: "\(t(.actionFailed)) \(t(.errorNotFound))").setCookie])
            }
            answer = context.api.call(
                .post, "/v1/notifications/\(DashboardAPI.encode(notification))/resend", json: "{}", csrfToken: context.session.csrfToken)
        case "credit":
            answer = context.api.call(.post, "/v1/invoices/\(DashboardAPI.encode(id))/credit-notes", json: "{}", csrfToken: context.session.csrfToken)
        default:
            answer = context.api.call(.post, "/v1/invoices/\(DashboardAPI.encode(id))/\(action.segment)", json: "{}", csrfToken: context.session.csrfToken)
        }
        if answer.status == 403 {
            return DashboardResponse.html(
                DashboardLayout.page(context, title: t(.errorTitle), current: "/app/invoices") {
                    HTML.element("p", [("class", "flash error"), ("role", "alert"), ("id", "error")]) { "\(t(.errorForbidden)) \(answer.problemDetail)" }
                }, status: .forbidden)
        }
        let flash = answer.isSuccess
            ? DashboardFlash(ok: true, message: "\(t(action.label)): \(t(.actionDone))")
            : DashboardFlash(ok: false, message: "\(t(.actionFailed)) \(answer.problemDetail)")
        return DashboardResponse.redirect(invoicePath, cookies: [flash.setCookie])
    }
}
