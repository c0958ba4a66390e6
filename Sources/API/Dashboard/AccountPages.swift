import HTTPServer

/// `/app/account`: the logged-in user's own login security, for every role — two-step login (TOTP) set up, confirmed
/// and turned off through the API's own operations on the session (`startTOTPEnrolment`, `confirmTOTPEnrolment`,
/// `disableTOTP`, docs/people.md "TOTP"). The secret and the recovery codes are shown once, on the answer page of
/// the post that made them (`Cache-Control: no-store` like every page): never in a cookie, a redirect or a later page.
/// No QR code: the secret and the `otpauth://` URI are shown as text (no QR encoder in the package set; an
/// authenticator app takes either).
enum AccountPages {
    static let path = "/app/account"

    static func register(on router: inout Router, pages: DashboardPages) {
        router.get(path, pages.page { try show($0) })
        router.post("\(path)/totp", pages.action { start($0) })
        router.post("\(path)/totp/confirm", pages.action { confirm($0) })
        router.post("\(path)/totp/disable", pages.action { context in
            DashboardBlocks.perform(
                context, "/v1/sessions/current/totp/disable", json: codeJSON(context), label: context.t(.totpDisable),
                back: path, current: path)
        })
    }

    /// `{"code": …}` from the form's `code` field.
    static func codeJSON(_ context: DashboardContext) -> String {
        let code = (DashboardForm(context.request)["code"] ?? "").trimmingCharacters(in: .whitespaces)
        return DashboardBlocks.json { w in w.object { w in w.key("code"); w.string(code) } }
    }

    static func show(_ context: DashboardContext) throws -> Response {
        let t = context.language
        let current = try DashboardBlocks.one(context, "/v1/sessions/current")
        let enabled = current["user"]?["totp_enabled"] == .bool(true)
        let html = DashboardLayout.page(context, title: t(.accountTitle), current: path) {
            HTML.element("section", [("class", "card"), ("id", "totp"), ("aria-labelledby", "totp-heading")]) {
                HTML.element("h2", [("id", "totp-heading")]) { t(.totpTitle) }
                HTML.element("p", [("id", "totp-status"), ("data-enabled", enabled ? "true" : "false")]) {
                    enabled ? t(.totpOn) : t(.totpOff)
                }
                if enabled {
                    HTML.element("form", [("method", "post"), ("action", "\(path)/totp/disable"), ("id", "totp-disable")]) {
                        context.csrfField
                        codeField("totp-disable-code", label: t(.totpDisableCode))
                        HTML.element("button", [("type", "submit"), ("class", "danger")]) { t(.totpDisable) }
                    }
                } else {
                    HTML.element("p") { t(.totpIntro) }
                    startForm(context)
                }
            }
        }
        return DashboardResponse.html(html)
    }

    static func startForm(_ context: DashboardContext) -> HTML {
        .element("form", [("method", "post"), ("action", "\(path)/totp"), ("id", "totp-start")]) {
            context.csrfField
            HTML.element("button", [("type", "submit")]) { context.t(.totpStart) }
        }
    }

    static func codeField(_ id: String, label: String) -> HTML {
        .element("div", [("class", "field")]) {
            HTML.element("label", [("for", id)]) { label }
            HTML.element("input", [
                ("id", id), ("name", "code"), ("type", "text"), ("inputmode", "numeric"), ("autocomplete", "one-time-code"),
                ("maxlength", "64"), ("required", ""),
            ])
        }
    }

    static func confirmForm(_ context: DashboardContext) -> HTML {
        .element("form", [("method", "post"), ("action", "\(path)/totp/confirm"), ("id", "totp-confirm")]) {
            context.csrfField
            codeField("totp-code", label: context.t(.totpCode))
            HTML.element("button", [("type", "submit")]) { context.t(.totpConfirm) }
        }
    }

    /// `POST /v1/sessions/current/totp`: a new pending secret, shown on this answer page only, with the form that
    /// confirms it.
    static func start(_ context: DashboardContext) -> Response {
        let t = context.language
        let answer = context.api.call(.post, "/v1/sessions/current/totp", csrfToken: context.session.csrfToken)
        guard answer.isSuccess, let json = answer.json else {
            return DashboardBlocks.outcome(context, answer, label: t(.totpStart), back: path, current: path)
        }
        let html = DashboardLayout.page(context, title: t(.accountTitle), current: path) {
            HTML.element("section", [("class", "card"), ("id", "totp-enrolment"), ("aria-labelledby", "totp-heading")]) {
                HTML.element("h2", [("id", "totp-heading")]) { t(.totpTitle) }
                HTML.element("p") { t(.totpScan) }
                HTML.element("dl", [("class", "facts")]) {
                    HTML.element("dt") { t(.totpSecret) }
                    HTML.element("dd") { HTML.element("code", [("id", "totp-secret")]) { json.text("secret") } }
                    HTML.element("dt") { t(.totpURI) }
                    HTML.element("dd") { HTML.element("code", [("id", "totp-uri"), ("class", "wrap")]) { json.text("otpauth_uri") } }
                    HTML.element("dt") { t(.totpParameters) }
                    HTML.element("dd") { "\(json.text("algorithm")) · \(json.text("digits")) · \(json.text("period")) s" }
                }
                confirmForm(context)
            }
        }
        return DashboardResponse.html(html)
    }

    /// `POST /v1/sessions/current/totp/confirm`: TOTP on, and the 10 recovery codes shown once; a wrong code shows
    /// the confirm form again (the pending secret stays) and a way to start over.
    static func confirm(_ context: DashboardContext) -> Response {
        let t = context.language
        let answer = context.api.call(.post, "/v1/sessions/current/totp/confirm", json: codeJSON(context), csrfToken: context.session.csrfToken)
        if answer.status == 422 {
            let html = DashboardLayout.page(context, title: t(.accountTitle), current: path) {
                HTML.element("p", [("class", "flash error"), ("role", "alert"), ("id", "flash")]) {
                    "\(t(.totpWrongCode)) \(answer.problemDetail)"
                }
                HTML.element("section", [("class", "card"), ("id", "totp-enrolment")]) {
                    confirmForm(context)
                    HTML.element("p") { t(.totpStartOver) }
                    startForm(context)
                }
            }
            return DashboardResponse.html(html, status: .unprocessableContent)
        }
        guard answer.isSuccess, let json = answer.json else {
            return DashboardBlocks.outcome(context, answer, label: t(.totpConfirm), back: path, current: path)
        }
        let codes = json["recovery_codes"]?.items.compactMap(\.stringValue) ?? []
        let html = DashboardLayout.page(context, title: t(.accountTitle), current: path) {
            HTML.element("p", [("class", "flash"), ("role", "status"), ("id", "flash")]) { t(.totpEnabled) }
            HTML.element("section", [("class", "card"), ("id", "totp-recovery"), ("aria-labelledby", "recovery-heading")]) {
                HTML.element("h2", [("id", "recovery-heading")]) { t(.totpRecoveryCodes) }
                HTML.element("p") { t(.totpRecoveryHint) }
                HTML.element("ol", [("id", "recovery-codes")]) {
                    for code in codes { HTML.element("li") { HTML.element("code") { code } } }
                }
                HTML.element("p") { HTML.element("a", [("href", path)]) { t(.accountTitle) } }
            }
        }
        return DashboardResponse.html(html)
    }
}
