import Domain
import Foundation
import HTTPServer
import Store

/// The budget reports: one table each, built from a ``BudgetMonitor`` and served as JSON (`data` rows keyed by
/// column) or CSV (the same columns, via ``CSVWriter``).
enum BudgetReport: String, CaseIterable {
    case toActual = "budget-to-actual"
    case variance = "budget-variance"
    case trend = "budget-trend"
    case forecast = "budget-forecast"

    /// A cell: text (amounts are decimal strings), an integer, a flag, or nothing.
    enum Cell {
        case text(String?)
        case int(Int)
        case bool(Bool)

        var csv: String? {
            switch self {
            case .text(let text): text
            case .int(let value): String(value)
            case .bool(let value): value ? "true" : "false"
            }
        }
    }

    var columns: [String] {
        let line = ["line_no", "account_code", "account_name", "account_type"]
        switch self {
        case .toActual:
            return line + ["annual_budget", "budget_to_date", "actual_to_date", "remaining", "utilisation_percent"]
        case .variance:
            return line + ["budget_to_date", "actual_to_date", "variance", "variance_percent", "favourable"]
        case .trend:
            return line + ["month", "month_start", "budget", "actual", "variance", "cumulative_budget", "cumulative_actual"]
        case .forecast:
            return line + [
                "annual_budget", "actual_to_date", "elapsed_months", "forecast", "forecast_variance",
                "forecast_variance_percent", "favourable",
            ]
        }
    }

    func rows(_ monitor: BudgetMonitor) -> [[Cell]] {
        let currency = monitor.budget.currency
        func money(_ value: ExactDecimal) -> Cell { .text(value.rounded(toPlaces: currency.minorUnits).description) }
        func percent(_ value: ExactDecimal?) -> Cell { .text(value?.rounded(toPlaces: 2).description) }
        var rows = [[Cell]]()
        for entry in monitor.lines {
            let f = entry.figures
            let line: [Cell] = [
                .int(entry.line.lineNo), .text(entry.line.accountCode), .text(entry.line.accountName),
                .text(entry.line.kind.rawValue),
            ]
            switch self {
            case .toActual:
                let remaining = (try? f.annualBudget.subtracting(f.actualToDate)) ?? .zero
                rows.append(line + [
                    money(f.annualBudget), money(f.yearToDate.budget), money(f.actualToDate), money(remaining),
                    percent(f.annual.utilisation),
                ])
            case .variance:
                let v = f.yearToDate
                rows.append(line + [money(v.budget), money(v.actual), money(v.amount), percent(v.percent), .bool(v.isFavourable)])
            case .trend:
                for index in 1...12 {
                    let m = f.month(index)
                    rows.append(line + [
                        .int(index), .text(monitor.budget.fiscalYear.monthStart(index).description), money(m.budget),
                        money(m.actual), money(m.amount), money(BudgetDistribution.accumulated(f.monthlyBudget, through: index)),
                        money(BudgetDistribution.accumulated(f.monthlyActual, through: index)),
                    ])
                }
            case .forecast:
                let v = f.forecast
                rows.append(line + [
                    money(f.annualBudget), money(f.actualToDate), .int(monitor.elapsedMonths), money(v.actual),
                    money(v.amount), percent(v.percent), .bool(v.isFavourable),
                ])
            }
        }
        return rows
    }

    func csv(_ monitor: BudgetMonitor) -> CSVWriter {
        var csv = CSVWriter(header: columns)
        for row in rows(monitor) { csv.row(row.map(\.csv)) }
        return csv
    }

    func json(_ monitor: BudgetMonitor) -> Response {
        let columns = self.columns
        let rows = rows(monitor)
        return Response.json { w in
            w.object { w in
                w.key("report"); w.string(rawValue)
                w.key("budget_id"); w.id(monitor.budget.id)
                w.key("name"); w.string(monitor.budget.name)
                w.key("fiscal_year"); w.int(monitor.budget.fiscalYear.year)
                w.key("as_of"); w.date(monitor.asOf)
                w.key("currency"); w.string(monitor.budget.currency.code)
                w.key("data")
                w.array { w in
                    for row in rows {
                        w.object { w in
                            for (column, cell) in zip(columns, row) {
                                w.key(column)
                                switch cell {
                                case .text(let text): w.optionalString(text)
                                case .int(let value): w.int(value)
                                case .bool(let value): w.bool(value)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
