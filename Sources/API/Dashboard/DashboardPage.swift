import Domain
import Foundation
import HTTPServer
import Store

/// What a dashboard page handler gets: the browser's request, the logged-in session, the language, and the API to
/// read and write through (``DashboardAPI``).
struct DashboardContext: Sendable {
    let request: Request
    let access: TenantAccess
    let session: SessionCredential
    let language: DashboardLanguage
    let api: DashboardAPI
    /// A message left by the previous request (an action's outcome), shown once.
    let flash: DashboardFlash?

    var role: Role { access.role }
    var tenant: TenantContext { access.tenant }

    /// A string of the catalogue, in the page's language.
    func t(_ key: DashboardText) -> String { language(key) }

    /// Whether this user's role may run the API operation `operationID` (so the page shows its button).
    func may(_ operationID: String) -> Bool { APIPermissions.allows(role, operationID: operationID) }

    /// The hidden field every state-changing form carries (checked by ``CSRFCheck``).
    var csrfField: HTML {
        .element("input", [("type", "hidden"), ("name", CSRFCheck.formField), ("value", session.csrfToken)])
    }

    /// A form posting to `action` with the CSRF field and one button.
    func actionForm(_ action: String, label: String, danger: Bool = false) -> HTML {
        .element("form", [("method", "post"), ("action", action)]) {
            csrfField
            HTML.element("button", [("type", "submit"), ("class", danger ? "danger" : nil)]) { label }
        }
    }
}

/// A one-time message carried by a short-lived cookie from an action to the page it redirects to.
struct DashboardFlash: Sendable {
    let ok: Bool
    let message: String

    static let cookie = "recur_flash"

    /// `Set-Cookie` carrying the message (percent-encoded, 60 s, this path only).
    var setCookie: String {
        "\(Self.cookie)=\(ok ? "ok" : "error"):\(DashboardAPI.encode(String(message.prefix(500)))); Path=/app; HttpOnly; Secure; SameSite=Strict; Max-Age=60"
    }

    static let cleared = "\(cookie)=; Path=/app; HttpOnly; Secure; SameSite=Strict; Max-Age=0"

    static func of(_ request: Request) -> DashboardFlash? {
        guard let value = RequestCookies.value(cookie, in: request) else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let message = QueryItem.parse("m=\(parts[1])").first?.value else { return nil }
        return DashboardFlash(ok: parts[0] == "ok", message: message)
    }
}

/// Responses of the dashboard: every one carries the security headers; pages are never cached.
enum DashboardResponse {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"

    static func secured(_ response: Response) -> Response {
        var response = response
        response.headers.set("Content-Security-Policy", contentSecurityPolicy)
        response.headers.set("X-Content-Type-Options", "nosniff")
        response.headers.set("Referrer-Policy", "same-origin")
        response.headers.set("X-Frame-Options", "DENY")
        if response.headers["cache-control"] == nil { response.headers.set("Cache-Control", "no-store") }
        return response
    }

    static func html(_ document: HTML, status: HTTPStatus = .ok) -> Response {
        secured(Response(
            status: status, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]),
            body: Array(document.markup.utf8)))
    }

    /// 303 See Other to a path of this site.
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = HTTPHeaders([("Location", location)])
        for cookie in cookies { headers.add("Set-Cookie", cookie) }
        return secured(Response(status: HTTPStatus(code: 303), headers: headers))
    }

    /// `next` if it is a dashboard path of this site (never another host), else `/app`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next == "/app" || next.hasPrefix("/app/"), !next.contains("//"), !next.contains("\\") else { return "/app" }
        return next
    }
}

/// The page around every dashboard screen: skip link, navigation, who is logged in, language, logout.
enum DashboardLayout {
    /// The navigation's entries: (path, label). A new page adds its entry here.
    static let navigation: [(path: String, label: DashboardText)] = [
        ("/app", .navHome), ("/app/invoices", .navInvoices),
        ("/app/recurring", .navRecurring), ("/app/expenses", .navExpenses), ("/app/budgets", .navBudgets),
        ("/app/notifications", .navNotifications), ("/app/eod-runs", .navEOD), ("/app/audit", .navAudit),
        ("/app/settings", .navSettings), ("/app/users", .navUsers), ("/app/account", .navAccount),
    ]

