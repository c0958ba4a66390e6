import Domain
import HTTPServer
import Store

/// What the period reports (cashflow, income and expense, ageing, tax summary…) share: reading the period and writing
/// the JSON header.
extension ReportQuery {
    /// A period report's query: `from` and `to` (required, bounded by `violations`, ``ReportPeriod``'s unless the
    /// report has its own), `currency` (default the tenant's base currency) and whatever `more` reads — every
    /// problem at once, as one 422.
    static func period<T>(
        _ r: TenantRequest, known: [String],
        violations: (CalendarDate, CalendarDate) -> [FieldViolation] = ReportPeriod.violations(from:to:),
        _ more: (inout ReportQuery) -> T
    ) throws -> (from: CalendarDate, to: CalendarDate, currency: Currency, more: T) {
        var query = ReportQuery(r.request, known: known)
        let from = query.date("from", required: true), to = query.date("to", required: true)
        let extra = more(&query)
        let currency = query.currency(default: r.tenant.currency)
        if let from, let to { query.add(violations(from, to)) }
        try query.finish()
        guard let from, let to else { throw Problem.validation(query.errors) }
        return (from, to, currency, extra)
    }
}

extension JSONWriter {
    /// The fields a period report's JSON starts with: `report`, `from`, `to`, `currency`.
    mutating func reportHeader(_ report: String, from: CalendarDate, to: CalendarDate, currency: Currency) {
        key("report"); string(report)
        key("from"); date(from)
        key("to"); date(to)
        key("currency"); string(currency.code)
    }
}
