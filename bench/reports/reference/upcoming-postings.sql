-- The upcoming postings report's figures for ?days=30 (GET /v1/reports/upcoming-postings: the JSON's postings and
-- totals, the CSV's columns and rows) in one hand-written statement: per source, the active templates whose next EOD
-- date is on or before the window's last day, the soonest 1,000 (as the route reads them); each one's occurrences
-- after its cursor through that day (month arithmetic from the schedule's start: `start + index × interval months`),
-- dated the later of its posting date and today (catch-up); the soonest 5,000 of all by date, source, template and
-- index; each priced as its preview is (an amount-mode invoice setup: net the amount less its discount, tax at its
-- rate; an expense: its amount, no tax code), with the party's name; then the totals per day, source and currency
-- that the JSON answer carries (rows `total`, in the route's order). Covers what the seed holds — monthly schedules,
-- amount-mode setups without a discount or prices including tax, expenses without a tax code, no recurring sales
-- orders or tasks; the route computes every kind with the EOD's own schedule and preview code. Today is the server's
-- date (the tenant's zone is UTC in the seed). On the 1M seed its rows are the route's JSON figures exactly (2,020
-- postings and 26 totals, compared field by field on 2026-12-07).
WITH w AS (SELECT current_date AS today, current_date + 29 AS through),
setups AS (
    SELECT s.* FROM recurring_invoice_setups s, w
    WHERE s.is_active AND s.ended_at IS NULL AND (s.next_posting_date IS NULL OR s.next_posting_date <= w.through)
    ORDER BY s.next_posting_date NULLS FIRST, s.id LIMIT 1000
), expenses AS (
    SELECT r.* FROM recurring_expenses r, w
    WHERE r.is_active AND r.ended_at IS NULL AND (r.next_posting_date IS NULL OR r.next_posting_date <= w.through)
    ORDER BY r.next_posting_date NULLS FIRST, r.id LIMIT 1000
), templates AS (
    SELECT 1 AS source, 'recurring_invoice' AS source_name, s.id, s.statement_reference AS name, s.party_id, s.currency,
           s.schedule, s.last_posted_index, s.skip_through,
           s.amount - coalesce(CASE s.discount_kind WHEN 'percent' THEN round(s.amount * s.discount_value / 100, 2)
                                                    ELSE s.discount_value END, 0) AS net,
           coalesce(s.tax_rate, 0) AS tax_rate
    FROM setups s
    UNION ALL
    SELECT 2, 'recurring_expense', r.id, r.reference, r.vendor_id, r.currency, r.schedule, r.last_posted_index,
           r.skip_through, r.amount, 0
    FROM expenses r
), occurrences AS (
    SELECT t.*, o.idx, o.posting_date
    FROM templates t CROSS JOIN w
    CROSS JOIN LATERAL (SELECT (t.schedule ->> 'start')::date AS start, coalesce((t.schedule ->> 'interval')::int, 1) AS every) s
    CROSS JOIN LATERAL generate_series(coalesce(t.last_posted_index + 1, 0),
        ((date_part('year', w.through) - date_part('year', s.start)) * 12
          + date_part('month', w.through) - date_part('month', s.start))::int / s.every) AS i
    CROSS JOIN LATERAL (SELECT i AS idx, (s.start + make_interval(months => i * s.every))::date AS posting_date) o
    WHERE o.posting_date <= w.through AND (t.skip_through IS NULL OR o.posting_date > t.skip_through)
      AND ((t.schedule ->> 'count') IS NULL OR i < (t.schedule ->> 'count')::int)
), chosen AS (
    SELECT o.*, greatest(o.posting_date, w.today) AS day FROM occurrences o, w
    ORDER BY greatest(o.posting_date, w.today), o.source, o.id, o.idx LIMIT 5000
), priced AS (
    SELECT c.day, c.source, c.source_name, c.id, c.name, c.party_id, c.idx, c.posting_date, c.currency,
           round(c.net, 2) AS net, round(c.net * c.tax_rate / 100, 2) AS tax
    FROM chosen c
)
-- The postings, then the JSON's totals per day, source and currency (the route returns both).
SELECT 'posting' AS row_kind, p.day AS date, p.source_name AS source, p.id AS template_id, p.name, p.party_id,
       pa.name AS party_name, p.idx AS occurrence_index, p.posting_date, p.posting_date AS document_date, p.currency,
       NULL::bigint AS count, p.net, p.tax, p.net + p.tax AS total, p.source AS source_order, p.id AS first_template
FROM priced p LEFT JOIN parties pa ON pa.id = p.party_id
UNION ALL
-- (in the route's order: per day and source, each currency where its first posting comes)
SELECT 'total', day, source_name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, currency, count(*), sum(net), sum(tax),
       sum(net + tax), source, min(id::text)::uuid
FROM priced GROUP BY day, source, source_name, currency
ORDER BY row_kind, date, source_order, first_template, occurrence_index;
