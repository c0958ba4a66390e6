import Domain
import Foundation
import Postgres

/// What a recurring template bills (or commits) per month: the amount of one occurrence net of tax after line and
/// document discounts (its preview's total less its tax), normalised by ``MonthlyAmount``.
struct RecurringAmountFigure: Sendable {
    var periodAmount: ExactDecimal
    var monthlyAmount: ExactDecimal
    var currency: Currency
    /// The last day its bounded schedule covers.
    var endsOn: CalendarDate?

    /// The figure of `template`, priced by its kind's own preview (the same amounts the EOD posts).
    /// Schedules are read with the calendar fiscal year: only fiscal-period-end rules' end dates depend on it.
    static func of<Kind: RecurringTemplateKind>(_ template: Kind.Template, _: Kind.Type, on db: PostgresConnection) throws
        -> RecurringAmountFigure?
    {
        let schedule = template.recurring.schedule
        let start = schedule.start
        let probe = Occurrence(index: 0, postingDate: start, dueDate: start, periodStart: start, periodEnd: start)
        guard let preview = try Kind.preview(template, [probe], on: db).first, let currency = preview.currency,
            let amounts = preview.amounts
        else { return nil }
        let net = try amounts.total.subtracting(amounts.taxTotal).rounded(toPlaces: currency.minorUnits)
        let monthly = MonthlyAmount.perMonth(net, rule: schedule.rule, places: currency.minorUnits) ?? .zero
        return RecurringAmountFigure(
            periodAmount: net, monthlyAmount: monthly.isNegative ? .zero : monthly, currency: currency,
            endsOn: MonthlyAmount.endsOn(schedule, context: .calendarYear))
    }
}

/// Why a row of `recurring_amount_changes` was written.
enum RecurringAmountReason: String, Sendable {
    case created, updated, paused, resumed, ended, deleted
}

/// The append-only history of recurring templates' monthly amounts (sql/tenant/0034), written in the transaction of
/// every change a template of a tracked kind (``RecurringTemplateKind/amountHistoryKind``) goes through.
enum RecurringAmountHistory {
    /// $1 kind, $2 template, $3 reason, $4 state, $5 effective on (NULL: today in the tenant's zone), $6 period
    /// amount, $7 monthly amount, $8 currency, $9 ends on.
    static let record = PostgresStatement(
        "recurring_amount_changes_record",
        """
        INSERT INTO recurring_amount_changes
            (template_kind, template_id, reason, state, effective_on, period_amount, monthly_amount, currency, ends_on)
        VALUES ($1, $2, $3, $4, $5::date, $6::numeric, $7::numeric, $8, $9::date)
        """)
    /// Fills the backfilled rows of a template (no amount) with its amounts before its first change:
    /// $1 kind, $2 template, $3 period amount, $4 monthly amount, $5 currency, $6 ends on.
    static let fill = PostgresStatement(
        "recurring_amount_changes_fill",
        """
        UPDATE recurring_amount_changes
        SET period_amount = $3::numeric, monthly_amount = $4::numeric, currency = $5, ends_on = $6::date
        WHERE template_kind = $1 AND template_id = $2 AND monthly_amount IS NULL
        """)

    /// Records `template` as it stands after a change (`state` its state now).
    static func record<Kind: RecurringTemplateKind>(
        _ template: Kind.Template, _ kind: Kind.Type, reason: RecurringAmountReason, state: RecurringState? = nil,
        effectiveOn: CalendarDate? = nil, on db: PostgresConnection
    ) throws {
        guard let name = Kind.amountHistoryKind else { return }
        let figure = try RecurringAmountFigure.of(template, kind, on: db)
        try db.query(
            record,
            [
                name, template.id, reason.rawValue, (state ?? template.recurring.state).rawValue, effectiveOn,
                figure?.periodAmount ?? .zero, figure?.monthlyAmount ?? .zero, (figure?.currency).map(\.code),
                figure?.endsOn,
            ])
    }

    /// Before a change of `template`: its backfilled rows get the amounts it had until now.
    static func fillBackfilled<Kind: RecurringTemplateKind>(_ template: Kind.Template, _ kind: Kind.Type, on db: PostgresConnection)
        throws
    {
        guard let name = Kind.amountHistoryKind, let figure = try RecurringAmountFigure.of(template, kind, on: db) else { return }
        try db.query(
            fill, [name, template.id, figure.periodAmount, figure.monthlyAmount, figure.currency.code, figure.endsOn])
    }
}
