-- The history of the recurring templates' monthly amounts (recurring_amount_changes, docs/reports.md, "Recurring
-- revenue"), which the app writes in the transaction of each change and seed_base.sql's set-based setups do not: so
-- that the recurring-revenue and recurring-commitments reports measure a real movement. Per setup and recurring
-- expense: created at its schedule's start (monthly amount = amount ÷ interval months; the seed's setups are all
-- monthly), every third raised by 10 % three months later (expansion), every tenth lowered by 10 % four months later
-- (contraction), every seventh paused six months after its start (churn) and every fourteenth resumed two months
-- after that (reactivation). One statement; run once (run.sh skips it when the table has rows).
INSERT INTO recurring_amount_changes
    (template_kind, template_id, reason, state, effective_on, period_amount, monthly_amount, currency, ends_on)
SELECT kind, id, reason, state, effective_on, period_amount, round(period_amount / months, 2), currency, NULL
FROM (
    SELECT t.kind, t.id, c.reason, c.state, (t.start + c.after)::date AS effective_on,
           round(t.amount * c.factor, 2) AS period_amount, t.months, t.currency, c.ord
    FROM (
        SELECT 'invoice' AS kind, id, (schedule ->> 'start')::date AS start,
               coalesce((schedule ->> 'interval')::int, 1) AS months, amount, currency,
               row_number() OVER (ORDER BY id) AS n
        FROM recurring_invoice_setups
        UNION ALL
        SELECT 'expense', id, (schedule ->> 'start')::date, coalesce((schedule ->> 'interval')::int, 1), amount,
               currency, row_number() OVER (ORDER BY id)
        FROM recurring_expenses
    ) t
    CROSS JOIN LATERAL (VALUES
        (1, 'created', 'active', interval '0', 1.0, true),
        (2, 'updated', 'active', interval '3 months', 1.1, t.n % 3 = 0),
        (3, 'updated', 'active', interval '4 months', CASE WHEN t.n % 3 = 0 THEN 0.99 ELSE 0.9 END, t.n % 10 = 0),
        (4, 'paused', 'paused', interval '6 months', CASE WHEN t.n % 3 = 0 THEN 1.1 ELSE 1.0 END, t.n % 7 = 0),
        (5, 'resumed', 'active', interval '8 months', CASE WHEN t.n % 3 = 0 THEN 1.1 ELSE 1.0 END, t.n % 14 = 0)
    ) c (ord, reason, state, after, factor, applies)
    WHERE c.applies
) s
ORDER BY effective_on, ord;
