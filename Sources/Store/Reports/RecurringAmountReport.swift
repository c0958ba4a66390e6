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
        let backfilled = try resolveBackfilled(side)
        let rows = try db.query(
            RecurringAmountReportStatements.movements,
            [
                side.rawValue, timeZone, openingDate, last, monthEnds.count, SQLArray(backfilled.map(\.id)),
                SQLArray(backfilled.map(\.figure.monthlyAmount)), SQLArray(backfilled.map { Optional($0.figure.currency.code) }),
                SQLArray(backfilled.map { $0.figure.endsOn?.description }), openingDate.year * 12 + openingDate.month,
            ])
        // Per currency: the opening (month 0) and, per month, the movement by kind and the change in contributors;
        // the closing of each month is its opening plus its movement (the statement's figures are exactly that sum).
        struct Sums {
            var opening = ExactDecimal.zero
            var openingContributors = 0
            var movement = [[RecurringMovementKind: ExactDecimal]]()
            var contributors = [Int]()
        }
        var sums = [Currency: Sums]()
        for row in rows {
            let currency = try LedgerSQL.currency(row)
            let month = try row.decode(Int.self, "month")
            let amount = try row.decode(ExactDecimal.self, "amount")
            let contributors = try row.decode(Int.self, "contributors")
            var sum = sums[currency] ?? Sums(
                movement: Array(repeating: [:], count: monthEnds.count), contributors: Array(repeating: 0, count: monthEnds.count))
            let kind = try row.decode(String.self, "kind")
            if month == 0 {
                sum.opening = try sum.opening.adding(amount)
                sum.openingContributors += contributors
            } else if let movement = RecurringMovementKind(rawValue: kind), (1...monthEnds.count).contains(month) {
                sum.movement[month - 1][movement] = try sum.movement[month - 1][movement, default: .zero].adding(amount)
                sum.contributors[month - 1] += contributors
            } else {
                throw PostgresError.decoding(DecodingFailure(column: "kind", reason: .invalidValue(expected: "a movement of a month")))
            }
            sums[currency] = sum
        }
        return try sums.keys.sorted().map { currency in
            let sum = sums[currency] ?? Sums()
            var opening = sum.opening, contributors = sum.openingContributors
            var months = [RecurringMovement.Month]()
            for (index, monthEnd) in monthEnds.enumerated() {
                var movement = Dictionary(uniqueKeysWithValues: RecurringMovementKind.allCases.map { ($0, ExactDecimal.zero) })
                var closing = opening
                for (kind, amount) in sum.movement[index] {
                    movement[kind] = amount
                    closing = try closing.adding(amount)
                }
                contributors += sum.contributors[index]
                months.append(
                    RecurringMovement.Month(
                        monthEnd: monthEnd, opening: opening, movement: movement, closing: closing, contributors: contributors))
                opening = closing
            }
            return RecurringAmountReport(currency: currency, months: months)
        }
    }

    /// The amounts of templates with backfilled rows (no amount yet): as they stand now (priced by their previews,
    /// so in Swift; passed to the statement as arrays).
    private func resolveBackfilled(_ side: RecurringAmountSide) throws -> [(id: UUID, figure: RecurringAmountFigure)] {
        let ids = try db.query(RecurringAmountReportStatements.backfilled, [side.rawValue])
            .map { try $0.decode(UUID.self, "template_id") }
        guard !ids.isEmpty else { return [] }
        let figures = switch side {
        case .revenue: try figures(ids, RecurringInvoiceKind.self)
        case .commitments: try figures(ids, RecurringExpenseKind.self)
        }
        return figures.sorted { $0.key.uuidString < $1.key.uuidString }.map { (id: $0.key, figure: $0.value) }
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
    /// $1 template kind: the templates whose rows are backfilled (no amount until their first change).
    static let backfilled = PostgresStatement(
        "recurring_amount_report_backfilled",
        "SELECT DISTINCT template_id FROM recurring_amount_changes WHERE template_kind = $1 AND monthly_amount IS NULL",
        planning: .perExecution)

    /// The movement of the monthly amounts, set-based (docs/reports.md, "Movement"): $1 template kind, $2 the tenant's
    /// time zone (the day of a change without an effective date), $3 the opening date (the day before the first
    /// month), $4 the last month end, $5 the number of months, $6–$9 the backfilled templates' ids, monthly amounts,
    /// currencies and last days (``resolveBackfilled``), $10 the opening date's month as year × 12 + month.
    ///
    /// Month k (0: the opening date, 1…$5: the month ends) holds what each template's latest change on or before its
    /// date says (later `seq` winning ties; zero when not active, in another currency or past `ends_on`). Rows are
    /// sorted once per template and currency it has rows in (a template in two currencies counts zero in the
    /// other's rows, as before): the last change of each month is that month's value (`next_k` differs), `lag()`
    /// over those gives the previous value, and a change whose `ends_on` falls before the next change adds a churn
    /// to zero in the first month ending after it. Each move is classified as ``RecurringMovement/classify`` does
    /// (`had_amount`: a positive change in an earlier month) and summed per currency, month and kind; month 0's
    /// sum is the opening, and a zero opening row names every currency with a template. Rows per template and month
    /// *where it changes*, not templates × months; no change row leaves the server.
    static let movements = PostgresStatement(
        "recurring_amount_report_movements",
        """
        WITH changes AS (
            SELECT c.template_id, c.seq, c.effective, c.state = 'active' AS active,
                   coalesce(c.monthly_amount, b.monthly) AS amount, coalesce(c.currency, b.currency) AS currency,
                   CASE WHEN c.monthly_amount IS NULL THEN b.ends_on ELSE c.ends_on END AS ends_on
            FROM (SELECT *, coalesce(effective_on, (changed_at AT TIME ZONE $2)::date) AS effective
                  FROM recurring_amount_changes WHERE template_kind = $1) c
            LEFT JOIN unnest($6::uuid[], $7::numeric[], $8::text[], $9::date[]) AS b (id, monthly, currency, ends_on)
                ON c.monthly_amount IS NULL AND b.id = c.template_id
            WHERE c.effective <= $4::date
        ), currencies AS (
            SELECT c.*, min(c.currency) OVER t AS lo, max(c.currency) OVER t AS hi, array_agg(c.currency) OVER t AS all_currencies
            FROM changes c
            WINDOW t AS (PARTITION BY c.template_id ORDER BY c.effective, c.seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
        ), marked AS (
            SELECT r.report_currency, c.template_id, c.effective, c.seq, x.k, x.ends_k,
                   CASE WHEN c.currency = r.report_currency AND c.active AND c.amount > 0 THEN c.amount ELSE 0 END AS amount,
                   lead(x.k) OVER w AS next_k,
                   count(*) FILTER (WHERE c.currency = r.report_currency AND c.active AND c.amount > 0) OVER w AS positives
            FROM currencies c
            CROSS JOIN LATERAL unnest(
                CASE WHEN c.lo = c.hi THEN ARRAY[c.lo]
                     ELSE ARRAY(SELECT DISTINCT u FROM unnest(c.all_currencies) u WHERE u IS NOT NULL) END) r (report_currency)
            CROSS JOIN LATERAL (
                SELECT greatest(0, (date_part('year', c.effective) * 12 + date_part('month', c.effective))::int - $10) AS k,
                       CASE WHEN c.ends_on IS NULL THEN NULL
                            WHEN c.ends_on < $3::date THEN 0
                            ELSE (date_part('year', c.ends_on) * 12 + date_part('month', c.ends_on))::int - $10
                                 + (date_part('day', c.ends_on + 1) = 1)::int
                       END AS ends_k
            ) x
            WHERE r.report_currency IS NOT NULL
            WINDOW w AS (PARTITION BY c.template_id, r.report_currency ORDER BY c.effective, c.seq)
        ), events AS (
            SELECT report_currency, k, ends_k, next_k, amount,
                   CASE WHEN ends_k IS NULL OR ends_k > k THEN amount ELSE 0 END AS after,
                   CASE WHEN lag(ends_k) OVER w IS NULL OR lag(ends_k) OVER w >= k THEN coalesce(lag(amount) OVER w, 0) ELSE 0 END
                       AS before,
                   coalesce(lag(positives) OVER w, 0) > 0 AS had_amount
            FROM marked
            WHERE next_k IS DISTINCT FROM k
            WINDOW w AS (PARTITION BY template_id, report_currency ORDER BY effective, seq)
        ), moves AS (
            SELECT report_currency, k,
                   CASE WHEN k = 0 THEN 'opening'
                        WHEN before = 0 THEN CASE WHEN had_amount THEN 'reactivation' ELSE 'new' END
                        WHEN after = 0 THEN 'churn'
                        WHEN after > before THEN 'expansion'
                        ELSE 'contraction' END AS kind,
                   after - before AS amount, (after > 0)::int - (before > 0)::int AS contributors
            FROM events WHERE after <> before
            UNION ALL
            SELECT report_currency, ends_k, 'churn', -amount, -1
            FROM events WHERE amount > 0 AND ends_k > k AND ends_k <= $5 AND (next_k IS NULL OR next_k > ends_k)
            UNION ALL
            SELECT report_currency, 0, 'opening', 0, 0 FROM events WHERE next_k IS NULL
        )
        SELECT report_currency AS currency, k AS month, kind, sum(amount) AS amount, sum(contributors)::int AS contributors
        FROM moves GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        """, planning: .perExecution)
}
