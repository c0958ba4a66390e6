import HTTPServer

/// `/app/settings`: the tenant's settings as the API reads them (`getTenant`); the owner edits a few safe fields
/// (name, time zone, invoice dating) through `PATCH /v1/tenant` (`updateTenant`), which validates them.
enum SettingsPages {
    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/settings", pages.page { try show($0) })
        router.post("/app/settings", pages.action { context in
            let form = DashboardForm(context.request)
            let json = DashboardBlocks.json { w in
                w.object { w in
                    for key in ["name", "time_zone", "invoice_dating"] {
                        if let value = form[key], !value.isEmpty { w.key(key); w.string(value) }
                    }
                }
            }
            return DashboardBlocks.perform(
                context, "/v1/tenant", method: .patch, json: json, label: context.t(.settingsSave), back: "/app/settings", current: "/app/settings")
        })
    }

    static func show(_ context: DashboardContext) throws -> Response {
        let t = context.language
        let tenant = try DashboardBlocks.one(context, "/v1/tenant")
        let html = DashboardLayout.page(context, title: t(.settingsTitle), current: "/app/settings") {
            HTML.element("div", [("class", "grid")]) {
                HTML.element("section", [("class", "card"), ("id", "settings")]) {
                    DashboardBlocks.facts(DashboardBlocks.pairs(tenant))
                }
                if context.may("updateTenant") {
                    HTML.element("section", [("class", "card"), ("aria-labelledby", "settings-edit")]) {
                        HTML.element("h2", [("id", "settings-edit")]) { t(.settingsEdit) }
                        HTML.element("form", [("method", "post"), ("action", "/app/settings"), ("id", "settings-form")]) {
                            context.csrfField
                            DashboardBlocks.input("s-name", name: "name", label: t(.settingsName), value: tenant.text("name"), required: true)
                            DashboardBlocks.input("s-time-zone", name: "time_zone", label: t(.settingsTimeZone), value: tenant.text("time_zone"), required: true)
                            DashboardBlocks.select(
                                "s-invoice-dating", name: "invoice_dating", label: t(.settingsInvoiceDating),
                                options: [("occurrence_date", t(.settingsOccurrenceDate)), ("eod_date", t(.settingsEODDate))],
                                selected: tenant.text("invoice_dating"), all: nil)
                            HTML.element("button", [("type", "submit")]) { t(.settingsSave) }
                        }
                    }
                }
            }
        }
        return DashboardResponse.html(html)
    }
}

