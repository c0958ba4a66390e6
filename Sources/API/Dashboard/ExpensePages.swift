import HTTPServer

/// `/app/expenses` (filters: status, vendor, category, dates; 25 a page over the API's cursor) and
/// `/app/expenses/{id}` (one expense's facts, its history for accountants and owners).
enum ExpensePages {
    static let statuses = ["unpaid", "paid", "reversed"]

    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/expenses", pages.page { list($0) })
        router.get("/app/expenses/:id", pages.page { try detail($0) })
    }

    static func statusLabel(_ status: String, _ t: DashboardLanguage) -> String {
        switch status {
        case "unpaid": t(.expenseUnpaid)
        case "paid": t(.statusPaid)
        case "reversed": t(.expenseReversed)
        default: status
        }
    }

    /// The expense categories' names by id (one page).
    static func categories(_ api: DashboardAPI) -> [(value: String, label: String)] {
        (api.get("/v1/expense-categories", [("limit", "200")])?["data"]?.items ?? []).map { ($0.text("id"), $0.text("name")) }
    }

    static func list(_ context: DashboardContext) -> Response {
        let t = context.language
        let request = context.request
        let query = DashboardBlocks.query(request, ["status", "vendor_id", "category_id", "from", "to", "cursor"])
        let answer = context.api.call(.get, "/v1/expenses", query: query + [("limit", "25")])
        let expenses = answer.isSuccess ? answer.json?["data"]?.items ?? [] : []
        let parties = InvoicePages.partyNames(context.api).map { (value: $0.id, label: $0.name) }
        let categoryOptions = categories(context.api)
        let partyName = Dictionary(parties.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
        let categoryName = Dictionary(categoryOptions.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
        let html = DashboardLayout.page(context, title: t(.expensesTitle), current: "/app/expenses") {
            DashboardBlocks.filters("/app/expenses", t) {
                DashboardBlocks.select(
                    "f-status", name: "status", label: t(.filterStatus), options: statuses.map { ($0, statusLabel($0, t)) },
                    selected: request.query("status"), all: t(.filterAll))
                DashboardBlocks.select(
                    "f-vendor", name: "vendor_id", label: t(.expenseVendor), options: parties, selected: request.query("vendor_id"), all: t(.filterAll))
                DashboardBlocks.select(
                    "f-category", name: "category_id", label: t(.columnCategory), options: categoryOptions,
                    selected: request.query("category_id"), all: t(.filterAll))
                DashboardBlocks.dateRange(request, t)
            }
            DashboardBlocks.listBody(answer, expenses, none: t(.expensesNone)) {
                DashboardBlocks.table(
                    [t(.columnDate), t(.expenseVendor), t(.columnCategory), t(.expenseReference), t(.invoiceStatus), t(.paymentAmount)],
                    numeric: [5], id: "expenses"
                ) {
                    for expense in expenses {
                        let id = expense.text("id")
                        HTML.element("tr", [("data-expense", id)]) {
                            HTML.element("td") {
                                HTML.element("a", [("href", "/app/expenses/\(DashboardAPI.encode(id))")]) { expense.text("date") }
                            }
                            HTML.element("td") { partyName[expense.text("vendor_id")] ?? expense.text("vendor_id") }
                            HTML.element("td") { categoryName[expense.text("category_id")] ?? expense.text("category_id") }
                            HTML.element("td") { expense.text("reference") }
                            HTML.element("td") { statusLabel(expense.text("status"), t) }
                            HTML.element("td", [("class", "num")]) { "\(expense.text("amount")) \(expense.text("currency"))" }
                        }
                    }
                }
            }
            DashboardBlocks.pager("/app/expenses", query: query, next: answer.json?["next_cursor"]?.stringValue, isFirst: request.query("cursor") == nil, t)
        }
        return DashboardResponse.html(html)
    }

    static func detail(_ context: DashboardContext) throws -> Response {
        let t = context.language
        let id = context.request.parameters["id"] ?? ""
        let expense = try DashboardBlocks.one(context, "/v1/expenses/\(DashboardAPI.encode(id))")
        let vendor = context.api.get("/v1/parties/\(DashboardAPI.encode(expense.text("vendor_id")))")?.text("name") ?? expense.text("vendor_id")
        let category = categories(context.api).first { $0.value == expense.text("category_id") }?.label ?? expense.text("category_id")
        let currency = expense.text("currency")
        let html = DashboardLayout.page(context, title: "\(t(.expensesTitle)) · \(expense.text("date")) · \(vendor)", current: "/app/expenses") {
            HTML.element("p") { HTML.element("a", [("href", "/app/expenses")]) { "← \(t(.expensesTitle))" } }
            HTML.element("section", [("class", "card"), ("id", "expense"), ("data-status", expense.text("status"))]) {
                DashboardBlocks.facts([
                    (t(.columnDate), expense.text("date")), (t(.expenseVendor), vendor), (t(.columnCategory), category),
                    (t(.paymentAmount), "\(expense.text("amount")) \(currency)"), (t(.expenseTax), "\(expense.text("tax_amount")) \(currency)"),
                    (t(.invoiceStatus), statusLabel(expense.text("status"), t)), (t(.expensePaidOn), expense.text("paid_on")),
                    (t(.expenseReversedOn), expense.text("reversed_on")), (t(.expenseReference), expense.text("reference")),
                    (t(.expenseProject), expense.text("project")), (t(.expenseDepartment), expense.text("department")),
                    (t(.expenseNotes), expense.text("notes")),
                ])
                if context.may("listAuditEvents") {
                    HTML.element("p") {
                        HTML.element("a", [("href", AuditPages.link(resourceType: "expenses", resourceID: id))]) { t(.auditOfRecord) }
                    }
                }
            }
        }
        return DashboardResponse.html(html)
    }
}

/// `/app/budgets` (the budgets) and `/app/budgets/{id}` (its monitor on a date: per line the year's budget, actual and
/// utilisation, the year to date and the forecast, lines at or over the budget's lowest alert threshold flagged; and
/// the budget alerts the tenant was sent).
enum BudgetPages {
    static func register(on router: inout Router, pages: DashboardPages) {
        router.get("/app/budgets", pages.page { list($0) })
        router.get("/app/budgets/:id", pages.page { try monitor($0) })
    }

    static func list(_ context: DashboardContext) -> Response {
        let t = context.language
        let query = DashboardBlocks.query(context.request, ["cursor"])
        let answer = context.api.call(.get, "/v1/budgets", query: query + [("limit", "50")])
        let budgets = answer.isSuccess ? answer.json?["data"]?.items ?? [] : []
        let html = DashboardLayout.page(context, title: t(.budgetsTitle), current: "/app/budgets") {
            DashboardBlocks.listBody(answer, budgets, none: t(.budgetsNone)) {
                DashboardBlocks.table([t(.budgetName), t(.budgetYear), t(.budgetScope), t(.invoiceCurrency)], id: "budgets") {
                    for budget in budgets {
                        let id = budget.text("id")
                        HTML.element("tr", [("data-budget", id)]) {
                            HTML.element("td") { HTML.element("a", [("href", "/app/budgets/\(DashboardAPI.encode(id))")]) { budget.text("name") } }
                            HTML.element("td") { budget.text("fiscal_year") }
                            HTML.element("td") {
                                budget.text("scope_value").isEmpty ? budget.text("scope") : "\(budget.text("scope")): \(budget.text("scope_value"))"
                            }
                            HTML.element("td") { budget.text("currency") }
                        }
                    }
                }
            }
            DashboardBlocks.pager("/app/budgets", query: query, next: answer.json?["next_cursor"]?.stringValue, isFirst: context.request.query("cursor") == nil, t)
        }
        return DashboardResponse.html(html)
    }

    /// The budget's lowest alert threshold, a percent (100 without any). A percentage compared with a percentage:
    /// not money, a `Double` is exact enough.
    static func threshold(_ budget: JSONValue) -> Double {
        budget["thresholds"]?.items.compactMap { $0.stringValue.flatMap(Double.init) }.min() ?? 100
    }

    static func monitor(_ context: DashboardContext) throws -> Response {
        let t = context.language
        let id = context.request.parameters["id"] ?? ""
        let path = "/v1/budgets/\(DashboardAPI.encode(id))"
        let budget = try DashboardBlocks.one(context, path)
        let asOf = DashboardBlocks.query(context.request, ["as_of"])
        let monitor = context.api.call(.get, "\(path)/monitor", query: asOf)
        let lines = monitor.json?["lines"]?.items ?? []
        let limit = threshold(budget)
        let alerts = context.api.get("/v1/notifications", [("kind", "budget_threshold"), ("limit", "10")])?["data"]?.items ?? []
        let currency = budget.text("currency")
        let thresholds = (budget["thresholds"]?.items ?? []).compactMap(\.stringValue).joined(separator: ", ")
        let html = DashboardLayout.page(context, title: "\(t(.budgetsTitle)) · \(budget.text("name"))", current: "/app/budgets") {
            HTML.element("p") { HTML.element("a", [("href", "/app/budgets")]) { "← \(t(.budgetsTitle))" } }
            DashboardBlocks.filters("/app/budgets/\(DashboardAPI.encode(id))", t) {
                DashboardBlocks.input("f-as-of", name: "as_of", label: t(.budgetAsOf), type: "date", value: context.request.query("as_of"))
            }
            HTML.element("section", [("class", "card"), ("aria-labelledby", "monitor-heading")]) {
                HTML.element("h2", [("id", "monitor-heading")]) {
                    "\(t(.budgetMonitor)) \(monitor.json?.text("as_of") ?? "") (\(currency), \(t(.budgetThreshold)) \(thresholds) %)"
                }
                if !monitor.isSuccess {
                    DashboardBlocks.problem(monitor)
                } else {
                    DashboardBlocks.table(
                        [t(.budgetAccount), t(.budgetBudgeted), t(.budgetActual), t(.budgetUsed), t(.budgetYTDBudget), t(.budgetYTDActual),
                         t(.budgetVariance), t(.budgetForecast)], numeric: [1, 2, 3, 4, 5, 6, 7], id: "monitor"
                    ) {
                        for line in lines {
                            let annual = line["annual"], ytd = line["year_to_date"]
                            let utilisation = annual?.text("utilisation_percent") ?? ""
                            let alert = (Double(utilisation) ?? 0) >= limit
                            HTML.element("tr", [("data-account", line.text("account_code")), ("data-alert", alert ? "true" : "false")]) {
                                HTML.element("th", [("scope", "row")]) { line.text("account_code") }
                                HTML.element("td", [("class", "num")]) { annual?.text("budget") ?? "" }
                                HTML.element("td", [("class", "num")]) { annual?.text("actual") ?? "" }
                                HTML.element("td", [("class", alert ? "num alert" : "num"), ("data-value", utilisation)]) {
                                    utilisation.isEmpty ? "—" : "\(utilisation) %"
                                    if alert { HTML.element("span", [("class", "visually-hidden")]) { " — \(t(.budgetAlert))" }; " ⚠" }
                                }
                                HTML.element("td", [("class", "num")]) { ytd?.text("budget") ?? "" }
                                HTML.element("td", [("class", "num")]) { ytd?.text("actual") ?? "" }
                                HTML.element("td", [("class", "num")]) { ytd?.text("variance") ?? "" }
                                HTML.element("td", [("class", "num")]) { line["forecast"]?.text("actual") ?? "" }
                            }
                        }
                    }
                }
            }
            HTML.element("section", [("class", "card"), ("aria-labelledby", "alerts-heading")]) {
                HTML.element("h2", [("id", "alerts-heading")]) { t(.budgetAlertsSent) }
                if alerts.isEmpty {
                    HTML.element("p") { t(.notificationsNone) }
                } else {
                    HTML.element("ul") {
                        for alert in alerts {
                            HTML.element("li") { "\(alert.text("created_at")) — \(alert.text("subject"))" }
                        }
                    }
                }
            }
        }
        return DashboardResponse.html(html)
    }
}
