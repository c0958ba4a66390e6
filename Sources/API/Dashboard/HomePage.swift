import Domain
import HTTPServer

/// `GET /app`: where the money stands — charts over the last 12 months (P&L, income, expense by category,
/// cashflow), AR ageing, MRR, budgets with their alerts, overdue invoices, the next 30 days' postings. Every figure
/// comes from a `/v1/reports/…` (or list) operation, called through ``DashboardAPI``: the same report code and SQL.
enum HomePage {
    /// The last 12 months: from the first day of the month 11 months before today's, through today.
    static func period(today: CalendarDate) -> (from: CalendarDate, to: CalendarDate) {
        (today.firstDayOfMonth.adding(months: -11), today)
    }

    static func render(_ context: DashboardContext) -> Response {
        let t = context.language
        let api = context.api
        let (from, to) = period(today: context.tenant.today())
        let range = [("from", from.description), ("to", to.description)]
        // Independent reads, at once (DashboardAPI.get(_: [Read])); the slowest at 1M invoices first (recurring
        // revenue, then upcoming postings), so they start at once (docs/dashboard.md, "Home page time").
        let reads = api.get([
            .init("recurring-revenue", "/v1/reports/recurring-revenue", range),
            .init("upcoming-postings", "/v1/reports/upcoming-postings", [("days", "30"), ("limit", String(upcomingShown))]),
            .init("cashflow", "/v1/reports/cashflow", range),
            .init("income-expense-by-category", "/v1/reports/income-expense", range + [("by", "category")]),
            .init("ar-ageing", "/v1/reports/ar-ageing", [("detail", "totals")]),
            .init("income-expense", "/v1/reports/income-expense", range),
            .init("overdue-invoices", "/v1/invoices", [("overdue", "true"), ("limit", "10")]),
            .init("budgets", "/v1/budgets", [("limit", "6")]),
        ])
        let incomeExpense = reads["income-expense"]
        let byCategory = reads["income-expense-by-category"]
        let cashflow = reads["cashflow"]
        let ageing = reads["ar-ageing"]
        let recurring = reads["recurring-revenue"]
        let upcoming = reads["upcoming-postings"]
        let overdue = reads["overdue-invoices"]
        let (budgets, monitors) = BudgetSummary.load(api, list: reads["budgets"])

        let months = incomeExpense?["months"]?.items.compactMap(\.stringValue) ?? []
        let currency = context.tenant.currency.code
        let html = DashboardLayout.page(context, title: t(.homeTitle), current: "/app") {
            HTML.element("p") { "\(t(.inCurrency)) \(currency) · \(from.description) – \(to.description)" }
            HTML.element("div", [("class", "grid")]) {
                SVGChart(
                    id: "chart-pnl", title: t(.chartProfitAndLoss), description: description(t, .chartProfitAndLoss, currency),
                    labels: months,
                    series: [
                        .init(key: "income", label: t(.seriesIncome), values: amounts(incomeExpense?["income"])),
                        .init(key: "expense", label: t(.seriesExpense), values: amounts(incomeExpense?["expense"])),
                        .init(key: "net", label: t(.seriesNet), values: amounts(incomeExpense?["net"]), line: true),
                    ], axisName: t(.columnMonth)
                ).html
                SVGChart(
                    id: "chart-income", title: t(.chartIncome), description: description(t, .chartIncome, currency), labels: months,
                    series: [.init(key: "income", label: t(.seriesIncome), values: amounts(incomeExpense?["income"]))],
                    axisName: t(.columnMonth)
                ).html
                expenseByCategory(byCategory, t, currency)
                cashflowChart(cashflow, t, currency)
                ageingChart(ageing, t, currency)
                mrrChart(recurring, t, currency)
            }
            HTML.element("div", [("class", "grid")]) {
                budgetsCard(budgets, t)
                overdueCard(overdue, t)
                upcomingCard(upcoming, t)
            }
        }
        var response = DashboardResponse.html(html)
        response.headers.add("Server-Timing", (reads.serverTiming + (monitors?.serverTiming ?? [])).joined(separator: ", "))
        return response
    }

