import Domain
import HTTPServer
import Store

/// The web dashboard at `/app` (issue 26; docs/dashboard.md): server-rendered HTML pages over the documented API
/// (``DashboardAPI``). These routes are not API operations: they are not in the OpenAPI document, and
/// ``RecurAPI/makeServerRouter(_:)`` adds them beside the API's router (``RecurAPI/makeRouter(_:)``, which the
/// document test compares with the document).
enum DashboardRoutes {
    static let prefix = "/app"

    /// Registers every dashboard page on `router`; `api` is the API's own router the pages call.
    static func register(on router: inout Router, api: Router, environment: APIEnvironment) {
        let pages = DashboardPages(api: api, environment: environment)
        router.get("/app/assets/:file", inline: true) { request in
            guard request.parameters["file"] == DashboardStyle.fileName else {
                return DashboardResponse.secured(Response(status: .notFound))
            }
            return DashboardResponse.secured(Response(
                headers: HTTPHeaders([
                    ("Content-Type", "text/css; charset=utf-8"), ("Cache-Control", "public, max-age=31536000, immutable"),
                ]), body: DashboardStyle.bytes))
        }
        router.get("/app/login") { pages.loginPage($0) }
        router.post("/app/login") { pages.login($0) }
        AccountLinkPages.register(on: &router, pages: pages)
        router.post("/app/logout", pages.action { context in
            let answer = context.api.call(.delete, "/v1/sessions/current", csrfToken: context.session.csrfToken)
            return DashboardResponse.redirect(
                "/app/login", cookies: answer.headers.values(for: "set-cookie") + [DashboardFlash(ok: true, message: context.t(.loggedOut)).setCookie])
        })
        router.get("/app", pages.page { HomePage.render($0) })
        InvoicePages.register(on: &router, pages: pages)
        RecurringPages.register(on: &router, pages: pages)
        ExpensePages.register(on: &router, pages: pages)
        BudgetPages.register(on: &router, pages: pages)
        NotificationPages.register(on: &router, pages: pages)
        EODRunPages.register(on: &router, pages: pages)
        AuditPages.register(on: &router, pages: pages)
        SettingsPages.register(on: &router, pages: pages)
        UserPages.register(on: &router, pages: pages)
        AccountPages.register(on: &router, pages: pages)
    }
}

/// The wrappers every dashboard handler goes through: the session (else the login page), the language, the flash
/// message, the security headers; for a form post, the CSRF check first.
struct DashboardPages: Sendable {
    let api: Router
    let environment: APIEnvironment

    /// A page for a logged-in user (`GET`).
    func page(_ body: @escaping @Sendable (DashboardContext) throws -> Response) -> Handler {
        handler(isAction: false, body)
    }

    /// A form post of a logged-in user: refused (403 page) without the session's `csrf_token` field or from
    /// another origin; it then calls the API operation it stands for, which checks the role again.
    func action(_ body: @escaping @Sendable (DashboardContext) throws -> Response) -> Handler {
        handler(isAction: true, body)
    }

    private func handler(isAction: Bool, _ body: @escaping @Sendable (DashboardContext) throws -> Response) -> Handler {
        let environment = self.environment
        let api = self.api
        return { request in
            let (language, chosen) = DashboardLanguage.of(request)
            let access: TenantAccess
            do {
                access = try environment.authenticator.access(for: request)
            } catch let problem as Problem where problem.status.code == 401 {
                return DashboardResponse.redirect(loginLocation(request))
            } catch let problem as Problem where problem.status.code == 403 {
                return errorPage(language, status: .forbidden, message: problem.detail ?? language(.errorForbidden))
            } catch {
                return errorPage(language, status: .serviceUnavailable, message: language(.errorUnavailable))
            }
            guard let session = access.session else { return DashboardResponse.redirect(loginLocation(request)) }
            request.context.tenant = access.tenant.slug
            if isAction {
                do {
                    try CSRFCheck.check(request, access)
                } catch {
                    return errorPage(language, status: .forbidden, message: language(.errorCSRF))
                }
            }
            let flash = isAction ? nil : DashboardFlash.of(request)
            let context = DashboardContext(
                request: request, access: access, session: session, language: language,
                api: DashboardAPI(router: api, request: request), flash: flash)
            var response: Response
            do {
                response = try body(context)
            } catch let problem as Problem {
                response = errorPage(language, status: problem.status, message: problem.detail ?? problem.title)
            }
            if flash != nil { response.headers.add("Set-Cookie", DashboardFlash.cleared) }
            if chosen { response.headers.add("Set-Cookie", languageCookie(language)) }
            return DashboardResponse.secured(response)
        }
    }

    func languageCookie(_ language: DashboardLanguage) -> String {
        "\(DashboardLanguage.cookie)=\(language.rawValue); Path=/app; Secure; SameSite=Strict; Max-Age=31536000"
    }

    func loginLocation(_ request: Request) -> String {
        let next = request.method == .get ? request.path : "/app"
        return next == "/app" ? "/app/login" : "/app/login?next=\(DashboardAPI.encode(next))"
    }

    /// A page for someone who may not be logged in (errors, the login page).
    func errorPage(_ language: DashboardLanguage, status: HTTPStatus, message: String) -> Response {
        DashboardResponse.html(
            DashboardLayout.document(language: language, title: language(.errorTitle)) {
                HTML.element("main", [("id", "main"), ("class", "login")]) {
                    HTML.element("h1") { language(.errorTitle) }
                    HTML.element("p", [("class", "flash error"), ("role", "alert"), ("id", "error")]) { message }
                    HTML.element("p") { HTML.element("a", [("href", "/app")]) { language(.navHome) } }
                }
            }, status: status)
    }

