import HTTPServer

/// Pieces the list and detail pages share: tables, filter forms, pagers, facts, and the outcome of an action (a
/// redirect with a flash message, or a 403 page when the operation refused the role).
enum DashboardBlocks {
    /// A scrollable table: `headers` (a header is numeric when its index is in `numeric`), then `rows`.
    static func table(
        _ headers: [String], numeric: Set<Int> = [], id: String? = nil, class name: String? = nil,
        @HTMLBuilder rows: () -> [HTML]
    ) -> HTML {
        .element("div", [("class", "table-wrap")]) {
            HTML.element("table", [("id", id), ("class", name)]) {
                HTML.element("thead") {
                    HTML.element("tr") {
                        for (index, header) in headers.enumerated() {
                            HTML.element("th", [("scope", "col"), ("class", numeric.contains(index) ? "num" : nil)]) { header }
                        }
                    }
                }
                HTML.element("tbody", [], rows())
            }
        }
    }

    /// A list page's query: the named parameters the request gives, non-empty, in this order.
    static func query(_ request: Request, _ names: [String]) -> [(String, String)] {
        names.compactMap { name in request.query(name).flatMap { $0.isEmpty ? nil : (name, $0) } }
    }

    /// `path?query`, percent-encoded.
    static func link(_ path: String, _ query: [(String, String)]) -> String {
        query.isEmpty ? path : path + "?" + query.map { "\($0.0)=\(DashboardAPI.encode($0.1))" }.joined(separator: "&")
    }

    /// A labelled `<select>`; the empty value means "all".
    static func select(
        _ id: String, name: String, label: String, options: [(value: String, label: String)], selected: String?, all: String?
    ) -> HTML {
        .element("div") {
            HTML.element("label", [("for", id)]) { label }
            HTML.element("select", [("id", id), ("name", name)]) {
                if let all { HTML.element("option", [("value", "")]) { all } }
                for option in options {
                    HTML.element("option", [("value", option.value), ("selected", selected == option.value ? "" : nil)]) { option.label }
                }
            }
        }
    }

    /// A labelled `<input>`.
    static func input(
        _ id: String, name: String, label: String, type: String = "text", value: String? = nil, required: Bool = false
    ) -> HTML {
        .element("div") {
            HTML.element("label", [("for", id)]) { label }
            HTML.element("input", [("id", id), ("name", name), ("type", type), ("value", value), ("required", required ? "" : nil)])
        }
    }

    /// The `from` and `to` date filters of a list (invoices, expenses, audit events).
    static func dateRange(_ request: Request, _ t: DashboardLanguage) -> [HTML] {
        [
            input("f-from", name: "from", label: t(.filterFrom), type: "date", value: request.query("from")),
            input("f-to", name: "to", label: t(.filterTo), type: "date", value: request.query("to")),
        ]
    }

    /// A `GET` filter form over `action` with its fields and an apply button.
    static func filters(_ action: String, _ t: DashboardLanguage, @HTMLBuilder fields: () -> [HTML]) -> HTML {
        .element("form", [("class", "filters card"), ("method", "get"), ("action", action), ("role", "search")]) {
            fields()
            HTML.element("button", [("type", "submit")]) { t(.filterApply) }
        }
    }

    /// "First page" and "next page" links over the API's cursor.
    static func pager(_ path: String, query: [(String, String)], next: String?, isFirst: Bool, _ t: DashboardLanguage) -> HTML {
        let kept = query.filter { $0.0 != "cursor" }
        return .element("nav", [("class", "pager"), ("aria-label", t(.pageNext))]) {
            if !isFirst { HTML.element("a", [("href", link(path, kept))]) { t(.pageFirst) } }
            if let next { HTML.element("a", [("href", link(path, kept + [("cursor", next)])), ("rel", "next")]) { t(.pageNext) } }
        }
    }

    /// A definition list of (term, value).
    static func facts(_ facts: [(String, String)]) -> HTML {
        .element("dl", [("class", "facts")]) {
            for (term, value) in facts {
                HTML.element("dt") { term }
                HTML.element("dd") { value.isEmpty ? "—" : value }
            }
        }
    }

    /// An alert paragraph with a failed call's problem.
    static func problem(_ answer: DashboardAPI.Answer) -> HTML {
        .element("p", [("class", "flash error"), ("role", "alert")]) { answer.problemDetail }
    }

    /// A list's body: the failed call's problem, `none` when there is no row, else the rows in a card.
    static func listBody(_ answer: DashboardAPI.Answer, _ rows: [JSONValue], none: String, @HTMLBuilder card: () -> [HTML]) -> HTML {
        if !answer.isSuccess { return problem(answer) }
        if rows.isEmpty { return .element("p") { none } }
        return .element("div", [("class", "card")], card())
    }

    /// One resource by its API path; a 404 (or a malformed id's 422) is this page's 404.
    static func one(_ context: DashboardContext, _ path: String) throws -> JSONValue {
        let answer = context.api.call(.get, path)
        guard answer.isSuccess, let json = answer.json else {
            let missing = answer.status == 404 || answer.status == 422
            throw Problem(status: HTTPStatus(code: missing ? 404 : answer.status), detail: missing ? context.t(.errorNotFound) : answer.problemDetail)
        }
        return json
    }

    /// A JSON body written with the API's own writer.
    static func json(_ build: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        build(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Writes through the API operation at `path` (with the session's CSRF token) and answers: a 403 page when the
    /// operation refused the role (the button was not shown: the post was forged), else a redirect to `back` with
    /// the outcome as a flash message.
    static func perform(
        _ context: DashboardContext, _ path: String, method: HTTPMethod = .post, json: String = "{}", label: String,
        back: String, current: String
    ) -> Response {
        outcome(
            context, context.api.call(method, path, json: json, csrfToken: context.session.csrfToken), label: label, back: back,
            current: current)
    }

    /// What an action answers once its operation answered (``perform(_:_:method:json:label:back:current:)``).
    static func outcome(_ context: DashboardContext, _ answer: DashboardAPI.Answer, label: String, back: String, current: String) -> Response {
        let t = context.language
        if answer.status == 403 {
            return DashboardResponse.html(
                DashboardLayout.page(context, title: t(.errorTitle), current: current) {
                    HTML.element("p", [("class", "flash error"), ("role", "alert"), ("id", "error")]) { "\(t(.errorForbidden)) \(answer.problemDetail)" }
                }, status: .forbidden)
        }
        let flash = answer.isSuccess
            ? DashboardFlash(ok: true, message: "\(label): \(t(.actionDone))")
            : DashboardFlash(ok: false, message: "\(t(.actionFailed)) \(answer.problemDetail)")
        return DashboardResponse.redirect(back, cookies: [flash.setCookie])
    }

    /// A member's scalar values as "key: value" pairs (a schedule, counts), nested objects flattened with dots.
    static func pairs(_ value: JSONValue?, prefix: String = "") -> [(String, String)] {
        guard case .object(let object)? = value else { return [] }
        return object.members.flatMap { member -> [(String, String)] in
            let key = prefix.isEmpty ? member.key : "\(prefix).\(member.key)"
            switch member.value {
            case .object: return pairs(member.value, prefix: key)
            case .array(let items): return [(key, items.map { $0.stringValue ?? "…" }.joined(separator: ", "))]
            case .null: return []
            case .bool(let flag): return [(key, flag ? "true" : "false")]
            default: return [(key, member.value.stringValue ?? "")]
            }
        }
    }
}
