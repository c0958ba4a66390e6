import Domain
import HTTPServer
import Store

/// Who may call what: the one table from each OpenAPI operation to the least role that may call it.
///
/// The table is derived by a rule, so a route added later needs no edit here:
/// - `GET` (and `HEAD`) → ``Role/viewer``;
/// - a write (`POST`, `PUT`, `PATCH`, `DELETE`) under one of ``ownerPaths`` (the tenant's settings, delivery and
///   relay, lock date, document template, numbering, e-mail templates, webhook endpoints) → ``Role/owner``;
/// - any other write → ``Role/accountant``;
/// - then the ``exceptions``, by operationId, override the rule.
///
/// Operations without authentication (`/healthz`, `/openapi.json`…) are ``Requirement/anyone``. The check runs as
/// soon as the key is known, before the body is read or a transaction begins (``APIEnvironment/tenantHandler(_:)``).
public enum APIPermissions {
    /// What a caller needs.
    public enum Requirement: Sendable, Hashable, CustomStringConvertible {
        /// No key at all (public operations).
        case anyone
        /// A key (or, later, a user) whose role includes this one.
        case role(Role)

        public var description: String {
            switch self {
            case .anyone: "anyone"
            case .role(let role): role.rawValue
            }
        }
    }

    /// Paths whose writes are settings: owner only. A path matches when it is one of these or lies below one.
    public static let ownerPaths = [
        "/v1/tenant", "/v1/webhook-endpoints", "/v1/email-templates", "/v1/invoice-numbering",
        "/v1/credit-note-numbering", "/v1/users",
    ]

    /// The exceptions to the rule, by operationId, with the reason.
    public static let exceptions: [String: (role: Role, reason: String)] = [
        "previewRecurringInvoiceDraft": (.viewer, "a POST that computes a schedule and writes nothing"),
        "previewEmailTemplate": (.viewer, "a POST that renders a draft template and writes nothing"),
        "listAuditEvents": (.accountant, "who did what in the firm is not for read-only guests"),
        "getAuditEvent": (.accountant, "who did what in the firm is not for read-only guests"),
        "listUsers": (.owner, "who may log in, and with which role, is the owner's business"),
        "getUser": (.owner, "who may log in, and with which role, is the owner's business"),
        "deleteCurrentSession": (.viewer, "everyone may log out; it ends a session and writes no data"),
        "revokeAllSessions": (.viewer, "everyone may log out everywhere; it ends sessions and writes no data"),
        "startTOTPEnrolment": (.viewer, "everyone may protect their own login with TOTP"),
        "confirmTOTPEnrolment": (.viewer, "everyone may protect their own login with TOTP"),
        "disableTOTP": (.viewer, "everyone may turn off TOTP on their own login (with a code)"),
    ]

    /// The least role the rule gives a method on a path (router form or as sent), before exceptions.
    public static func ruleRole(method: String, path: String) -> Role {
        switch method {
        case "GET", "HEAD": return .viewer
        default:
            let isSetting = ownerPaths.contains { path == $0 || path.hasPrefix($0 + "/") }
            return isSetting ? .owner : .accountant
        }
    }

    /// What `operation` requires.
    public static func requirement(of operation: OpenAPIOperation) -> Requirement {
        guard operation.requiresAuth else { return .anyone }
        return .role(exceptions[operation.operationID]?.role ?? ruleRole(method: operation.method, path: operation.path))
    }

    /// Whether `role` may call the operation named `operationID` (the dashboard shows an action's button only then;
    /// the action itself is that operation, checked again when it runs). `false` for an unknown operationId.
    public static func allows(_ role: Role, operationID: String) -> Bool {
        guard let operation = index.byID[operationID] else { return false }
        switch requirement(of: operation) {
        case .anyone: return true
        case .role(let required): return role.includes(required)
        }
    }

    /// Whether `operation` is a write that writes nothing: a `POST` a viewer may call (a preview). The audit trail
    /// skips it.
    public static func writesNothing(_ operation: OpenAPIOperation) -> Bool {
        operation.method != "GET" && requirement(of: operation) == .role(.viewer)
    }

    /// The documented operation a request is for, found by matching its method and path like the router does.
    /// `nil` for a route the OpenAPI document does not describe (a test keeps that from happening).
    public static func operation(for request: Request) -> OpenAPIOperation? {
        guard case .found(let route, _) = index.router.match(request.method, path: request.path) else { return nil }
        return index.byID[route.name]
    }

    /// What `request` requires: its operation's requirement, or the rule applied to its method and path.
    static func requirement(of request: Request) -> (operation: OpenAPIOperation?, role: Role) {
        let operation = operation(for: request)
        if let operation, case .role(let role) = requirement(of: operation) { return (operation, role) }
        return (operation, ruleRole(method: request.method.rawValue, path: request.path))
    }

    /// Refuses, with 403, an `actor` whose role does not include what `request` requires.
    static func check(_ actor: Principal, for request: Request) throws -> OpenAPIOperation? {
        let (operation, required) = requirement(of: request)
        guard actor.role.includes(required) else {
            let what = operation.map { "\($0.operationID)" } ?? "\(request.method.rawValue) \(request.path)"
            throw Problem(
                status: .forbidden, type: "forbidden-role", title: "Forbidden",
                detail: "This \(actor.kind == .apiKey ? "API key" : "user") has the role \(actor.role.rawValue); \(what) needs \(required.rawValue) or above.")
        }
        return operation
    }

    /// Every documented operation in a router (handlers unused, route names are operationIds), built once.
    private struct Index: Sendable {
        let router: Router
        let byID: [String: OpenAPIOperation]

        init(_ operations: [OpenAPIOperation]) {
            var router = Router()
            var byID: [String: OpenAPIOperation] = [:]
            for operation in operations {
                router.add(HTTPMethod(operation.method), operation.path, name: operation.operationID) { _ in .noContent }
                byID[operation.operationID] = operation
            }
            self.router = router
            self.byID = byID
        }
    }

    private static let index = Index(RecurAPI.operations)
}