    // MARK: Login

    func loginPage(_ request: Request) -> Response {
        let (language, chosen) = DashboardLanguage.of(request)
        if let access = try? environment.authenticator.access(for: request), access.session != nil {
            return DashboardResponse.redirect(DashboardResponse.safeNext(request.query("next")))
        }
        var response = loginForm(
            language, next: request.query("next"), tenant: "", email: "", flash: DashboardFlash.of(request), status: .ok)
        if DashboardFlash.of(request) != nil { response.headers.add("Set-Cookie", DashboardFlash.cleared) }
        if chosen { response.headers.add("Set-Cookie", languageCookie(language)) }
        return response
    }

    /// Logs in through `POST /v1/sessions` (the API's login: throttling, lockout, same answer for every failure,
    /// the same-origin check) and passes its cookie on.
    func login(_ request: Request) -> Response {
        let (language, _) = DashboardLanguage.of(request)
        let form = DashboardForm(request)
        let tenant = form["tenant"] ?? "", email = form["email"] ?? "", password = form["password"] ?? ""
        let next = form["next"]
        guard !tenant.isEmpty, !email.isEmpty, !password.isEmpty else {
            return loginForm(language, next: next, tenant: tenant, email: email,
                             flash: DashboardFlash(ok: false, message: language(.loginMissing)), status: .unprocessableContent)
        }
        var w = JSONWriter()
        w.object { w in
            w.key("tenant"); w.string(tenant)
            w.key("email"); w.string(email)
            w.key("password"); w.string(password)
            if let code = form["totp"], !code.isEmpty { w.key("totp"); w.string(code) }
        }
        let answer = DashboardAPI(router: api, request: request).call(
            .post, "/v1/sessions", json: String(decoding: w.bytes, as: UTF8.self))
        switch answer.status {
        case 201:
            return DashboardResponse.redirect(DashboardResponse.safeNext(next), cookies: answer.headers.values(for: "set-cookie"))
        case 429:
            var response = loginForm(language, next: next, tenant: tenant, email: email,
                                     flash: DashboardFlash(ok: false, message: language(.loginThrottled)), status: .tooManyRequests)
            if let retry = answer.headers["retry-after"] { response.headers.set("Retry-After", retry) }
            return response
        case 403:
            return errorPage(language, status: .forbidden, message: answer.problemDetail)
        case 401, 422:
            return loginForm(language, next: next, tenant: tenant, email: email,
                             flash: DashboardFlash(ok: false, message: language(.loginFailed)), status: .unauthorized)
        default:
            return errorPage(language, status: HTTPStatus(code: answer.status), message: language(.errorUnavailable))
        }
    }

    func loginForm(
        _ t: DashboardLanguage, next: String?, tenant: String, email: String, flash: DashboardFlash?, status: HTTPStatus
    ) -> Response {
        DashboardResponse.html(
            DashboardLayout.document(language: t, title: t(.loginTitle)) {
                HTML.element("main", [("id", "main"), ("class", "login card")]) {
                    HTML.element("h1") { t(.loginTitle) }
                    if let flash { DashboardLayout.flashBox(flash, t) }
                    HTML.element("form", [("method", "post"), ("action", "/app/login"), ("id", "login")]) {
                        if let next { HTML.element("input", [("type", "hidden"), ("name", "next"), ("value", DashboardResponse.safeNext(next))]) }
                        Self.field(id: "tenant", label: t(.loginTenant), type: "text", value: tenant, autocomplete: "organization")
                        Self.field(id: "email", label: t(.loginEmail), type: "email", value: email, autocomplete: "username")
                        Self.field(id: "password", label: t(.loginPassword), type: "password", value: nil, autocomplete: "current-password")
                        HTML.element("div", [("class", "field")]) {
                            HTML.element("label", [("for", "totp")]) { t(.loginTOTP) }
                            HTML.element("input", [
                                ("id", "totp"), ("name", "totp"), ("type", "text"), ("inputmode", "numeric"),
                                ("autocomplete", "one-time-code"), ("maxlength", "32"),
                            ])
                        }
                        HTML.element("button", [("type", "submit")]) { t(.loginSubmit) }
                    }
                    HTML.element("p") { HTML.element("a", [("href", "/app/password-resets")]) { t(.forgotPassword) } }
                    DashboardLayout.languageSwitch(t, path: "/app/login")
                }
            }, status: status)
    }

    static func field(id: String, label: String, type: String, value: String?, autocomplete: String) -> HTML {
        .element("div", [("class", "field")]) {
            HTML.element("label", [("for", id)]) { label }
            HTML.element("input", [
                ("id", id), ("name", id), ("type", type), ("value", value), ("autocomplete", autocomplete), ("required", ""),
            ])
        }
    }
}

/// An `application/x-www-form-urlencoded` body's fields (the first value of each name).
struct DashboardForm: Sendable {
    let items: [QueryItem]

    init(_ request: Request) {
        items = CSRFCheck.isForm(request) ? QueryItem.parse(String(decoding: request.body, as: UTF8.self)) : []
    }

    subscript(name: String) -> String? { items.first { $0.name == name }?.value }
}

extension RecurAPI {
    /// The server's router: the API (``makeRouter(_:)``, exactly what the OpenAPI document describes) and, beside it,
    /// the dashboard's HTML pages under `/app` (``DashboardRoutes``), which call the API's router in-process.
    public static func makeServerRouter(_ environment: APIEnvironment) -> Router {
        let api = makeRouter(environment)
        var router = api
        DashboardRoutes.register(on: &router, api: api, environment: environment)
        return router
    }
}
