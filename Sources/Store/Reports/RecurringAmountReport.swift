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
        // The movement statement's cost estimate grows with the history (about 6,300 at 27,457 rows): a tenant with
        // ~15 times that would pass `jit_above_cost` and compile for seconds what runs in tens of ms. The statement
        // that finds the backfilled templates turns JIT off for the transaction (one round trip for both).
        func movements(_ backfilled: [(id: UUID, figure: RecurringAmountFigure)], unlessBackfilled: Bool)
            -> (PostgresStatement, [any PostgresEncodable])
        {
            (
                RecurringAmountReportStatements.movements,
                [
                    side.rawValue, timeZone, openingDate, last, monthEnds.count, SQLArray(backfilled.map(\.id)),
                    SQLArray(backfilled.map(\.figure.monthlyAmount)),
                    SQLArray(backfilled.map { Optional($0.figure.currency.code) }),
                    SQLArray(backfilled.map { $0.figure.endsOn?.description }), openingDate.year * 12 + openingDate.month,
                    unlessBackfilled,
                ]
            )
        }
        // One round trip in the usual case: the backfilled templates and the movement assuming there are none (the
        // statement then answers nothing if there are: they are priced in Swift and the movement asked again).
        let answers = try db.queries([
            (RecurringAmountReportStatements.backfilled, [side.rawValue]), movements([], unlessBackfilled: true),
        ])
        let backfilledIDs = try answers[0].compactMap { try $0.decode(UUID?.self, "template_id") }
        let rows: PostgresRows
        if backfilledIDs.isEmpty {
            rows = answers[1]
        } else {
            let (statement, parameters) = movements(try resolveBackfilled(side, backfilledIDs), unlessBackfilled: false)
            rows = try db.query(statement, parameters)
        }
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
    private func resolveBackfilled(_ side: RecurringAmountSide, _ ids: [UUID]) throws
        -> [(id: UUID, figure: RecurringAmountFigure)]
    {
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
    /// $1 template kind: the templates whose rows are backfilled (no amount until their first change), one row with a
    /// NULL `template_id` when none is; and `jit` off for the rest of the transaction (``movements`` is planned after
    /// it: its cost estimate grows with the history and would pass `jit_above_cost` on a large one).
    static let backfilled = PostgresStatement(
        "recurring_amount_report_backfilled",
        """
        SELECT j.jit, t.template_id
        FROM (SELECT set_config('jit', 'off', true) AS jit) j
        LEFT JOIN LATERAL (
            SELECT DISTINCT template_id FROM recurring_amount_changes WHERE template_kind = $1 AND monthly_amount IS NULL
        ) t ON true
        """, planning: .perExecution)

    /// The movement of the monthly amounts, set-based (docs/reports.md, "Movement"): $1 template kind, $2 the tenant's
    /// time zone (the day of a change without an effective date), $3 the opening date (the day before the first
    /// month), $4 the last month end, $5 the number of months, $6–$9 the backfilled templates' ids, monthly amounts,
    /// currencies and last days (``resolveBackfilled``), $10 the opening date's month as year × 12 + month, $11 true:
    /// no row at all when a template of the kind has backfilled rows (the statement sent with ``backfilled`` before
    /// its answer is known, with empty arrays).
    ///
    /// Month k (0: the opening date, 1…$5: the month ends) holds what each template's latest change on or before its
    /// date says (later `seq` winning ties; zero when not active or past `ends_on`), in that change's currency (zero
    /// in every other: a template moved to another currency churns in the old one). The changes are sorted once per
    /// template: the last change of each month is that month's value (`next_k` differs), `lag()` over those gives the
    /// previous value, and a change whose `ends_on` falls before the next change adds a churn to zero in the first
    /// month ending after it. Each move is classified as ``RecurringMovement/classify`` does (reactivation when a
    /// positive change in that currency came in an earlier month: the running list of positive changes' currencies)
    /// and summed per currency, month and kind; month 0's sum is the opening, and a zero opening row names every
    /// currency a template has a change in. Rows per template and month *where it changes*, not templates × months;
    /// no change row leaves the server. Only templates with a change inside the period (`moved`, k > 0) go through
    /// the windows; every other one is settled by its latest change (`DISTINCT ON`): one opening row, and a churn when
    /// that change ends inside the period — what the windows would give a template whose only event is month 0's
    /// (docs/reports.md, "Movement": the windows over every row were 2/3 of the statement's time). (A correlated
    /// `EXISTS` for the reactivation test made the planner's cost estimate pass `jit_above_cost`: 2 s of JIT
    /// compilation for a 100 ms statement.)
    static let movements = PostgresStatement(
        "recurring_amount_report_movements",
        """
        WITH changes AS (
            SELECT c.template_id, c.seq, c.effective, coalesce(c.currency, b.currency) AS currency,
                   CASE WHEN c.state = 'active' AND coalesce(c.monthly_amount, b.monthly) > 0
                        THEN coalesce(c.monthly_amount, b.monthly) ELSE 0 END AS amount,
                   CASE WHEN c.effective <= $3::date THEN 0
                        ELSE (date_part('year', c.effective) * 12 + date_part('month', c.effective))::int - $10 END AS k,
                   CASE WHEN e.ends_on IS NULL THEN NULL
                        WHEN e.ends_on < $3::date THEN 0
                        ELSE (date_part('year', e.ends_on) * 12 + date_part('month', e.ends_on))::int - $10
                             + (date_part('day', e.ends_on + 1) = 1)::int
                   END AS ends_k
            FROM (SELECT *, coalesce(effective_on, (changed_at AT TIME ZONE $2)::date) AS effective
                  FROM recurring_amount_changes WHERE template_kind = $1
                      AND NOT ($11::boolean AND EXISTS (
                          SELECT 1 FROM recurring_amount_changes n WHERE n.template_kind = $1 AND n.monthly_amount IS NULL))
                 ) c
            LEFT JOIN unnest($6::uuid[], $7::numeric[], $8::text[], $9::date[]) AS b (id, monthly, currency, ends_on)
                ON c.monthly_amount IS NULL AND b.id = c.template_id
            CROSS JOIN LATERAL (SELECT CASE WHEN c.monthly_amount IS NULL THEN b.ends_on ELSE c.ends_on END AS ends_on) e
            WHERE c.effective <= $4::date
        ), moved AS (
            SELECT DISTINCT template_id FROM changes WHERE k > 0
        ), settled AS (
            SELECT DISTINCT ON (o.template_id) o.currency, o.amount, o.ends_k
            FROM changes o LEFT JOIN moved m ON m.template_id = o.template_id
            WHERE m.template_id IS NULL
            ORDER BY o.template_id, o.effective DESC, o.seq DESC
        ), marked AS (
            SELECT c.template_id, c.effective, c.seq, c.k, c.currency, c.amount, c.ends_k,
                   lead(c.k) OVER w AS next_k,
                   string_agg(c.currency, ',') FILTER (WHERE c.amount > 0) OVER w AS positive_currencies
            FROM changes c JOIN moved m ON m.template_id = c.template_id
            WINDOW w AS (PARTITION BY c.template_id ORDER BY c.effective, c.seq)
        ), events AS (
            SELECT template_id, k, ends_k, next_k, currency, amount,
                   CASE WHEN ends_k IS NULL OR ends_k > k THEN amount ELSE 0 END AS after,
                   lag(currency) OVER w AS before_currency,
                   CASE WHEN lag(ends_k) OVER w IS NULL OR lag(ends_k) OVER w >= k THEN coalesce(lag(amount) OVER w, 0) ELSE 0 END
                       AS before,
                   coalesce(strpos(lag(positive_currencies) OVER w, currency) > 0, false) AS had_amount
            FROM marked
            WHERE next_k IS DISTINCT FROM k
            WINDOW w AS (PARTITION BY template_id ORDER BY effective, seq)
        ), moves AS (
            -- In the event's currency: from what the previous change held there (nothing when in another currency).
            SELECT e.currency, e.k, e.after - b.before AS amount, (e.after > 0)::int - (b.before > 0)::int AS contributors,
                   CASE WHEN e.k = 0 THEN 'opening'
                        WHEN b.before = 0 THEN
                            CASE WHEN e.had_amount THEN 'reactivation' ELSE 'new' END
                        WHEN e.after = 0 THEN 'churn'
                        WHEN e.after > b.before THEN 'expansion'
                        ELSE 'contraction' END AS kind
            FROM events e
            CROSS JOIN LATERAL (SELECT CASE WHEN e.before_currency IS NOT DISTINCT FROM e.currency THEN e.before ELSE 0 END AS before) b
            WHERE e.after <> b.before
            UNION ALL
            -- The previous change's currency, when this one is in another: its amount ends.
            SELECT before_currency, k, -before, -1, 'churn'
            FROM events WHERE k > 0 AND before > 0 AND before_currency IS DISTINCT FROM currency
            UNION ALL
            -- A bounded change ends before the next one: nothing from the first month ending after its last day.
            SELECT currency, ends_k, -amount, -1, 'churn'
            FROM events WHERE amount > 0 AND ends_k > k AND ends_k <= $5 AND (next_k IS NULL OR next_k > ends_k)
            UNION ALL
            -- A template without a change in the period: its latest change is the opening (and may end within it).
            SELECT currency, 0, after, (after > 0)::int, 'opening'
            FROM (SELECT currency, CASE WHEN ends_k IS NULL OR ends_k > 0 THEN amount ELSE 0 END AS after FROM settled) s
            WHERE after <> 0
            UNION ALL
            SELECT currency, ends_k, -amount, -1, 'churn'
            FROM settled WHERE amount > 0 AND ends_k > 0 AND ends_k <= $5
            UNION ALL
            -- Every currency a template has a change in, even when nothing stands in it.
            SELECT DISTINCT currency, 0, 0, 0, 'opening' FROM changes WHERE currency IS NOT NULL
        )
        SELECT currency, k AS month, kind, sum(amount) AS amount, sum(contributors)::int AS contributors
        FROM moves GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        """, planning: .perExecution)
}
