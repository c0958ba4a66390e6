import Domain
import Foundation
import Postgres
import TestSupport
import XCTest

@testable import Store

/// The recurring-amount report's set-based statement (``RecurringAmountReportStatements/movements``) against the
/// computation it replaced — every change shipped to Swift and swept month by month with
/// ``RecurringMovement/months`` — on varied histories written straight into `recurring_amount_changes`: several
/// changes a month, ties on a date, changes dated by `changed_at` in the tenant's zone, pauses and ends, bounded
/// schedules ending inside, before and after the period (on a month end and not), zero amounts, templates that change
/// currency, rows without an amount, over periods cut mid-month, of one month and of 30.
final class RecurringAmountMovementTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() { fixture?.drop() }

    func testTheStatementEqualsTheMonthlySweepOnVariedHistories() throws {
        var generator = SplitMix64(seed: 26)
        let templates = (0..<400).map { _ in UUID() }
        let zone = "Europe/Paris"
        let start = CalendarDate("2024-10-01")!
        try fixture.transaction { db in
            for (index, template) in templates.enumerated() {
                let changes = Int.random(in: 1...8, using: &generator)
                for _ in 0..<changes {
                    let day = start.adding(days: Int.random(in: 0..<800, using: &generator))
                    let state = ["active", "active", "active", "paused", "ended"].randomElement(using: &generator)!
                    let amount: String? = Int.random(in: 0..<10, using: &generator) == 0
                        ? nil : ["0", "10", "99.5", "250", "1000.25"].randomElement(using: &generator)!
                    let currency = index % 7 == 0 ? ["EUR", "USD", "GBP"].randomElement(using: &generator)! : (index % 3 == 0 ? "USD" : "EUR")
                    let endsOn: CalendarDate? = Int.random(in: 0..<3, using: &generator) == 0
                        ? [day.adding(days: Int.random(in: -40...400, using: &generator)), day.lastDayOfMonth].randomElement(using: &generator)!
                        : nil
                    let effective: CalendarDate? = Bool.random(using: &generator) ? day : nil
                    // Without an effective date: the day of `changed_at` in the zone (22:30 UTC is the next day in Paris).
                    let changedAt = "\(day) \(["10:00", "22:30", "23:30"].randomElement(using: &generator)!)+00"
                    try db.query(
                        """
                        INSERT INTO recurring_amount_changes
                            (template_kind, template_id, reason, state, effective_on, changed_at, period_amount,
                             monthly_amount, currency, ends_on)
                        VALUES ('invoice', $1, 'updated', $2, $3::date, $4::timestamptz, $5::numeric, $5::numeric,
                                CASE WHEN $5::numeric IS NULL THEN NULL ELSE $6 END, $7::date)
                        """, [template, state, effective, changedAt, amount, currency, amount == nil ? nil : endsOn])
                }
            }
            let periods = [
                ("2024-09-01", "2027-02-28"), ("2025-01-01", "2025-12-31"), ("2025-03-15", "2025-08-20"),
                ("2025-06-01", "2025-06-30"), ("2026-02-01", "2026-11-10"), ("2023-01-01", "2023-06-30"),
            ]
            var moved = 0
            for (from, to) in periods {
                let (first, last) = (CalendarDate(from)!, CalendarDate(to)!)
                let reports = try RecurringAmountReportRepository(db).report(.revenue, from: first, to: last, timeZone: zone)
                let expected = try sweep(db, from: first, to: last, timeZone: zone)
                XCTAssertEqual(reports.map(\.currency.code), expected.map(\.currency.code), "\(from)…\(to)")
                for (report, reference) in zip(reports, expected) {
                    XCTAssertEqual(report.months.map(text), reference.months.map(text), "\(from)…\(to) \(report.currency.code)")
                    for month in report.months {
                        for (_, amount) in month.movement where !amount.isZero { moved += 1 }
                    }
                }
            }
            XCTAssertGreaterThan(moved, 50, "the histories move in every way")
        }
    }

    /// A month as text: its figures at 4 places (the statement's sums and the sweep's may differ in trailing zeros).
    private func text(_ month: RecurringMovement.Month) -> String {
        let movement = RecurringMovementKind.allCases.map { "\($0.rawValue) \(month.movement[$0, default: .zero].rounded(toPlaces: 4))" }
        return "\(month.monthEnd) opening \(month.opening.rounded(toPlaces: 4)) \(movement.joined(separator: " ")) "
            + "closing \(month.closing.rounded(toPlaces: 4)) contributors \(month.contributors)"
    }

    /// The computation before the set-based statement (Store, before issue 26's dashboard work): every change up to the
    /// last month end, by effective date then `seq`, templates numbered per currency they have a row in, swept in
    /// Swift. Rows without an amount count zero (the test's templates have no setup to price them by).
    private func sweep(_ db: PostgresConnection, from: CalendarDate, to: CalendarDate, timeZone: String) throws
        -> [RecurringAmountReport]
    {
        var monthEnds = [CalendarDate]()
        var month: CalendarDate? = from.firstDayOfMonth
        while let current = month, current <= to {
            monthEnds.append(current.lastDayOfMonth)
            month = current.checkedAdding(months: 1)
        }
        let openingDate = from.firstDayOfMonth.adding(days: -1)
        let rows = try db.query(
            """
            SELECT template_id, effective, state = 'active' AS active, monthly_amount, currency, ends_on
            FROM (SELECT *, coalesce(effective_on, (changed_at AT TIME ZONE $2)::date) AS effective
                  FROM recurring_amount_changes WHERE template_kind = $1) AS changes
            WHERE effective <= $3::date
            ORDER BY effective, seq
            """, ["invoice", timeZone, monthEnds.last!])
        var numbers = [String: [UUID: Int]]()
        var parsed = [(template: UUID, effective: CalendarDate, amount: ExactDecimal, currency: String?, endsOn: CalendarDate?)]()
        for row in rows {
            let template = try row.decode(UUID.self, "template_id")
            let currency = try row.decode(String?.self, "currency")
            var amount = try row.decode(ExactDecimal?.self, "monthly_amount") ?? .zero
            if !(try row.decode(Bool.self, "active")) { amount = .zero }
            if let currency, numbers[currency]?[template] == nil {
                numbers[currency, default: [:]][template] = numbers[currency]?.count ?? 0
            }
            parsed.append(
                (template, try row.decode(CalendarDate.self, "effective"), amount, currency,
                 try row.decode(CalendarDate?.self, "ends_on")))
        }
        return try numbers.keys.sorted().map { code in
            let inCurrency = numbers[code] ?? [:]
            let changes = parsed.compactMap { row -> RecurringMovement.Change? in
                guard let number = inCurrency[row.template] else { return nil }
                return RecurringMovement.Change(
                    template: number, effectiveOn: row.effective, amount: row.currency == code ? row.amount : .zero,
                    endsOn: row.endsOn)
            }
            return RecurringAmountReport(
                currency: Currency(code: code)!,
                months: try RecurringMovement.months(
                    changes, templateCount: inCurrency.count, openingDate: openingDate, monthEnds: monthEnds))
        }
    }
}