    static func description(_ t: DashboardLanguage, _ title: DashboardText, _ currency: String) -> String {
        "\(t(title)) (\(t(.inCurrency)) \(currency)). \(t(.chartDataTable)): ↓"
    }

    static func amounts(_ totals: JSONValue?) -> [String] {
        totals?["amounts"]?.items.map { $0.stringValue ?? "" } ?? []
    }

    static func expenseByCategory(_ report: JSONValue?, _ t: DashboardLanguage, _ currency: String) -> HTML {
        let groups = (report?["groups"]?.items ?? []).filter { $0.text("section") == "expense" }
        return SVGChart(
            id: "chart-expense", title: t(.chartExpenseByCategory), description: description(t, .chartExpenseByCategory, currency),
            labels: groups.map { group in
                let name = group.text("name"), code = group.text("code")
                return name.isEmpty ? (code.isEmpty ? "—" : code) : name
            },
            series: [.init(key: "expense", label: t(.seriesExpense), values: groups.map { $0.text("total") })],
            axisName: t(.columnCategory)
        ).html
    }

    static func cashflowChart(_ report: JSONValue?, _ t: DashboardLanguage, _ currency: String) -> HTML {
        let months = report?["months"]?.items ?? []
        return SVGChart(
            id: "chart-cashflow", title: t(.chartCashflow), description: description(t, .chartCashflow, currency),
            labels: months.map { $0.text("month") },
            series: [
                .init(key: "money_in", label: t(.seriesMoneyIn), values: months.map { $0.text("money_in") }),
                .init(key: "money_out", label: t(.seriesMoneyOut), values: months.map { $0.text("money_out") }),
            ], axisName: t(.columnMonth)
        ).html
    }

    static let ageingBuckets = ["current", "days_1_30", "days_31_60", "days_61_90", "days_over_90"]

    static func ageingChart(_ report: JSONValue?, _ t: DashboardLanguage, _ currency: String) -> HTML {
        let total = report?["total"]
        return SVGChart(
            id: "chart-ageing", title: t(.chartAgeing), description: description(t, .chartAgeing, currency),
            labels: ["0", "1–30", "31–60", "61–90", "> 90"],
            series: [.init(key: "open", label: t(.seriesAmount), values: ageingBuckets.map { total?.text($0) ?? "" })],
            axisName: t(.columnBucket)
        ).html
    }

    static func mrrChart(_ report: JSONValue?, _ t: DashboardLanguage, _ currency: String) -> HTML {
        let rows = (report?["data"]?.items ?? []).filter { $0.text("currency") == currency }
        return SVGChart(
            id: "chart-mrr", title: t(.chartMRR), description: description(t, .chartMRR, currency),
            labels: rows.map { String($0.text("month_end").prefix(7)) },
            series: [.init(key: "mrr", label: t(.seriesMRR), values: rows.map { $0.text("closing_monthly") }, line: true)],
            axisName: t(.columnMonth)
        ).html
    }

    static func budgetsCard(_ budgets: [BudgetSummary], _ t: DashboardLanguage) -> HTML {
        .element("section", [("class", "card"), ("id", "budgets"), ("aria-labelledby", "budgets-heading")]) {
            HTML.element("h2", [("id", "budgets-heading")]) { t(.budgetsTitle) }
            if budgets.isEmpty {
                HTML.element("p") { t(.budgetsNone) }
            } else {
                DashboardBlocks.table(
                    [t(.budgetName), t(.budgetBudgeted), t(.budgetActual), t(.budgetUsed)], numeric: [1, 2, 3]
                ) {
                    for budget in budgets {
                        HTML.element("tr", [("data-budget", budget.id), ("data-alert", budget.alert ? "true" : "false")]) {
                            HTML.element("th", [("scope", "row")]) { budget.name }
                            HTML.element("td", [("class", "num")]) { budget.budgeted }
                            HTML.element("td", [("class", "num")]) { budget.actual }
                            HTML.element("td", [("class", budget.alert ? "num alert" : "num")]) {
                                budget.utilisation.isEmpty ? "—" : "\(budget.utilisation) %"
                                if budget.alert { HTML.element("span", [("class", "visually-hidden")]) { " — \(t(.budgetAlert))" }; " ⚠" }
                            }
                        }
                    }
                }
            }
        }
    }

