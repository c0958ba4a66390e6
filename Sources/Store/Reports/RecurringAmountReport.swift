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

    /// The longest period: `to` is before `from` + this many years (120 months).
    public static let maximumYears = 10

    public init(_ connection: PostgresConnection) { db = connection }

    /// The months from `from`'s month through `to`'s, per currency (sorted by code), changes dated in `timeZone`
    /// (the tenant's IANA name) when they carry no effective date.
    /// - Throws: ``LedgerError/validation(_:)`` at `to` when the period is reversed or too long.
    public func report(_ side: RecurringAmountSide, from: CalendarDate, to: CalendarDate, timeZone: String) throws
        -> [RecurringAmountReport]
    {
        try LedgerError.check(ReportPeriod.violations(from: from, to: to, maximumYears: Self.maximumYears))
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
        var currencies = Set<Currency>()
        var parsed = [(id: String, effectiveOn: CalendarDate, active: Bool, figure: RecurringAmountFigure?)]()
        for row in rows {
            let id = try row.decode(UUID.self, "template_id")
            var figure: RecurringAmountFigure?
            if let monthly = try row.decode(ExactDecimal?.self, "monthly_amount") {
                figure = RecurringAmountFigure(
                    periodAmount: try row.decode(ExactDecimal.self, "period_amount"), monthlyAmount: monthly,
                    currency: try LedgerSQL.currency(row), endsOn: try row.decode(CalendarDate?.self, "ends_on"))
            } else {
                figure = resolved[id]
            }
            if let figure { currencies.insert(figure.currency) }
            parsed.append(
                (id.uuidString.lowercased(), try LedgerSQL.date(row, "effective"), try row.decode(String.self, "state") == "active", figure))
        }
        return try currencies.sorted().map { currency in
            let changes = parsed.map {
                RecurringMovement.Change(
                    templateID: $0.id, effectiveOn: $0.effectiveOn,
                    amount: $0.active && $0.figure?.currency == currency ? $0.figure?.monthlyAmount ?? .zero : .zero,
                    endsOn: $0.figure?.endsOn)
            }
            return RecurringAmountReport(
                currency: currency, months: try RecurringMovement.months(changes, openingDate: openingDate, monthEnds: monthEnds))
        }
    }

    /// The amounts of templates whose only rows are backfilled (no amount yet): as they stand now.
    private func resolveBackfilled(_ side: RecurringAmountSide, _ rows: PostgresRows) throws -> [UUID: RecurringAmountFigure] {
        var ids = Set<UUID>()
        for row in rows where try row.decode(ExactDecimal?.self, "monthly_amount") == nil {
            ids.insert(try row.decode(UUID.self, "template_id"))
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
    /// (ties in the order written).
    static let changes = PostgresStatement(
        "recurring_amount_report_changes",
        """
        SELECT template_id, effective, state, period_amount, monthly_amount, currency, ends_on
        FROM (SELECT *, coalesce(effective_on, (changed_at AT TIME ZONE $2)::date) AS effective
              FROM recurring_amount_changes WHERE template_kind = $1) AS changes
        WHERE effective <= $3::date
        ORDER BY effective, seq
        """)
}
