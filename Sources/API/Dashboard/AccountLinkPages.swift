import HTTPServer

/// The pages the links e-mailed to people open (docs/people.md): accepting an invitation and resetting a forgotten
/// password, plus the form that asks for a reset. Nobody is logged in on them; each form posts to the API's own
/// operation in-process (`acceptInvitation`, `requestPasswordReset`, `acceptPasswordReset`), so the token checks,
/// password rules, throttling and audit are the API's.
enum AccountLinkPages {
    /// One kind of e-mailed link: where it opens and which operation sets the password.
    private struct Link {
        let path: String
        let operationPath: String
        let title: DashboardText
        let intro: DashboardText
    }

    private static let invitation = Link(
        path: "/app/invitations/accept", operationPath: "/v1/invitations/accept", title: .invitationTitle,
        intro: .invitationIntro)
    private static let reset = Link(
        path: "/app/password-resets/accept", operationPath: "/v1/password-resets/accept", title: .resetChooseTitle,
        intro: .invitationIntro)

    static func register(on router: inout Router, pages: DashboardPages) {
        for link in [invitation, reset] {
            router.get(link.path) { request in
                let (language, _) = DashboardLanguage.of(request)
                return passwordForm(
                    link, language, tenant: request.query("tenant") ?? "", token: request.query("token") ?? "",
                    flash: nil, status: .ok)
            }
            router.post(link.path) { request in setPassword(link, request, pages: pages) }
        }
        router.get("/app/password-resets") { request in
            resetRequestForm(DashboardLanguage.of(request).language, flash: nil, status: .ok)
        }
        router.post("/app/password-resets") { request in requestReset(request, pages: pages) }
    }

    /// Sets the password through the link's operation; success goes to the login page with a message.
    private static func setPassword(_ link: Link, _ request: Request, pages: DashboardPages) -> Response {
        let (language, _) = DashboardLanguage.of(request)
        let form = DashboardForm(request)
        let tenant = form["tenant"] ?? "", token = form["token"] ?? "", password = form["password"] ?? ""
        var w = JSONWriter()
        w.object { w in
            w.key("tenant"); w.string(tenant)
            w.key("token"); w.string(token)
            w.key("password"); w.string(password)
        }
        let answer = DashboardAPI(router: pages.api, request: request).call(
            .post, link.operationPath, json: String(decoding: w.bytes, as: UTF8.self))
        if answer.isSuccess {
            return DashboardResponse.redirect(
                "/app/login", cookies: [DashboardFlash(ok: true, message: language(.passwordSet)).setCookie])
        }
        let pointers = answer.json?["errors"]?.items.compactMap { $0["pointer"]?.stringValue } ?? []
        if answer.status == 422, pointers.allSatisfy({ $0 == "/password" }), !pointers.isEmpty {
            return passwordForm(
                link, language, tenant: tenant, token: token, flash: DashboardFlash(ok: false, message: answer.problemDetail),
                status: .unprocessableContent)
        }
        if answer.status == 422 || answer.status == 404 || answer.status == 409 || answer.status == 410 {
            return pages.errorPage(language, status: .unprocessableContent, message: language(.linkInvalid))
        }
        return pages.errorPage(language, status: HTTPStatus(code: answer.status), message: answer.problemDetail)
    }

    /// Asks for a reset e-mail; the answer is the same whether the account exists or not (as the API's).
    private static func requestReset(_ request: Request, pages: DashboardPages) -> Response {
        let (language, _) = DashboardLanguage.of(request)
        let form = DashboardForm(request)
        var w = JSONWriter()
        w.object { w in
            w.key("tenant"); w.string(form["tenant"] ?? "")
            w.key("email"); w.string(form["email"] ?? "")
        }
        let answer = DashboardAPI(router: pages.api, request: request).call(
            .post, "/v1/password-resets", json: String(decoding: w.bytes, as: UTF8.self))
        switch answer.status {
        case 200..<300:
            return resetRequestForm(language, flash: DashboardFlash(ok: true, message: language(.resetSent)), status: .accepted)
        case 429:
            var response = resetRequestForm(
                language, flash: DashboardFlash(ok: false, message: language(.loginThrottled)), status: .tooManyRequests)
            if let retry = answer.headers["retry-after"] { response.headers.set("Retry-After", retry) }
            return response
        case 422:
            return resetRequestForm(
                language, flash: DashboardFlash(ok: false, message: answer.problemDetail), status: .unprocessableContent)
        default:
            return pages.errorPage(language, status: HTTPStatus(code: answer.status), message: answer.problemDetail)
        }
    }

    private static func passwordForm(
        _ link: Link, _ t: DashboardLanguage, tenant: String, token: String, flash: DashboardFlash?, status: HTTPStatus
    ) -> Response {
        DashboardResponse.html(
            DashboardLayout.document(language: t, title: t(link.title)) {
                HTML.element("main", [("id", "main"), ("class", "login card")]) {
                    HTML.element("h1") { t(link.title) }
                    if let flash { DashboardLayout.flashBox(flash, t) }
                    HTML.element("p") { t(link.intro) }
                    HTML.element("form", [("method", "post"), ("action", link.path), ("id", "set-password")]) {
                        HTML.element("input", [("type", "hidden"), ("name", "tenant"), ("value", tenant)])
                        HTML.element("input", [("type", "hidden"), ("name", "token"), ("value", token)])
                        DashboardPages.field(
                            id: "password", label: t(.newPassword), type: "password", value: nil, autocomplete: "new-password")
                        HTML.element("button", [("type", "submit")]) { t(.setPassword) }
                    }
                }
            }, status: status)
    }

    private static func resetRequestForm(_ t: DashboardLanguage, flash: DashboardFlash?, status: HTTPStatus) -> Response {
        DashboardResponse.html(
            DashboardLayout.document(language: t, title: t(.resetTitle)) {
                HTML.element("main", [("id", "main"), ("class", "login card")]) {
                    HTML.element("h1") { t(.resetTitle) }
                    if let flash { DashboardLayout.flashBox(flash, t) }
                    HTML.element("p") { t(.resetIntro) }
                    HTML.element("form", [("method", "post"), ("action", "/app/password-resets"), ("id", "reset-request")]) {
                        DashboardPages.field(id: "tenant", label: t(.loginTenant), type: "text", value: nil, autocomplete: "organization")
                        DashboardPages.field(id: "email", label: t(.loginEmail), type: "email", value: nil, autocomplete: "username")
                        HTML.element("button", [("type", "submit")]) { t(.resetRequest) }
                    }
                    HTML.element("p") { HTML.element("a", [("href", "/app/login")]) { t(.loginTitle) } }
                }
            }, status: status)
    }
}
