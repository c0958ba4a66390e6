import Foundation
import HTTPServer
import Store

/// Users' login sessions over HTTP: `POST /v1/sessions` (log in: sets the `recur_session` cookie),
/// `GET /v1/sessions/current` (who am I, and the CSRF token), `DELETE /v1/sessions/current` (log out),
/// `POST /v1/sessions/revoke-all` (log out everywhere), and `POST /v1/invitations/accept` (an invited user sets a
/// password). docs/people.md, "Sessions".
enum SessionRoutes {
    static let tag = "Sessions"

    /// `Set-Cookie` of a new session: the token, for every path, unreadable by scripts, never sent cross-site,
    /// only over HTTPS (browsers also accept `Secure` cookies from `http://localhost`), for the session's 7 days.
    static func cookie(_ token: String) -> String {
        "\(Authenticator.sessionCookie)=\(token); Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=\(7 * 24 * 3600)"
    }

    /// `Set-Cookie` that makes the browser forget the session cookie.
    static let clearedCookie = "\(Authenticator.sessionCookie)=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"

    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "POST", "/v1/sessions", id: "createSession",
            summary: "Log in with e-mail and password (and a TOTP code when the user has TOTP on): sets the recur_session cookie (HttpOnly; Secure; SameSite=Strict) and answers the session with its csrf_token. Every failure is the same 401; 5 failures lock the user for 15 minutes",
            tag: tag, requiresAuth: false, request: "SessionCreate", status: 201, response: "Session",
            errors: [401, 403, 429, 503]),
        OpenAPIOperation(
            "GET", "/v1/sessions/current", id: "getCurrentSession",
            summary: "Who am I: the session's user, tenant, role and CSRF token (a session cookie only; 404 for an API key)",
            tag: tag, response: "Session", errors: [404]),
        OpenAPIOperation(
            "DELETE", "/v1/sessions/current", id: "deleteCurrentSession",
            summary: "Log out: ends this session and clears the cookie (X-CSRF-Token required; 404 for an API key)", tag: tag,
            status: 204, errors: [404]),
        OpenAPIOperation(
            "POST", "/v1/sessions/revoke-all", id: "revokeAllSessions",
            summary: "Log out everywhere: ends every session of this user, this one included (X-CSRF-Token required)",
            tag: tag, status: 204, errors: [404]),
        OpenAPIOperation(
            "POST", "/v1/invitations/accept", id: "acceptInvitation",
            summary: "An invited user sets a password with the one-time invitation token (valid 7 days), then logs in",
            tag: tag, requiresAuth: false, request: "InvitationAccept", status: 204, errors: [503]),
    ]

    static let schemas: [String: String] = [
        "SessionCreate": #"""
            {"type":"object","additionalProperties":false,"required":["tenant","email","password"],"properties":{
             \#(PeopleSchemas.tenant),
             "email":{"type":"string","minLength":1,"maxLength":254,"pattern":\#(PeopleSchemas.textPattern)},
             "password":{"type":"string","minLength":1,"maxLength":1024,"pattern":\#(PeopleSchemas.textPattern)},
             "totp":{"type":["string","null"],"maxLength":64,"pattern":\#(PeopleSchemas.textPattern),"description":"With TOTP on: the authenticator's current 6-digit code, or an unused recovery code; missing or wrong is the same 401 as a wrong password"}}}
            """#,
        "InvitationAccept": PeopleSchemas.tokenAndPassword,
        "Session": #"""
            {"type":"object","additionalProperties":false,"required":["user","tenant","role","csrf_token","expires_at"],
             "properties":{"user":{"$ref":"#/components/schemas/User"},
             "tenant":{"type":"string","description":"The tenant's slug"},
             "role":{"type":"string","enum":["viewer","accountant","owner"]},
             "csrf_token":{"type":"string","description":"Send it as X-CSRF-Token on every write made with the cookie"},
             "expires_at":{"type":"string","format":"date-time","description":"The absolute end; 12 hours without a request end it sooner"}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.post("/v1/sessions") { request in
            try ErrorMapping.mapped { try login(request, environment: environment) }
        }
        router.get("/v1/sessions/current", sessionHandler(environment) { request, access, session in
            let user = try environment.tenants.transaction(access) {
                try UserRepository($0, control: environment.tenants.control).get(session.userID)
            }
            return Response.json { w in write(user: user, access: access, session: session, into: &w) }
        })
        router.delete("/v1/sessions/current", sessionHandler(environment) { _, _, session in
            try environment.sessions.end(sessionID: session.id)
            return loggedOut()
        })
        router.post("/v1/sessions/revoke-all", sessionHandler(environment) { _, access, session in
            try environment.sessions.endAll(tenantID: access.tenant.id, userID: session.userID)
            return loggedOut()
        })
        router.post("/v1/invitations/accept") { request in
            try ErrorMapping.mapped { try acceptInvitation(request, environment: environment) }
        }
    }

    static func login(_ request: Request, environment: APIEnvironment) throws -> Response {
        try CSRFCheck.sameOrigin(request)
        let body = try JSONObjectReader(request.jsonBody())
        let tenant = body.string("tenant", maxLength: 63, allowEmpty: false)
        let email = body.string("email", maxLength: 254, allowEmpty: false)
        let password = body.string("password", maxLength: 1024, allowEmpty: false)
        let totp = body.optionalString("totp", maxLength: 64)
        try body.finish()
        let throttleKey = try environment.loginThrottle.check(
            request, tenant: tenant, type: "login-throttled", what: "failed logins")
        switch try environment.sessions.login(
            tenant: tenant, email: email, password: password, totp: totp, secrets: environment.secrets)
        {
        case .failure:
            environment.loginThrottle.recordFailure(throttleKey)
            throw Problem(
                status: .unauthorized, type: "login-failed", title: "Unauthorized",
                detail: "The tenant, e-mail, password or TOTP code is wrong, or the account is locked or disabled.")
        case .success(let login):
            guard let session = login.access.session else { throw Problem(status: .internalServerError) }
            request.context.tenant = login.access.tenant.slug
            var response = Response.json(status: .created) { w in
                write(user: login.user, access: login.access, session: session, into: &w)
            }
            response.headers.add("Set-Cookie", cookie(login.token))
            response.headers.add("Cache-Control", "no-store")
            return response
        }
    }

    /// The body of a one-time link's form (`{tenant, token, password}`: an invitation, a password reset), the
    /// password checked against ``PasswordRules``, and the active tenant it names; `invalid` (422 at `/token`, the
    /// same for every reason) when there is no such tenant.
    static func oneTimeLinkForm(
        _ request: Request, environment: APIEnvironment, invalid: Problem
    ) throws -> (tenant: TenantContext, token: String, password: String) {
        let body = try JSONObjectReader(request.jsonBody())
        let slug = body.string("tenant", maxLength: 63, allowEmpty: false)
        let token = body.string("token", maxLength: 128, allowEmpty: false)
        let password = body.string("password", maxLength: 1024, allowEmpty: false)
        if let violation = PasswordRules.violation(password) { body.addError("password", violation) }
        try body.finish()
        guard let tenant = try? environment.tenantService.context(slug: slug), tenant.status == .active else { throw invalid }
        request.context.tenant = tenant.slug
        return (tenant, token, password)
    }

    static func acceptInvitation(_ request: Request, environment: APIEnvironment) throws -> Response {
        let invalid = Problem.validation([FieldError(pointer: "/token", detail: "is not a valid invitation (unknown, used or expired)")])
        let (tenant, token, password) = try oneTimeLinkForm(request, environment: environment, invalid: invalid)
        let accepted = try environment.tenants.transaction(tenant) {
            try UserRepository($0, control: environment.tenants.control).acceptInvitation(token: token, password: password)
        }
        guard accepted else { throw invalid }
        return .noContent
    }

    /// Runs `body` for a request authenticated by a session cookie (roles and CSRF checked as for every route);
    /// an API key has no current session: 404.
    static func sessionHandler(
        _ environment: APIEnvironment,
        _ body: @escaping @Sendable (Request, TenantAccess, SessionCredential) throws -> Response
    ) -> Handler {
        { request in
            try ErrorMapping.mapped {
                try environment.withCheckedAccess(request) { access, _ in
                    guard let session = access.session else {
                        throw Problem.notFound(
                            "There is no current session: this request was authenticated by an API key, not the recur_session cookie.")
                    }
                    return try body(request, access, session)
                }
            }
        }
    }

    static func loggedOut() -> Response {
        var response = Response.noContent
        response.headers.add("Set-Cookie", clearedCookie)
        return response
    }

    static func write(user: User, access: TenantAccess, session: SessionCredential, into w: inout JSONWriter) {
        w.object { w in
            w.key("user"); UserRoutes.write(user, into: &w)
            w.key("tenant"); w.string(access.tenant.slug)
            w.key("role"); w.string(access.role.rawValue)
            w.key("csrf_token"); w.string(session.csrfToken)
            w.key("expires_at"); w.instant(session.expiresAt)
        }
    }
}
