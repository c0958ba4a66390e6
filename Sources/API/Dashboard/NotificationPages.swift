import Domain
import HTTPServer

/// `/app/notifications`: what was sent and where each is on its way out (filters: kind, status, recipient), with
/// a resend form per notification (`POST /app/notifications/{id}/resend` → `resendNotification`).
enum NotificationPages {
    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/notifications", pages.page { list($0) })
        router.post("/app/notifications/:id/resend", pages.action { context in
            DashboardBlocks.perform(
                context, "/v1/notifications/\(DashboardAPI.encode(context.request.parameters["id"] ?? ""))/resend",
                label: context.t(.actionResend), back: "/app/notifications", current: "/app/notifications")
        })
    }

    static func statusLabel(_ status: String, _ t: DashboardLanguage) -> String {
        switch status {
        case "pending": t(.deliveryPending)
        case "sending": t(.deliverySending)
        case "sent": t(.deliverySent)
        case "retrying": t(.deliveryRetrying)
        case "failed": t(.deliveryFailed)
        case "cancelled": t(.deliveryCancelled)
        default: status
        }
    }

    static func list(_ context: DashboardContext) -> Response {
        let t = context.language
        let request = context.request
        let query = DashboardBlocks.query(request, ["kind", "status", "recipient", "cursor"])
        let answer = context.api.call(.get, "/v1/notifications", query: query + [("limit", "25")])
        let notifications = answer.isSuccess ? answer.json?["data"]?.items ?? [] : []
        let mayResend = context.may("resendNotification")
        let html = DashboardLayout.page(context, title: t(.notificationsTitle), current: "/app/notifications") {
            DashboardBlocks.filters("/app/notifications", t) {
                DashboardBlocks.select(
                    "f-kind", name: "kind", label: t(.notificationKind), options: NotificationKind.allCases.map { ($0.wireValue, $0.wireValue) },
                    selected: request.query("kind"), all: t(.filterAll))
                DashboardBlocks.select(
                    "f-status", name: "status", label: t(.filterStatus),
                    options: NotificationStatus.allCases.map { ($0.wireValue, statusLabel($0.wireValue, t)) },
                    selected: request.query("status"), all: t(.filterAll))
                DashboardBlocks.input("f-recipient", name: "recipient", label: t(.notificationRecipient), type: "email", value: request.query("recipient"))
            }
            DashboardBlocks.listBody(answer, notifications, none: t(.notificationsNone)) {
                DashboardBlocks.table(
                    [t(.auditWhen), t(.notificationKind), t(.notificationRecipient), t(.notificationSubject), t(.filterStatus),
                     t(.notificationAttempts), t(.notificationError)] + (mayResend ? [t(.invoiceActions)] : []),
                    numeric: [5], id: "notifications"
                ) {
                    for notification in notifications {
                        let id = notification.text("id")
                        HTML.element("tr", [("data-notification", id), ("data-status", notification.text("status"))]) {
                            HTML.element("td") { notification.text("created_at") }
                            HTML.element("td") { notification.text("kind") }
                            HTML.element("td") { notification.text("recipient").isEmpty ? t(.notificationAlertRecipients) : notification.text("recipient") }
                            HTML.element("td") {
                                if !notification.text("invoice_id").isEmpty {
                                    HTML.element("a", [("href", "/app/invoices/\(DashboardAPI.encode(notification.text("invoice_id")))")]) {
                                        notification.text("subject")
                                    }
                                } else {
                                    notification.text("subject")
                                }
                            }
                            HTML.element("td") { statusLabel(notification.text("status"), t) }
                            HTML.element("td", [("class", "num")]) { notification.text("attempts") }
                            HTML.element("td") { notification.text("last_error") }
                            if mayResend {
                                HTML.element("td") {
                                    context.actionForm("/app/notifications/\(DashboardAPI.encode(id))/resend", label: t(.actionResend))
                                }
                            }
                        }
                    }
                }
            }
            DashboardBlocks.pager("/app/notifications", query: query, next: answer.json?["next_cursor"]?.stringValue, isFirst: request.query("cursor") == nil, t)
        }
        return DashboardResponse.html(html)
    }
}

/// `/app/eod-runs`: the tenant's end-of-day runs, newest first, with what each posted; a form to start one
/// (`POST /app/eod-runs` → `createEODRun`, optional business date) when the role may.
enum EODRunPages {
    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/eod-runs", pages.page { list($0) })
        router.post("/app/eod-runs", pages.action { context in
            let asOf = DashboardForm(context.request)["as_of"] ?? ""
            let json = asOf.isEmpty ? "{}" : DashboardBlocks.json { w in w.object { w in w.key("as_of"); w.string(asOf) } }
            return DashboardBlocks.perform(
                context, "/v1/eod-runs", json: json, label: context.t(.eodStart), back: "/app/eod-runs", current: "/app/eod-runs")
        })
    }

    static func list(_ context: DashboardContext) -> Response {
        let t = context.language
        let answer = context.api.call(.get, "/v1/eod-runs", query: [("limit", "50")])
        let runs = answer.isSuccess ? answer.json?["data"]?.items ?? [] : []
        let html = DashboardLayout.page(context, title: t(.eodTitle), current: "/app/eod-runs") {
            if context.may("createEODRun") {
                HTML.element("form", [("class", "filters card"), ("method", "post"), ("action", "/app/eod-runs"), ("id", "eod-start")]) {
                    context.csrfField
                    DashboardBlocks.input("eod-as-of", name: "as_of", label: t(.eodAsOf), type: "date")
                    HTML.element("button", [("type", "submit")]) { t(.eodStart) }
                }
            }
            DashboardBlocks.listBody(answer, runs, none: t(.eodNone)) {
                DashboardBlocks.table(
                    [t(.eodAsOf), t(.filterStatus), t(.eodRequestedBy), t(.eodStarted), t(.eodFinished), t(.eodCounts), t(.notificationError)],
                    id: "eod-runs"
                ) {
                    for run in runs {
                        HTML.element("tr", [("data-run", run.text("id")), ("data-status", run.text("status"))]) {
                            HTML.element("td") { run.text("as_of") }
                            HTML.element("td") { run.text("status") }
                            HTML.element("td") { run.text("requested_by") }
                            HTML.element("td") { run.text("started_at") }
                            HTML.element("td") { run.text("finished_at") }
                            HTML.element("td") {
                                DashboardBlocks.pairs(run["counts"]).filter { $0.1 != "0" }.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
                            }
                            HTML.element("td") { run.text("error") }
                        }
                    }
                }
            }
        }
        return DashboardResponse.html(html)
    }
}