/// `/app/users` (owner): the tenant's users, an invitation form (`POST /v1/users` without a password: the one-time
/// token is shown once on the answer page, never put in a cookie), and per user a role change and disable/enable
/// (`PATCH /v1/users/{id}`).
enum UserPages {
    static let roles = ["viewer", "accountant", "owner"]

    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/users", pages.page { list($0, invitation: nil) })
        router.post("/app/users", pages.action { invite($0) })
        router.post("/app/users/:id/role", pages.action { context in
            let role = DashboardForm(context.request)["role"] ?? ""
            return update(context, DashboardBlocks.json { w in w.object { w in w.key("role"); w.string(role) } }, label: .usersChangeRole)
        })
        router.post("/app/users/:id/disable", pages.action { update($0, #"{"disabled":true}"#, label: .usersDisable) })
        router.post("/app/users/:id/enable", pages.action { update($0, #"{"disabled":false}"#, label: .usersEnable) })
    }

    static func update(_ context: DashboardContext, _ json: String, label: DashboardText) -> Response {
        DashboardBlocks.perform(
            context, "/v1/users/\(DashboardAPI.encode(context.request.parameters["id"] ?? ""))", method: .patch, json: json,
            label: context.t(label), back: "/app/users", current: "/app/users")
    }

    static func roleLabel(_ role: String, _ t: DashboardLanguage) -> String {
        switch role {
        case "viewer": t(.roleViewer)
        case "accountant": t(.roleAccountant)
        case "owner": t(.roleOwner)
        default: role
        }
    }

    /// Invites through `POST /v1/users` without a password; the answer page shows the invitation token once.
    static func invite(_ context: DashboardContext) -> Response {
        let t = context.language
        let form = DashboardForm(context.request)
        let json = DashboardBlocks.json { w in
            w.object { w in
                w.key("email"); w.string(form["email"] ?? "")
                if let name = form["name"], !name.isEmpty { w.key("name"); w.string(name) }
                w.key("role"); w.string(form["role"] ?? "")
            }
        }
        let answer = context.api.call(.post, "/v1/users", json: json, csrfToken: context.session.csrfToken)
        if answer.isSuccess, let token = answer.json?.text("invitation_token"), !token.isEmpty {
            return list(context, invitation: (form["email"] ?? "", token))
        }
        return DashboardBlocks.outcome(context, answer, label: t(.usersInvite), back: "/app/users", current: "/app/users")
    }

    static func list(_ context: DashboardContext, invitation: (email: String, token: String)?) -> Response {
        let t = context.language
        let answer = context.api.call(.get, "/v1/users")
        let users = answer.isSuccess ? answer.json?["data"]?.items ?? [] : []
        let mayUpdate = context.may("updateUser")
        let html = DashboardLayout.page(context, title: t(.usersTitle), current: "/app/users") {
            if let invitation {
                HTML.element("div", [("class", "flash"), ("role", "status"), ("id", "invitation")]) {
                    HTML.element("p") { "\(t(.usersInvited)) \(invitation.email)" }
                    HTML.element("p") { HTML.element("code", [("id", "invitation-token")]) { invitation.token } }
                }
            }
            if !answer.isSuccess {
                DashboardBlocks.problem(answer)
            } else {
                HTML.element("div", [("class", "card")]) {
                    DashboardBlocks.table(
                        [t(.loginEmail), t(.settingsName), t(.usersRole), t(.filterStatus)] + (mayUpdate ? [t(.invoiceActions)] : []), id: "users"
                    ) {
                        for user in users {
                            let id = user.text("id")
                            let disabled = !user.text("disabled_at").isEmpty
                            HTML.element("tr", [("data-user", user.text("email")), ("data-role", user.text("role"))]) {
                                HTML.element("td") { user.text("email") }
                                HTML.element("td") { user.text("name") }
                                HTML.element("td") { roleLabel(user.text("role"), t) }
                                HTML.element("td") {
                                    disabled ? t(.usersDisabled) : user["has_password"] == .bool(false) ? t(.usersPending) : t(.recurringActive)
                                }
                                if mayUpdate {
                                    HTML.element("td", [("class", "actions")]) {
                                        HTML.element("form", [("method", "post"), ("action", "/app/users/\(DashboardAPI.encode(id))/role")]) {
                                            context.csrfField
                                            HTML.element("label", [("for", "role-\(id)"), ("class", "visually-hidden")]) { "\(t(.usersRole)) \(user.text("email"))" }
                                            HTML.element("select", [("id", "role-\(id)"), ("name", "role")]) {
                                                for role in roles {
                                                    HTML.element("option", [("value", role), ("selected", role == user.text("role") ? "" : nil)]) { roleLabel(role, t) }
                                                }
                                            }
                                            HTML.element("button", [("type", "submit")]) { t(.usersChangeRole) }
                                        }
                                        if disabled {
                                            context.actionForm("/app/users/\(DashboardAPI.encode(id))/enable", label: t(.usersEnable))
                                        } else {
                                            context.actionForm("/app/users/\(DashboardAPI.encode(id))/disable", label: t(.usersDisable), danger: true)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if context.may("createUser") {
                HTML.element("section", [("class", "card"), ("aria-labelledby", "invite-heading")]) {
                    HTML.element("h2", [("id", "invite-heading")]) { t(.usersInvite) }
                    HTML.element("form", [("method", "post"), ("action", "/app/users"), ("id", "invite")]) {
                        context.csrfField
                        DashboardBlocks.input("i-email", name: "email", label: t(.loginEmail), type: "email", required: true)
                        DashboardBlocks.input("i-name", name: "name", label: t(.settingsName))
                        DashboardBlocks.select(
                            "i-role", name: "role", label: t(.usersRole), options: roles.map { ($0, roleLabel($0, t)) }, selected: "viewer", all: nil)
                        HTML.element("button", [("type", "submit")]) { t(.usersInvite) }
                    }
                }
            }
        }
        return DashboardResponse.html(html, status: answer.status == 403 ? .forbidden : .ok)
    }
}