    static func overdueCard(_ list: JSONValue?, _ t: DashboardLanguage) -> HTML {
        let invoices = list?["data"]?.items ?? []
        return .element("section", [("class", "card"), ("id", "overdue"), ("aria-labelledby", "overdue-heading")]) {
            HTML.element("h2", [("id", "overdue-heading")]) { t(.overdueTitle) }
            if invoices.isEmpty {
                HTML.element("p") { t(.overdueNone) }
            } else {
                InvoicePages.table(invoices, t)
            }
        }
    }

    /// The upcoming postings the card lists (and all the page asks for: `limit`).
    static let upcomingShown = 20

    static func upcomingCard(_ report: JSONValue?, _ t: DashboardLanguage) -> HTML {
        let rows = report?["data"]?.items ?? []
        return .element("section", [("class", "card"), ("id", "upcoming"), ("aria-labelledby", "upcoming-heading")]) {
            HTML.element("h2", [("id", "upcoming-heading")]) { t(.upcomingTitle) }
            if rows.isEmpty {
                HTML.element("p") { t(.upcomingNone) }
            } else {
                DashboardBlocks.table([t(.columnDate), t(.columnSource), t(.invoiceParty), t(.invoiceTotal)], numeric: [3]) {
                    for row in rows.prefix(upcomingShown) {
                        HTML.element("tr") {
                            HTML.element("td") { row.text("date") }
                            HTML.element("td") { "\(row.text("source")): \(row.text("name"))" }
                            HTML.element("td") { row.text("party_name") }
                            HTML.element("td", [("class", "num")]) { "\(row.text("total")) \(row.text("currency"))" }
                        }
                    }
                }
            }
        }
    }
}

/// One budget line's use this year, from `GET /v1/budgets/{id}/monitor` (its annual figures), flagged when its
/// utilisation reached the budget's lowest alert threshold (`thresholds`, percents; 100 without any).
struct BudgetSummary: Sendable {
    let id: String
    let name: String
    let budgeted: String
    let actual: String
    let utilisation: String
    let alert: Bool

    /// The lines of the budgets in `list` (`GET /v1/budgets`), their monitors read at once; and those reads'
    /// times (`nil` without a budget).
    static func load(_ api: DashboardAPI, list: JSONValue?) -> ([BudgetSummary], DashboardAPI.Reads?) {
        let budgets = (list?["data"]?.items ?? []).filter { !$0.text("id").isEmpty }
        guard !budgets.isEmpty else { return ([], nil) }
        let monitors = api.get(budgets.map { budget in
            .init("budget-monitor", "/v1/budgets/\(DashboardAPI.encode(budget.text("id")))/monitor")
        })
        let summaries = zip(budgets, monitors.values).flatMap { budget, monitor -> [BudgetSummary] in
            guard let monitor else { return [] }
            let id = budget.text("id")
            // A percentage against a threshold: not money, a Double is exact enough to compare.
            let threshold = budget["thresholds"]?.items.compactMap { $0.stringValue.flatMap(Double.init) }.min() ?? 100
            return (monitor["lines"]?.items ?? []).map { line in
                let annual = line["annual"]
                let utilisation = annual?.text("utilisation_percent") ?? ""
                return BudgetSummary(
                    id: id, name: "\(budget.text("name")) · \(line.text("account_code"))", budgeted: annual?.text("budget") ?? "",
                    actual: annual?.text("actual") ?? "", utilisation: utilisation,
                    alert: (Double(utilisation) ?? 0) >= threshold)
            }
        }
        return (summaries, monitors)
    }
}
