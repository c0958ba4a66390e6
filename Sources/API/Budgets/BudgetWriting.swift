import Domain
import Foundation
import HTTPServer
import Store

/// Writing budgets, their monitor, and expense budget warnings as JSON; amounts at the currency's minor units,
/// percentages with two places.
enum BudgetWriting {
    static func write(_ budget: Budget, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(budget.id)
            w.key("name"); w.string(budget.name)
            w.key("fiscal_year"); w.int(budget.fiscalYear.year)
            w.key("period_start"); w.date(budget.fiscalYear.start)
            w.key("period_end"); w.date(budget.fiscalYear.end)
            w.key("scope"); w.string(budget.scope.wireValue)
            w.key("scope_value"); w.optionalString(budget.scopeValue)
            w.key("currency"); w.string(budget.currency.code)
            w.key("annual_action"); w.string(budget.annualAction.wireValue)
            w.key("monthly_action"); w.string(budget.monthlyAction.wireValue)
            w.key("thresholds"); w.array { w in for t in budget.thresholds { w.string(t.rounded(toPlaces: 2).description) } }
            w.key("lines"); w.array { w in for line in budget.lines { write(line, budget.currency, into: &w) } }
            w.key("created_at"); w.instant(budget.createdAt)
            w.key("updated_at"); w.instant(budget.updatedAt)
        }
    }

    static func write(_ line: BudgetLine, _ currency: Currency, into w: inout JSONWriter) {
        w.object { w in
            w.key("line_no"); w.int(line.lineNo)
            w.key("account_id"); w.id(line.accountID)
            w.key("account_code"); w.string(line.accountCode)
            w.key("account_name"); w.string(line.accountName)
            w.key("account_type"); w.string(line.kind.wireValue)
            w.key("amount"); w.money(line.amount, currency)
            w.key("months"); w.array { w in for month in line.months { w.money(month, currency) } }
            w.key("allocations"); w.objects(line.allocations) { w, allocation in
                w.key("name"); w.string(allocation.name)
                w.key("amount"); w.money(allocation.amount, currency)
            }
        }
    }

    static func write(_ monitor: BudgetMonitor, into w: inout JSONWriter) {
        let currency = monitor.budget.currency
        w.object { w in
            w.budgetOf(monitor)
            w.key("elapsed_months"); w.int(monitor.elapsedMonths)
            w.key("currency"); w.string(currency.code)
            w.key("lines")
            w.array { w in
                for entry in monitor.lines {
                    let figures = entry.figures
                    w.object { w in
                        w.key("line_no"); w.int(entry.line.lineNo)
                        w.key("account_id"); w.id(entry.line.accountID)
                        w.key("account_code"); w.string(entry.line.accountCode)
                        w.key("account_type"); w.string(entry.line.kind.wireValue)
                        w.key("annual"); write(figures.annual, currency, into: &w)
                        w.key("year_to_date"); write(figures.yearToDate, currency, into: &w)
                        w.key("forecast"); write(figures.forecast, currency, into: &w)
                        w.key("months")
                        w.array { w in
                            for index in 1...12 {
                                write(figures.month(index), currency, into: &w, month: index, start: monitor.budget.fiscalYear.monthStart(index))
                            }
                        }
                    }
                }
            }
        }
    }

    static func write(
        _ variance: BudgetVariance, _ currency: Currency, into w: inout JSONWriter, month: Int? = nil, start: CalendarDate? = nil
    ) {
        w.object { w in
            if let month { w.key("month"); w.int(month) }
            if let start { w.key("start"); w.date(start) }
            w.key("budget"); w.money(variance.budget, currency)
            w.key("actual"); w.money(variance.actual, currency)
            w.key("variance"); w.money(variance.amount, currency)
            w.key("variance_percent"); percent(variance.percent, into: &w)
            w.key("utilisation_percent"); percent(variance.utilisation, into: &w)
            w.key("favourable"); w.bool(variance.isFavourable)
        }
    }

    static func percent(_ value: ExactDecimal?, into w: inout JSONWriter) {
        if let value { w.string(value.rounded(toPlaces: 2).description) } else { w.null() }
    }

    /// The `warnings` of an expense response: one per budget limit a `warn` control saw exceeded.
    static func write(_ warnings: [BudgetWarning], into w: inout JSONWriter) {
        w.array { w in
            for warning in warnings {
                let currency = warning.budget.currency
                w.object { w in
                    w.key("kind"); w.string("budget_exceeded")
                    w.key("budget_id"); w.id(warning.budgetID)
                    w.key("budget_name"); w.string(warning.budgetName)
                    w.key("line_no"); w.int(warning.lineNo)
                    w.key("period"); w.string(warning.period.wireValue)
                    w.key("budget"); w.money(warning.budget.amount, currency)
                    w.key("actual"); w.money(warning.actual.amount, currency)
                    w.key("overrun"); w.money(warning.overrun.amount, currency)
                    w.key("message"); w.string(warning.description)
                }
            }
        }
    }
}

extension JSONWriter {
    /// The budget a monitor or a budget report is of, and the day it is as of: `budget_id`, `name`, `fiscal_year`,
    /// `as_of`.
    mutating func budgetOf(_ monitor: BudgetMonitor) {
        key("budget_id"); id(monitor.budget.id)
        key("name"); string(monitor.budget.name)
        key("fiscal_year"); int(monitor.budget.fiscalYear.year)
        key("as_of"); date(monitor.asOf)
    }
}
