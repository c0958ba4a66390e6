import Foundation
import HTTPServer
import Store

/// Cross-site request forgery defence for requests authenticated by the session cookie (API keys need none: a
/// browser never adds them on its own). Every write (`POST`, `PUT`, `PATCH`, `DELETE`) must carry `X-CSRF-Token`
/// equal to its session's token (``SessionCredential/csrfToken``, given by `POST /v1/sessions` and
/// `GET /v1/sessions/current`), and, when the request names an `Origin` (else a `Referer`), that origin's host must
/// be the request's `Host` (or `X-Forwarded-Host`). Otherwise 403 problem+json (`type` `csrf`). The cookie's
/// `SameSite=Strict` is the first line; this is the second. An HTML form (`application/x-www-form-urlencoded`, the
/// dashboard's) cannot set a header: it carries the token as its `csrf_token` field instead (exactly one).
enum CSRFCheck {
    static let header = "x-csrf-token"
    /// The form field carrying the token in an `application/x-www-form-urlencoded` body.
    static let formField = "csrf_token"

    /// Refuses a cookie-authenticated write without the session's CSRF token or from another origin.
    static func check(_ request: Request, _ access: TenantAccess) throws {
        guard let session = access.session, isWrite(request) else { return }
        var values = request.headers.values(for: header)
        if values.isEmpty, isForm(request) {
            values = QueryItem.parse(String(decoding: request.body, as: UTF8.self)).filter { $0.name == formField }.map(\.value)
        }
        guard values.count == 1, SecretToken.equal(values[0], session.csrfToken) else {
            throw refusal("A write authenticated by the session cookie must carry X-CSRF-Token (or, in a form, the csrf_token field): the session's csrf_token (GET /v1/sessions/current).")
        }
        try sameOrigin(request)
    }

    /// Whether the body is an HTML form (`application/x-www-form-urlencoded`, parameters allowed).
    static func isForm(_ request: Request) -> Bool {
        guard let type = request.headers["content-type"] else { return false }
        return type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            == "application/x-www-form-urlencoded"
    }

    /// Refuses a request whose `Origin` (or, without one, `Referer`) names another host than the request's.
    static func sameOrigin(_ request: Request) throws {
        guard let source = request.headers.values(for: "origin").first ?? request.headers.values(for: "referer").first else {
            return
        }
        let hosts = (request.headers.values(for: "host") + request.headers.values(for: "x-forwarded-host")).map { $0.lowercased() }
        guard let authority = authority(of: source), hosts.contains(authority) else {
            throw refusal("The request comes from another origin (\(source.prefix(200))) than this server's.")
        }
    }

    static func isWrite(_ request: Request) -> Bool {
        switch request.method.rawValue {
        case "GET", "HEAD", "OPTIONS": false
        default: true
        }
    }

    /// `host[:port]` of an absolute URL, lower-cased; `nil` for `null` or a malformed value.
    static func authority(of url: String) -> String? {
        guard let range = url.range(of: "://") else { return nil }
        let rest = url[range.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.isEmpty ? nil : authority.lowercased()
    }

    private static func refusal(_ detail: String) -> Problem {
        Problem(status: .forbidden, type: "csrf", title: "Forbidden", detail: detail)
    }
}
