import Domain
import Foundation
import Postgres

/// Which recurring templates a recurring-amount report sums: invoice setups (MRR, recurring revenue) or recurring
/// expenses (monthly committed spend).
public enum RecurringAmountSide: String, Sendable {
    case revenue = "invoice"
    case commitments = "expense"
}

/// A recurring-amount report in one currency: per month of the period, the monthly amount at the previous month end,
/// its movement and the amount at the month end (docs/reports.md, "Recurring revenue and commitments").
public struct RecurringAmountReport: Sendable, Hashable {
    public let currency: Currency
    public let months: [RecurringMovement.Month]
}

/// Reads MRR or committed spend from `recurring_amount_changes` for the tenant the connection is bound to.
public struct RecurringAmountReportRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// The months from `from`'s month through `to`'s, per currency (sorted by code), changes dated in `timeZone`
    /// (the tenant's IANA name) when they carry no effective date.
    /// - Throws: ``LedgerError/validation(_:)`` at `to` when the period is reversed or too long.
    public func report(_ side: RecurringAmountSide, from: CalendarDate, to: CalendarDate, timeZone: String) throws
        -> [RecurringAmountReport]
    {
        try LedgerError.check(ReportPeriod.violations(from: from, to: to))
        let first = from.firstDayOfMonth
        var monthEnds = [CalendarDate]()
        var month: CalendarDate? = first
        while let current = month, current <= to {
            monthEnds.append(current.lastDayOfMonth)
            month = current.checkedAdding(months: 1)
        }
        guard let openingDate = first.checkedAdding(days: -1), let last = monthEnds.last else { return [] }
        let rows = try db.query(RecurringAmountReportStatements.changes, [side.rawValue, timeZone, last])
        let resolved = try resolveBackfilled(side, rows)
        // Templates are numbered densely by the query; per currency, those with a row in it are numbered again (their
        // rows in another currency count zero there).
        struct Parsed {
            var template: Int
            var effectiveOn: CalendarDate
            var amount: ExactDecimal
            var currency: Currency?
            var endsOn: CalendarDate?
        }
        var parsed = [Parsed]()
        parsed.reserveCapacity(rows.count)
        var numbers = [Currency: [Int: Int]]()
        for row in rows {
            let template = try row.decode(Int.self, "template_number")
            var parsedRow = Parsed(
                template: template, effectiveOn: try LedgerSQL.date(row, "effective"), amount: .zero, currency: nil,
                endsOn: try row.decode(CalendarDate?.self, "ends_on"))
            if let monthly = try row.decode(ExactDecimal?.self, "monthly_amount") {
                parsedRow.amount = monthly
                parsedRow.currency = try LedgerSQL.currency(row)
            } else if let figure = resolved[try row.decode(UUID.self, "backfilled_id")] {
                (parsedRow.amount, parsedRow.currency, parsedRow.endsOn) = (figure.monthlyAmount, figure.currency, figure.endsOn)
            }
            if !(try row.decode(Bool.self, "active")) { parsedRow.amount = .zero }
            if let currency = parsedRow.currency, numbers[currency]?[template] == nil {
                numbers[currency, default: [:]][template] = numbers[currency]?.count ?? 0
            }
            parsed.append(parsedRow)
        }
        return try numbers.keys.sorted().map { currency in
            let inCurrency = numbers[currency] ?? [:]
            let changes = parsed.compactMap { row -> RecurringMovement.Change? in
                guard let number = inCurrency[row.template] else { return nil }
                return RecurringMovement.Change(
                    template: number, effectiveOn: row.effectiveOn, amount: row.currency == currency ? row.amount : .zero,
                    endsOn: row.endsOn)
            }
            return RecurringAmountReport(
                currency: currency,
                months: try RecurringMovement.months(
                    changes, templateCount: inCurrency.count, openingDate: openingDate, monthEnds: monthEnds))
        }
    }

    /// The amounts of templates with backfilled rows (no amount yet): as they stand now.
    private func resolveBackfilled(_ side: RecurringAmountSide, _ rows: PostgresRows) throws -> [UUID: RecurringAmountFigure] {
        var ids = Set<UUID>()
        for row in rows {
            if let id = try row.decode(UUID?.self, "backfilled_id") { ids.insert(id) }
        }
        guard !ids.isEmpty else { return [:] }
        switch side {
        case .revenue: return try figures(Array(ids), RecurringInvoiceKind.self)
        case .commitments: return try figures(Array(ids), RecurringExpenseKind.self)
        }
    }

    private func figures<Kind: RecurringTemplateKind>(_ ids: [UUID], _ kind: Kind.Type) throws -> [UUID: RecurringAmountFigure] {
        let templates = try Kind.templates(Array(try db.query(Kind.statements.byIDs, [SQLArray(ids)])), on: db)
        var figures = [UUID: RecurringAmountFigure]()
        for template in templates { figures[template.id] = try RecurringAmountFigure.of(template, kind, on: db) }
        return figures
    }
}

/// The statements of ``RecurringAmountReportRepository``.
enum RecurringAmountReportStatements {
    /// $1 template kind, $2 the tenant's time zone, $3 the last month end: every change up to it, by effective date
    /// (ties in the order written); templates numbered 0, 1, … (`template_number`), named only when the row is
    /// backfilled (`backfilled_id`).
    static let changes = PostgresStatement(
        "recurring_amount_report_changes",
        """
        SELECT dense_rank() OVER (ORDER BY template_id)::int - 1 AS template_number,
               CASE WHEN monthly_amount IS NULL THEN template_id END AS backfilled_id,
               effective, state = 'active' AS active, monthly_amount, currency, ends_on
        FROM (SELECT *, coalesce(effective_on, (changed_at AT TIME ZONE $2)::date) AS effective
              FROM recurring_amount_changes WHERE template_kind = $1) AS changes
        WHERE effective <= $3::date
        ORDER BY effective, seq
        """, planning: .perExecution)
}
