import Domain
import HTTPServer
import Store

/// A tenant's users over HTTP, owner only: `GET /v1/users`, `POST /v1/users` (create with a password, or invite:
/// the one-time invitation token is answered once), `GET`/`PATCH /v1/users/{id}` (role, name, disabled). A change of
/// role or a disabling ends the user's sessions. docs/people.md, "Users".
enum UserRoutes {
    static let tag = "Users"

    static let idParameter = OpenAPIOperation.Parameter(
        "id", in: .path, required: true, schema: #"{"type":"integer","minimum":1,"maximum":9223372036854775807}"#)

    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "GET", "/v1/users", id: "listUsers", summary: "The tenant's users (at most 1000), oldest first; owner only",
            tag: tag, response: "UserList"),
        OpenAPIOperation(
            "POST", "/v1/users", id: "createUser",
            summary: "Add a user with a password, or invite one (no password: a one-time invitation token, valid 7 days, is answered once); owner only",
            tag: tag, request: "UserCreate", status: 201, response: "CreatedUser", errors: [409]),
        OpenAPIOperation(
            "GET", "/v1/users/:id", id: "getUser", summary: "One user; owner only", tag: tag, parameters: [idParameter],
            response: "User"),
        OpenAPIOperation(
            "PATCH", "/v1/users/:id", id: "updateUser",
            summary: "Change a user's role, name or disabled state (a role change or disabling ends the user's sessions; the tenant keeps one enabled owner: 409); owner only",
            tag: tag, parameters: [idParameter], request: "UserUpdate", response: "User", errors: [409]),
        OpenAPIOperation(
            "POST", "/v1/users/:id/invitation", id: "resendUserInvitation",
            summary: "Send an invited user (no password yet) a new invitation e-mail: a new token, valid 7 days, answered once; the previous one stops working (409 when the user has a password or is disabled); owner only",
            tag: tag, parameters: [idParameter], response: "CreatedUser", errors: [409]),
    ]

    static let schemas: [String: String] = [
        "User": #"""
            {"type":"object","additionalProperties":false,
             "required":["id","email","name","role","created_at","disabled_at","has_password","locked_until","totp_enabled"],
             "properties":{"id":{"type":"integer"},"email":{"type":"string"},"name":{"type":"string"},
             "role":{"type":"string","enum":["viewer","accountant","owner"]},
             "created_at":{"type":"string","format":"date-time"},
             "disabled_at":{"type":["string","null"],"format":"date-time"},
             "has_password":{"type":"boolean","description":"false for an invited user who has not set one yet"},
             "locked_until":{"type":["string","null"],"format":"date-time","description":"Set for 15 minutes after 5 failed logins"},
             "totp_enabled":{"type":"boolean","description":"Logging in also needs a TOTP code or a recovery code"}}}
            """#,
        "UserList": #"""
            {"type":"object","additionalProperties":false,"required":["data"],"properties":{
             "data":{"type":"array","items":{"$ref":"#/components/schemas/User"}}}}
            """#,
        "CreatedUser": #"""
            {"type":"object","additionalProperties":false,"required":["user","invitation_token"],"properties":{
             "user":{"$ref":"#/components/schemas/User"},
             "invitation_token":{"type":["string","null"],"description":"Shown once: the user sets a password with it (POST /v1/invitations/accept); it is also e-mailed to the user with the accept link. null when a password was given"}}}
            """#,
        "UserCreate": #"""
            {"type":"object","additionalProperties":false,"required":["email","role"],"properties":{
             "email":\#(OpenAPISchemas.email()),
             "name":{"type":["string","null"],"maxLength":200,"pattern":\#(PeopleSchemas.textPattern)},
             "role":{"type":"string","enum":["viewer","accountant","owner"]},
             "password":{"type":["string","null"],"minLength":12,"maxLength":128,"pattern":\#(PeopleSchemas.textPattern),"description":"Omit it (or null) to invite the user"}}}
            """#,
        "UserUpdate": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "name":{"type":["string","null"],"maxLength":200,"pattern":\#(PeopleSchemas.textPattern),"description":"null or absent: unchanged"},
             "role":{"type":["string","null"],"enum":["viewer","accountant","owner",null],"description":"null or absent: unchanged"},
             "disabled":{"type":["boolean","null"],"description":"null or absent: unchanged"}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        let control = environment.tenants.control
        router.get("/v1/users", environment.listHandler({ write($0, into: &$1) }) { r in
            try UserRepository(r.connection, control: control).list()
        })
        router.post("/v1/users", environment.tenantHandler { r in
            let body = try JSONObjectReader(r.request.jsonBody())
            let email = body.string("email", maxLength: 254, allowEmpty: false)
            let name = body.optionalString("name", maxLength: 200) ?? ""
            let role = body.enumValue("role", Role.self)
            let password = body.optionalString("password", maxLength: 1024)
            if let password, let violation = PasswordRules.violation(password) { body.addError("password", violation) }
            try body.finish()
            guard let role else { throw Problem.validation([FieldError(pointer: "/role", detail: "is required")]) }
            let created = try mapped {
                try UserRepository(r.connection, control: control).create(
                    email: email, name: name, role: role, password: password, invite: password == nil,
                    mail: AccountMail(tenant: r.tenant, links: environment.accountLinks))
            }
            return Response.json(status: .created) { w in
                w.object { w in
                    w.key("user"); write(created.user, into: &w)
                    w.key("invitation_token"); w.optionalString(created.invitationToken)
                }
            }
        })
        router.post("/v1/users/:id/invitation", environment.tenantHandler { r in
            let userID = try UserRoutes.id(r.request)
            let renewed = try mapped {
                try UserRepository(r.connection, control: control).renewInvitation(
                    userID, mail: AccountMail(tenant: r.tenant, links: environment.accountLinks))
            }
            return Response.json { w in
                w.object { w in
                    w.key("user"); write(renewed.user, into: &w)
                    w.key("invitation_token"); w.optionalString(renewed.invitationToken)
                }
            }
        })
        router.get("/v1/users/:id", environment.tenantHandler { r in
            let user = try mapped { try UserRepository(r.connection, control: control).get(try UserRoutes.id(r.request)) }
            return Response.json { w in write(user, into: &w) }
        })
        router.patch("/v1/users/:id", environment.tenantHandler { r in
            let userID = try UserRoutes.id(r.request)
            let body = try JSONObjectReader(r.request.jsonBody())
            let name = body.optionalString("name", maxLength: 200)
            let role = body.optionalEnumValue("role", Role.self)
            let disabled = body.optionalBool("disabled")
            try body.finish()
            let user = try mapped {
                try UserRepository(r.connection, control: control, controlPool: environment.controlPool(apartFrom: r.tenant)).update(
                    userID, tenantID: r.tenant.id, role: role, name: name, disabled: disabled)
            }
            return Response.json { w in write(user, into: &w) }
        })
    }

    /// The path's user id: 404 unless a positive integer.
    static func id(_ request: Request) throws -> Int64 {
        guard let id = Int64(try request.parameter("id")), id > 0 else { throw Problem.notFound("No user with this id.") }
        return id
    }

    /// ``UserError`` as problem+json: a bad field 422 naming it, a taken e-mail or the last owner 409, 404.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as UserError {
            switch error {
            case .invalid(let field, let detail):
                throw Problem.validation([FieldError(pointer: "/\(field)", detail: detail)])
            case .duplicateEmail, .lastOwner, .notInvitable, .totpState: throw Problem.conflict(error.description.prefix(1).uppercased() + error.description.dropFirst() + ".")
            case .notFound: throw Problem.notFound("No user with this id.")
            }
        }
    }

    static func write(_ user: User, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.number(String(user.id))
            w.key("email"); w.string(user.email)
            w.key("name"); w.string(user.name)
            w.key("role"); w.string(user.role.rawValue)
            w.key("created_at"); w.instant(user.createdAt)
            w.key("disabled_at"); w.instant(user.disabledAt)
            w.key("has_password"); w.bool(user.hasPassword)
            w.key("locked_until"); w.instant(user.lockedUntil)
            w.key("totp_enabled"); w.bool(user.totpEnabled)
        }
    }
}
