-- Reports benchmark, seeding part 1 (run once, search_path = the tenant's schema): the chart's extra accounts,
-- customers, vendors, expense categories, recurring invoice setups and recurring expenses. psql variables:
-- n (invoices in all), customers, vendors, setups. Ids are md5-derived, so later parts name rows without a lookup.
-- Every row goes in through the tenant schema's own constraints and triggers.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO accounts (code, name, type) VALUES
    ('4100', 'Services income', 'income'),
    ('6100', 'Rent', 'expense'),
    ('6200', 'Software', 'expense'),
    ('3000', 'Retained earnings', 'equity');

INSERT INTO parties (id, kind, name, email, control_account_id, payment_terms_days, currency)
SELECT md5('customer' || c)::uuid, 'customer', 'Customer ' || c, 'billing' || c || '@customer.example',
       (SELECT id FROM accounts WHERE role = 'accountsReceivable'), 30, CASE WHEN c % 5 = 0 THEN 'USD' ELSE 'EUR' END
FROM generate_series(0, :customers - 1) c;
INSERT INTO parties (id, kind, name, email, control_account_id, payment_terms_days, currency)
SELECT md5('vendor' || v)::uuid, 'vendor', 'Vendor ' || v, 'ap' || v || '@vendor.example',
       (SELECT id FROM accounts WHERE role = 'accountsPayable'), 30, CASE WHEN v % 10 = 0 THEN 'USD' ELSE 'EUR' END
FROM generate_series(0, :vendors - 1) v;

INSERT INTO expense_categories (id, name, expense_account_id)
SELECT md5('category' || x)::uuid, x.name, a.id
FROM (VALUES (0, 'General', '6000'), (1, 'Rent', '6100'), (2, 'Software', '6200')) AS x(x, name, code)
JOIN accounts a ON a.code = x.code;

-- Setup k starts in month k % 6 (0 = December 2024) on day 1 + k % 28; one in 20 (k % 20 = 7) ended after
-- month 17 (its last occurrence is in May 2026); the others run on, next due in December 2026.
INSERT INTO recurring_invoice_setups (id, party_id, mode, amount, description, income_account_id, payment_terms_days,
    currency, statement_reference, schedule, is_active, ended_at, last_posted_index, last_posted_date,
    next_posting_date, tax_rate)
SELECT md5('setup' || k)::uuid, md5('customer' || (k % :customers))::uuid, 'amount', 50 + (k % 20) * 10,
       'Subscription', (SELECT id FROM accounts WHERE role = 'salesIncome'), 30,
       CASE WHEN (k % :customers) % 5 = 0 THEN 'USD' ELSE 'EUR' END, 'Subscription {RIMonth}-{RIYear}',
       jsonb_build_object('kind', 'monthly', 'interval', 1, 'start', s.start)
           || CASE WHEN s.ended THEN jsonb_build_object('count', 18 - k % 6) ELSE '{}'::jsonb END,
       NOT s.ended, CASE WHEN s.ended THEN now() END,
       s.last_month - k % 6, s.start + make_interval(months => s.last_month - k % 6),
       CASE WHEN s.ended THEN NULL ELSE (s.start + make_interval(months => 24 - k % 6))::date END,
       20
FROM generate_series(0, :setups - 1) k,
     LATERAL (SELECT (date '2024-12-01' + make_interval(months => k % 6, days => k % 28))::date AS start,
                     k % 20 = 7 AS ended, CASE WHEN k % 20 = 7 THEN 17 ELSE 23 END AS last_month) s;

INSERT INTO recurring_expenses (vendor_id, category_id, amount, currency, department, schedule)
SELECT md5('vendor' || (r % :vendors))::uuid, md5('category' || (r % 3))::uuid, 100 + r * 25,
       CASE WHEN (r % :vendors) % 10 = 0 THEN 'USD' ELSE 'EUR' END, 'dept-' || (r % 4),
       jsonb_build_object('kind', 'monthly', 'interval', 1, 'start', (date '2026-12-10' + r)::text)
FROM generate_series(0, 19) r;
COMMIT;
