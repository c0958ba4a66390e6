import Domain
import Foundation
import HTTPServer
import Store

/// The budget reports: one table each, built from a ``BudgetMonitor`` and served as JSON (`data` rows keyed by
/// column) or CSV (the same columns), as a ``ReportTable``. A report is named as every enum value on the wire
/// (`"report": "budget_to_actual"`) and served at the same name in a path's kebab-case (`/v1/reports/budget-to-actual`).
enum BudgetReport: String, WireEnum {
    case budgetToActual, budgetVariance, budgetTrend, budgetForecast

    /// `budget-to-actual`: the route's last segment and the CSV file's name.
    var pathSegment: String { wireValue.replacingOccurrences(of: "_", with: "-") }

    /// `budgetToActualReport`.
    var operationID: String { rawValue + "Report" }

    var columns: [String] {
        let line = ["line_no", "account_code", "account_name", "account_type"]
        switch self {
        case .budgetToActual:
            return line + ["annual_budget", "budget_to_date", "actual_to_date", "remaining", "utilisation_percent"]
        case .budgetVariance:
            return line + ["budget_to_date", "actual_to_date", "variance", "variance_percent", "favourable"]
        case .budgetTrend:
            return line + ["month", "month_start", "budget", "actual", "variance", "cumulative_budget", "cumulative_actual"]
        case .budgetForecast:
            return line + [
                "annual_budget", "actual_to_date", "elapsed_months", "forecast", "forecast_variance",
                "forecast_variance_percent", "favourable",
            ]
        }
    }

    func rows(_ monitor: BudgetMonitor) -> [[ReportCell]] {
        let currency = monitor.budget.currency
        func money(_ value: ExactDecimal) -> ReportCell { .money(value, currency) }
        func percent(_ value: ExactDecimal?) -> ReportCell { .text(value?.rounded(toPlaces: 2).description) }
        var rows = [[ReportCell]]()
        for entry in monitor.lines {
            let f = entry.figures
            let line: [ReportCell] = [
                .int(entry.line.lineNo), .text(entry.line.accountCode), .text(entry.line.accountName),
                .text(entry.line.kind.wireValue),
            ]
            switch self {
            case .budgetToActual:
                let remaining = (try? f.annualBudget.subtracting(f.actualToDate)) ?? .zero
                rows.append(line + [
                    money(f.annualBudget), money(f.yearToDate.budget), money(f.actualToDate), money(remaining),
                    percent(f.annual.utilisation),
                ])
            case .budgetVariance:
                let v = f.yearToDate
                rows.append(line + [money(v.budget), money(v.actual), money(v.amount), percent(v.percent), .bool(v.isFavourable)])
            case .budgetTrend:
                for index in 1...12 {
                    let m = f.month(index)
                    rows.append(line + [
                        .int(index), .text(monitor.budget.fiscalYear.monthStart(index).description), money(m.budget),
                        money(m.actual), money(m.amount), money(BudgetDistribution.accumulated(f.monthlyBudget, through: index)),
                        money(BudgetDistribution.accumulated(f.monthlyActual, through: index)),
                    ])
                }
            case .budgetForecast:
                let v = f.forecast
                rows.append(line + [
                    money(f.annualBudget), money(f.actualToDate), .int(monitor.elapsedMonths), money(v.actual),
                    money(v.amount), percent(v.percent), .bool(v.isFavourable),
                ])
            }
        }
        return rows
    }

    /// The report as JSON (`data` rows keyed by column) or CSV, as `request` asks.
    func response(_ monitor: BudgetMonitor, _ request: Request) -> Response {
        ReportTable(columns: columns, rows: rows(monitor))
            .response(request, filename: "\(pathSegment)-\(monitor.budget.fiscalYear.year).csv") { w in
                w.key("report"); w.string(wireValue)
                w.budgetOf(monitor)
                w.key("currency"); w.string(monitor.budget.currency.code)
            }
    }
}