    /// Entries shown only to a role the API lets read them (the operation the page lists with).
    static let navigationOperations: [String: String] = ["/app/audit": "listAuditEvents", "/app/users": "listUsers"]

    static func document(language: DashboardLanguage, title: String, @HTMLBuilder body: () -> [HTML]) -> HTML {
        HTML.group {
            HTML.raw("<!DOCTYPE html>")
            HTML.element("html", [("lang", language.rawValue)]) {
                HTML.element("head") {
                    HTML.element("meta", [("charset", "utf-8")])
                    HTML.element("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
                    HTML.element("title") { "\(title) · Recur" }
                    HTML.element("link", [("rel", "stylesheet"), ("href", DashboardStyle.path)])
                    // No favicon request (its 404 would be a console error): an empty data: icon, allowed by img-src.
                    HTML.element("link", [("rel", "icon"), ("href", "data:,")])
                }
                HTML.element("body", [], body())
            }
        }
    }

    /// A logged-in page: `current` is the navigation entry to mark.
    static func page(_ context: DashboardContext, title: String, current: String, @HTMLBuilder content: () -> [HTML]) -> HTML {
        let t = context.language
        let path = context.request.path
        return document(language: t, title: title) {
            HTML.element("a", [("class", "skip"), ("href", "#main")]) { t(.skipToContent) }
            HTML.element("header", [("class", "top")]) {
                HTML.element("a", [("class", "brand"), ("href", "/app")]) { t(.appName) }
                HTML.element("nav", [("aria-label", t(.mainNavigation))]) {
                    HTML.element("ul") {
                        for entry in navigation where navigationOperations[entry.path].map(context.may) ?? true {
                            HTML.element("li") {
                                HTML.element("a", [("href", entry.path), ("aria-current", entry.path == current ? "page" : nil)]) {
                                    t(entry.label)
                                }
                            }
                        }
                    }
                }
                HTML.element("div", [("class", "who")]) {
                    HTML.element("span", [("data-user", context.session.userLabel)]) {
                        "\(t(.signedInAs)) \(context.session.userLabel) (\(roleName(context.role, t)), \(context.tenant.slug))"
                    }
                    languageSwitch(t, path: path)
                    HTML.element("form", [("method", "post"), ("action", "/app/logout")]) {
                        context.csrfField
                        HTML.element("button", [("type", "submit"), ("id", "logout")]) { t(.logOut) }
                    }
                }
            }
            HTML.element("main", [("id", "main"), ("tabindex", "-1")]) {
                HTML.element("h1") { title }
                if let flash = context.flash { flashBox(flash, t) }
                content()
            }
        }
    }

    static func flashBox(_ flash: DashboardFlash, _ t: DashboardLanguage) -> HTML {
        .element("p", [("class", flash.ok ? "flash" : "flash error"), ("role", flash.ok ? "status" : "alert"), ("id", "flash")]) {
            flash.message
        }
    }

    static func languageSwitch(_ t: DashboardLanguage, path: String) -> HTML {
        .element("nav", [("aria-label", t(.languageNavigation))]) {
            for language in DashboardLanguage.allCases {
                if language == t {
                    HTML.element("strong", [("lang", language.rawValue)]) { language.rawValue.uppercased() }
                } else {
                    HTML.element("a", [("href", "\(path)?lang=\(language.rawValue)"), ("lang", language.rawValue), ("hreflang", language.rawValue)]) {
                        language.rawValue.uppercased()
                    }
                }
                " "
            }
        }
    }

    static func roleName(_ role: Role, _ t: DashboardLanguage) -> String {
        switch role {
        case .viewer: t(.roleViewer)
        case .accountant: t(.roleAccountant)
        case .owner: t(.roleOwner)
        }
    }
}
