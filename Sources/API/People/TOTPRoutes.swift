import Foundation
import HTTPServer
import Postgres
import Store

/// Optional TOTP of the logged-in user (a session cookie only, like `/v1/sessions/current`): start the enrolment
/// (the secret, base32 and as an `otpauth://` URI), confirm it with a code (recovery codes, shown once), disable it
/// with a code or a recovery code. Each is audited under the user. docs/people.md, "TOTP".
enum TOTPRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "POST", "/v1/sessions/current/totp", id: "startTOTPEnrolment",
            summary: "Start (or restart) TOTP enrolment for the session's user: a new secret, shown once (base32 and otpauth:// URI), enabled only when confirmed with a code (X-CSRF-Token required; 409 when TOTP is already on or the server has no RECUR_SECRETS_KEY; 404 for an API key)",
            tag: SessionRoutes.tag, status: 201, response: "TOTPEnrolment", errors: [404, 409]),
        OpenAPIOperation(
            "POST", "/v1/sessions/current/totp/confirm", id: "confirmTOTPEnrolment",
            summary: "Confirm TOTP enrolment with the authenticator's current code: TOTP is on from now and 10 recovery codes are answered, once (422 at /code for a wrong code; 409 when no enrolment was started)",
            tag: SessionRoutes.tag, request: "TOTPCode", response: "TOTPRecoveryCodes", errors: [404, 409]),
        OpenAPIOperation(
            "POST", "/v1/sessions/current/totp/disable", id: "disableTOTP",
            summary: "Turn TOTP off with a current code or an unused recovery code (422 at /code otherwise; 409 when TOTP is off)",
            tag: SessionRoutes.tag, request: "TOTPCode", status: 204, errors: [404, 409]),
    ]

    static let schemas: [String: String] = [
        "TOTPEnrolment": #"""
            {"type":"object","additionalProperties":false,"required":["secret","otpauth_uri","digits","period","algorithm"],"properties":{
             "secret":{"type":"string","description":"Base32 (RFC 4648, no padding), to type into an authenticator"},
             "otpauth_uri":{"type":"string","description":"otpauth://totp/… for a QR code"},
             "digits":{"type":"integer","enum":[6]},"period":{"type":"integer","enum":[30]},
             "algorithm":{"type":"string","enum":["SHA1"]}}}
            """#,
        "TOTPCode": #"""
            {"type":"object","additionalProperties":false,"required":["code"],"properties":{
             "code":{"type":"string","minLength":1,"maxLength":64,"pattern":\#(PeopleSchemas.textPattern),"description":"The authenticator's current 6-digit code (or, to disable, an unused recovery code)"}}}
            """#,
        "TOTPRecoveryCodes": #"""
            {"type":"object","additionalProperties":false,"required":["recovery_codes"],"properties":{
             "recovery_codes":{"type":"array","minItems":10,"maxItems":10,"items":{"type":"string"},"description":"Shown once; each logs in once in place of a TOTP code"}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        let control = environment.tenants.control
        router.post("/v1/sessions/current/totp", SessionRoutes.sessionHandler(environment) { request, access, session in
            let enrolment = try UserRoutes.mapped {
                try environment.tenants.transaction(access) { db in
                    let enrolment = try UserRepository(db, control: control).startTOTP(
                        userID: session.userID, tenant: access.tenant, secrets: environment.secrets)
                    try audit(request, "startTOTPEnrolment", status: 201, access: access, on: db)
                    return enrolment
                }
            }
            var response = Response.json(status: .created) { w in
                w.object { w in
                    w.key("secret"); w.string(Base32.encode(enrolment.secret))
                    w.key("otpauth_uri"); w.string(enrolment.uri)
                    w.key("digits"); w.number(String(TOTP.digits))
                    w.key("period"); w.number(String(TOTP.period))
                    w.key("algorithm"); w.string("SHA1")
                }
            }
            response.headers.add("Cache-Control", "no-store")
            return response
        })
        router.post("/v1/sessions/current/totp/confirm", SessionRoutes.sessionHandler(environment) { request, access, session in
            let code = try self.code(request)
            let codes = try UserRoutes.mapped {
                try environment.tenants.transaction(access) { db in
                    let codes = try UserRepository(db, control: control).confirmTOTP(
                        userID: session.userID, code: code, tenant: access.tenant, secrets: environment.secrets)
                    try audit(request, "confirmTOTPEnrolment", status: 200, access: access, on: db)
                    return codes
                }
            }
            var response = Response.json { w in
                w.object { w in w.key("recovery_codes"); w.array { w in for code in codes { w.string(code) } } }
            }
            response.headers.add("Cache-Control", "no-store")
            return response
        })
        router.post("/v1/sessions/current/totp/disable", SessionRoutes.sessionHandler(environment) { request, access, session in
            let code = try self.code(request)
            try UserRoutes.mapped {
                try environment.tenants.transaction(access) { db in
                    try UserRepository(db, control: control).disableTOTP(
                        userID: session.userID, code: code, tenant: access.tenant, secrets: environment.secrets)
                    try audit(request, "disableTOTP", status: 204, access: access, on: db)
                }
            }
            return .noContent
        })
    }

    /// The body's `code`.
    static func code(_ request: Request) throws -> String {
        let body = try JSONObjectReader(request.jsonBody())
        let code = body.string("code", maxLength: 64, allowEmpty: false)
        try body.finish()
        return code
    }

    /// The audit event, without the body: a code (a recovery code, perhaps) never reaches the trail.
    static func audit(_ request: Request, _ action: String, status: Int, access: TenantAccess, on db: PostgresConnection) throws {
        try AuditRepository(db).record(
            AuditEventDraft(
                actor: access.actor, action: action, method: request.method.rawValue, path: request.path,
                resourceType: "users", resourceID: access.session.map { String($0.userID) }, status: status,
                requestID: request.requestID, changes: nil))
    }
}
