import Domain
import HTTPServer
import Postgres
import Store

/// Forgotten passwords, without a key: `POST /v1/password-resets` e-mails a single-use link (valid 30 minutes) and
/// always answers the same 202, whether the account exists or not; `POST /v1/password-resets/accept` sets the new
/// password, ends every session of the user and clears the lockout. Both are audited under the user.
/// docs/people.md, "Password reset".
enum PasswordResetRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "POST", "/v1/password-resets", id: "requestPasswordReset",
            summary: "Forgotten password: e-mails a single-use link valid 30 minutes to the user of this tenant with this address, if there is one (at most one a minute). Always the same 202, whether the account exists or not; 5 requests in 15 minutes from one address for one tenant: 429",
            tag: SessionRoutes.tag, requiresAuth: false, request: "PasswordResetRequest", status: 202,
            response: "PasswordResetRequested", errors: [429, 503]),
        OpenAPIOperation(
            "POST", "/v1/password-resets/accept", id: "acceptPasswordReset",
            summary: "Sets a new password with the token of a password reset e-mail (single use, 30 minutes): ends every session of the user and clears the lockout",
            tag: SessionRoutes.tag, requiresAuth: false, request: "PasswordResetAccept", status: 204, errors: [503]),
    ]

    static let schemas: [String: String] = [
        "PasswordResetRequest": #"""
            {"type":"object","additionalProperties":false,"required":["tenant","email"],"properties":{
             \#(PeopleSchemas.tenant),
             "email":{"type":"string","minLength":1,"maxLength":254,"pattern":\#(PeopleSchemas.textPattern)}}}
            """#,
        "PasswordResetRequested": #"""
            {"type":"object","additionalProperties":false,"required":["status","detail"],"properties":{
             "status":{"type":"string","enum":["accepted"]},
             "detail":{"type":"string","description":"The same words whether the account exists or not"}}}
            """#,
        "PasswordResetAccept": PeopleSchemas.tokenAndPassword,
    ]

    /// The one answer of `POST /v1/password-resets`.
    static let requestedDetail =
        "If an account with this address exists in this tenant, a link to choose a new password has been sent to it; it works once, for 30 minutes."

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.post("/v1/password-resets") { request in
            try ErrorMapping.mapped { try requestReset(request, environment: environment) }
        }
        router.post("/v1/password-resets/accept") { request in
            try ErrorMapping.mapped { try acceptReset(request, environment: environment) }
        }
    }

    static func requestReset(_ request: Request, environment: APIEnvironment) throws -> Response {
        let body = try JSONObjectReader(request.jsonBody())
        let slug = body.string("tenant", maxLength: 63, allowEmpty: false)
        let email = body.string("email", maxLength: 254, allowEmpty: false)
        try body.finish()
        let throttleKey = try environment.resetThrottle.check(
            request, tenant: slug, type: "password-reset-throttled", what: "password reset requests")
        environment.resetThrottle.recordFailure(throttleKey)
        if let tenant = try? environment.tenantService.context(slug: slug), tenant.status == .active {
            request.context.tenant = tenant.slug
            try environment.tenants.transaction(tenant) { db in
                let mail = AccountMail(tenant: tenant, links: environment.accountLinks)
                guard let account = try UserRepository(db, control: environment.tenants.control)
                    .requestPasswordReset(email: email, mail: mail)
                else { return }
                try audit(request, action: "requestPasswordReset", status: 202, account: account, on: db)
            }
        }
        var response = Response.json(status: .accepted) { w in
            w.object { w in
                w.key("status"); w.string("accepted")
                w.key("detail"); w.string(requestedDetail)
            }
        }
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    static func acceptReset(_ request: Request, environment: APIEnvironment) throws -> Response {
        let invalid = Problem.validation([
            FieldError(pointer: "/token", detail: "is not a valid password reset (unknown, used or expired)")
        ])
        let (tenant, token, password) = try SessionRoutes.oneTimeLinkForm(request, environment: environment, invalid: invalid)
        let accepted = try environment.tenants.transaction(tenant) { db in
            guard let account = try UserRepository(
                db, control: environment.tenants.control, controlPool: environment.controlPool(apartFrom: tenant)
            ).acceptPasswordReset(token: token, password: password, tenantID: tenant.id)
            else { return false }
            try audit(request, action: "acceptPasswordReset", status: 204, account: account, on: db)
            return true
        }
        guard accepted else { throw invalid }
        return .noContent
    }

    /// The audit event of a request made without a key, under the user it concerns (in its transaction).
    static func audit(
        _ request: Request, action: String, status: Int, account: UserRepository.ResetAccount, on db: PostgresConnection
    ) throws {
        try AuditRepository(db).record(
            AuditEventDraft(
                actor: Principal(kind: .user, id: account.userID, label: account.email, role: account.role),
                action: action, method: request.method.rawValue, path: request.path, resourceType: "users",
                resourceID: String(account.userID), status: status, requestID: request.requestID,
                changes: AuditTrail.changes(request.body)))
    }
}
