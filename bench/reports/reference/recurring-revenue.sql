-- The recurring revenue report's figures (GET /v1/reports/recurring-revenue, the CSV's columns and rows: every currency, each
-- month end of :from's month … :to's) in one hand-written statement, and the recurring commitments report's with
-- recurring_kind=expense (run.sh and interleave.py pass `invoice` or `expense`: the same statement over the recurring
-- expenses' history): each change's month (0: the opening date, the day
-- before :from's month; k: the k-th month end), the templates with a change inside the period through the windows (the
-- last change of each month, lag() to the previous month's, classified new / expansion / contraction / churn /
-- reactivation), every other template settled by its latest change (DISTINCT ON), summed per currency, month and
-- kind, then opening and closing as running sums. The same method as the route's statement (docs/reports.md,
-- "Movement": the fastest known; the obvious DISTINCT ON per month end was 3–8× slower), plus the month grid and
-- running sums the route does in Swift. Exact for history rows that carry their amount and effective date, as every
-- row of seed_recurring.sql does (the route also prices backfilled rows by their previews and dates rows without an
-- effective date in the tenant's zone: neither occurs in the seed).
WITH params AS (
    SELECT (date_trunc('month', :'from'::date) - interval '1 day')::date AS opening,
           (date_trunc('month', :'to'::date) + interval '1 month' - interval '1 day')::date AS last_end,
           ((date_part('year', :'to'::date) - date_part('year', :'from'::date)) * 12
             + date_part('month', :'to'::date) - date_part('month', :'from'::date) + 1)::int AS months,
           (date_part('year', date_trunc('month', :'from'::date) - interval '1 day') * 12
             + date_part('month', date_trunc('month', :'from'::date) - interval '1 day'))::int AS base
), changes AS MATERIALIZED (
    SELECT c.template_id, c.seq, c.effective_on AS effective, c.currency,
           CASE WHEN c.state = 'active' AND c.monthly_amount > 0 THEN c.monthly_amount ELSE 0 END AS amount,
           CASE WHEN c.effective_on <= p.opening THEN 0
                ELSE (date_part('year', c.effective_on) * 12 + date_part('month', c.effective_on))::int - p.base END AS k,
           CASE WHEN c.ends_on IS NULL THEN NULL WHEN c.ends_on < p.opening THEN 0
                ELSE (date_part('year', c.ends_on) * 12 + date_part('month', c.ends_on))::int - p.base
                     + (date_part('day', c.ends_on + 1) = 1)::int END AS ends_k
    FROM recurring_amount_changes c CROSS JOIN params p
    WHERE c.template_kind = :'recurring_kind' AND c.effective_on <= p.last_end
), moved AS (
    SELECT DISTINCT template_id FROM changes WHERE k > 0
), settled AS (
    SELECT DISTINCT ON (o.template_id) o.currency, o.amount, o.ends_k
    FROM changes o LEFT JOIN moved m ON m.template_id = o.template_id
    WHERE m.template_id IS NULL
    ORDER BY o.template_id, o.effective DESC, o.seq DESC
), marked AS (
    SELECT c.*, lead(c.k) OVER w AS next_k,
           string_agg(c.currency, ',') FILTER (WHERE c.amount > 0) OVER w AS positive_currencies
    FROM changes c JOIN moved m ON m.template_id = c.template_id
    WINDOW w AS (PARTITION BY c.template_id ORDER BY c.effective, c.seq)
), events AS (
    SELECT k, ends_k, next_k, currency, amount,
           CASE WHEN ends_k IS NULL OR ends_k > k THEN amount ELSE 0 END AS after,
           lag(currency) OVER w AS before_currency,
           CASE WHEN lag(ends_k) OVER w IS NULL OR lag(ends_k) OVER w >= k THEN coalesce(lag(amount) OVER w, 0) ELSE 0 END AS before,
           coalesce(strpos(lag(positive_currencies) OVER w, currency) > 0, false) AS had_amount
    FROM marked WHERE next_k IS DISTINCT FROM k
    WINDOW w AS (PARTITION BY template_id ORDER BY effective, seq)
), moves AS (
    SELECT e.currency, e.k, e.after - b.before AS amount, (e.after > 0)::int - (b.before > 0)::int AS contributors,
           CASE WHEN e.k = 0 THEN 'opening' WHEN b.before = 0 THEN CASE WHEN e.had_amount THEN 'reactivation' ELSE 'new' END
                WHEN e.after = 0 THEN 'churn' WHEN e.after > b.before THEN 'expansion' ELSE 'contraction' END AS kind
    FROM events e
    CROSS JOIN LATERAL (SELECT CASE WHEN e.before_currency IS NOT DISTINCT FROM e.currency THEN e.before ELSE 0 END AS before) b
    WHERE e.after <> b.before
    UNION ALL
    SELECT before_currency, k, -before, -1, 'churn' FROM events WHERE k > 0 AND before > 0 AND before_currency IS DISTINCT FROM currency
    UNION ALL
    SELECT currency, ends_k, -amount, -1, 'churn' FROM events, params
    WHERE amount > 0 AND ends_k > k AND ends_k <= params.months AND (next_k IS NULL OR next_k > ends_k)
    UNION ALL
    SELECT currency, 0, after, (after > 0)::int, 'opening'
    FROM (SELECT currency, CASE WHEN ends_k IS NULL OR ends_k > 0 THEN amount ELSE 0 END AS after FROM settled) s WHERE after <> 0
    UNION ALL
    SELECT currency, ends_k, -amount, -1, 'churn' FROM settled, params WHERE amount > 0 AND ends_k > 0 AND ends_k <= params.months
    UNION ALL
    SELECT DISTINCT currency, 0, 0, 0, 'opening' FROM changes WHERE currency IS NOT NULL
), per_month AS (
    SELECT m.currency, m.k,
           coalesce(sum(m.amount) FILTER (WHERE m.kind = 'new'), 0) AS new,
           coalesce(sum(m.amount) FILTER (WHERE m.kind = 'expansion'), 0) AS expansion,
           coalesce(sum(m.amount) FILTER (WHERE m.kind = 'contraction'), 0) AS contraction,
           coalesce(sum(m.amount) FILTER (WHERE m.kind = 'churn'), 0) AS churn,
           coalesce(sum(m.amount) FILTER (WHERE m.kind = 'reactivation'), 0) AS reactivation,
           coalesce(sum(m.amount), 0) AS amount, coalesce(sum(m.contributors), 0) AS contributors
    FROM (SELECT g.currency, g.k, s.amount, s.contributors, s.kind
          FROM (SELECT DISTINCT currency FROM moves) c CROSS JOIN params p CROSS JOIN generate_series(0, p.months) AS g0(k)
          CROSS JOIN LATERAL (SELECT c.currency, g0.k) g
          LEFT JOIN moves s ON s.currency = g.currency AND s.k = g.k) m
    GROUP BY m.currency, m.k
), running AS (
    SELECT currency, k, new, expansion, contraction, churn, reactivation,
           sum(amount) OVER w AS closing, sum(contributors) OVER w AS contributors
    FROM per_month WINDOW w AS (PARTITION BY currency ORDER BY k)
)
SELECT r.currency, (date_trunc('month', :'from'::date) + make_interval(months => r.k) - interval '1 day')::date AS month_end,
       round(r.closing - (r.new + r.expansion + r.contraction + r.churn + r.reactivation), 2) AS opening_monthly,
       round(r.new, 2) AS new, round(r.expansion, 2) AS expansion, round(r.contraction, 2) AS contraction,
       round(r.churn, 2) AS churn, round(r.reactivation, 2) AS reactivation, round(r.closing, 2) AS closing_monthly,
       round(r.closing * 12, 2) AS closing_annual, r.contributors
FROM running r WHERE r.k > 0
ORDER BY r.currency, r.k;
