-- Reports benchmark, seeding part 2, one month per run and transaction (search_path = the tenant's schema), in
-- date order: the month's invoices (setup occurrences and one-off invoices with 3 lines), their issue entries,
-- payments (entry + payment + allocation) for most, voids (a reversing entry) for some, and expenses (recorded,
-- most paid). psql variables: m (0 = December 2024 … 23 = November 2026), n (invoices in all), customers,
-- vendors, setups. Invoice i of the month (0-based) is occurrence m - i % 6 of setup i when i < setups and that
-- setup runs in month m; a one-off invoice otherwise. Numbers follow dates (the gapless, chronological counter).
\set ON_ERROR_STOP on
-- The temp tables below have no statistics until analysed; without JIT the planner's guesses cost nothing.
SET jit = off;
BEGIN;
CREATE TEMP TABLE inv ON COMMIT DROP AS
WITH p AS (
    SELECT (:n::bigint * :m / 24) AS first, (:n::bigint * (:m + 1) / 24) - (:n::bigint * :m / 24) AS cnt,
           (date '2024-12-01' + make_interval(months => :m))::date AS month_start
), base AS (
    SELECT g.i, p.first + g.i AS gi, p.month_start,
           (g.i < :setups AND g.i % 6 <= :m AND (g.i % 20 <> 7 OR :m <= 17)) AS from_setup,
           (p.month_start + (g.i % 28))::date AS invoice_date
    FROM p, generate_series(0, (p.cnt - 1)::int) g(i)
)
SELECT b.*,
       md5('invoice' || b.gi)::uuid AS id,
       CASE WHEN b.from_setup THEN b.i % :customers ELSE (b.gi * 7919) % :customers END AS customer,
       (b.invoice_date + 30) AS due_date,
       (b.gi * 37) % 100 AS r,
       (b.invoice_date + 5 + (b.gi % 40)::int) AS pay_date,
       (SELECT first FROM p) + row_number() OVER (ORDER BY b.invoice_date, b.i) AS seq
FROM base b;
ALTER TABLE inv ADD COLUMN currency text, ADD COLUMN status text;
UPDATE inv SET currency = CASE WHEN customer % 5 = 0 THEN 'USD' ELSE 'EUR' END,
               status = CASE WHEN r < 3 THEN 'void' WHEN r >= 20 AND pay_date <= date '2026-11-30' THEN 'paid'
                             ELSE 'issued' END;

-- Invoice lines: 1 for a setup occurrence (the setup's amount), 3 for a one-off; 20 % tax; a campaign on a third
-- of the one-off lines.
CREATE TEMP TABLE il ON COMMIT DROP AS
SELECT v.id AS invoice_id, j AS line_no,
       CASE WHEN v.from_setup THEN 1 ELSE 1 + (v.gi + j) % 3 END AS quantity,
       CASE WHEN v.from_setup THEN 50 + (v.i % 20) * 10 ELSE 10 + ((v.gi * 13 + j * 31) % 400) + 0.5 * (j % 2) END AS unit_price,
       CASE WHEN v.from_setup OR j = 1 THEN 'sales' ELSE 'services' END AS income,
       CASE WHEN NOT v.from_setup AND (v.gi + j) % 3 = 0 THEN 'campaign-' || (v.gi % 5) END AS campaign
FROM inv v, generate_series(1, 3) j
WHERE j = 1 OR NOT v.from_setup;
ALTER TABLE il ADD COLUMN net numeric(18,4), ADD COLUMN tax numeric(18,4);
UPDATE il SET net = quantity * unit_price, tax = round(quantity * unit_price * 0.20, 2);
CREATE TEMP TABLE tot ON COMMIT DROP AS
SELECT invoice_id, sum(net) AS subtotal, sum(tax) AS tax_total, sum(net) + sum(tax) AS total, count(*) AS lines
FROM il GROUP BY invoice_id;
ANALYZE inv;
ANALYZE il;
ANALYZE tot;

CREATE TEMP TABLE acct ON COMMIT DROP AS
SELECT (SELECT id FROM accounts WHERE role = 'accountsReceivable') AS ar,
       (SELECT id FROM accounts WHERE role = 'accountsPayable') AS ap,
       (SELECT id FROM accounts WHERE role = 'bank') AS bank,
       (SELECT id FROM accounts WHERE role = 'taxPayable') AS tax,
       (SELECT id FROM accounts WHERE role = 'salesIncome') AS sales,
       (SELECT id FROM accounts WHERE code = '4100') AS services;
ANALYZE acct;

-- The month's expenses: one for every 10 invoices; departments on half, projects on a third, campaigns on a
-- fifth (the journal line trigger copies them onto the expense line); 80 % paid 10 days later (not past the data).
CREATE TEMP TABLE exp ON COMMIT DROP AS
SELECT md5('expense' || gx)::uuid AS id, gx, md5('vendor' || (gx % :vendors))::uuid AS vendor_id,
       md5('category' || (gx % 3))::uuid AS category_id,
       CASE WHEN (gx % :vendors) % 10 = 0 THEN 'USD' ELSE 'EUR' END AS currency,
       (20 + (gx * 17) % 2000)::numeric(18,4) AS amount,
       ((SELECT month_start FROM (SELECT (date '2024-12-01' + make_interval(months => :m))::date AS month_start) s)
           + (gx % 28)::int) AS expense_date,
       CASE WHEN gx % 2 = 0 THEN 'dept-' || (gx % 4) END AS department,
       CASE WHEN gx % 3 = 0 THEN 'proj-' || (gx % 7) END AS project,
       CASE WHEN gx % 5 = 0 THEN 'campaign-' || (gx % 5) END AS campaign,
       (gx * 53) % 100 < 80 AS paid
FROM generate_series((:n::bigint * :m / 24) / 10, (:n::bigint * (:m + 1) / 24) / 10 - 1) gx;
ANALYZE exp;
INSERT INTO expenses (id, vendor_id, category_id, expense_account_id, payable_account_id, amount, currency,
                      expense_date, department, project, campaign, reference)
SELECT x.id, x.vendor_id, x.category_id, c.expense_account_id, acct.ap, x.amount, x.currency, x.expense_date,
       x.department, x.project, x.campaign, 'BILL-' || x.gx
FROM exp x JOIN expense_categories c ON c.id = x.category_id, acct;

-- Every journal entry of the month and its lines in one statement (the ledger's statement triggers check that
-- each entry has lines and balances; a data-modifying WITH runs whether or not the main query reads it).
WITH entries AS (
    INSERT INTO journal_entries (id, entry_date, currency, memo, source_type, source_id, reverses_entry_id)
    SELECT md5('issue' || v.gi)::uuid, v.invoice_date, v.currency, 'Invoice INV-' || v.seq, 'invoice', v.id, NULL::uuid
    FROM inv v
    UNION ALL
    SELECT md5('void' || v.gi)::uuid, v.invoice_date + 3, v.currency, 'Void of invoice INV-' || v.seq, 'invoiceVoid',
           v.id, md5('issue' || v.gi)::uuid
    FROM inv v WHERE v.status = 'void'
    UNION ALL
    SELECT md5('payentry' || v.gi)::uuid, v.pay_date, v.currency, 'Payment', 'payment', md5('payment' || v.gi)::uuid, NULL
    FROM inv v WHERE v.status = 'paid'
    UNION ALL
    SELECT md5('expentry' || x.gx)::uuid, x.expense_date, x.currency, 'BILL-' || x.gx, 'expense', x.id, NULL
    FROM exp x
    UNION ALL
    SELECT md5('exppay' || x.gx)::uuid, x.expense_date + 10, x.currency, 'Payment of BILL-' || x.gx, 'expensePayment',
           x.id, NULL
    FROM exp x WHERE x.paid
), issue_lines AS (
    -- Dr receivable (the total), Cr income per invoice line, Cr tax payable (the tax).
    SELECT v.gi, v.status, 1 AS line_no, acct.ar AS account_id, t.total AS debit, 0::numeric AS credit, v.customer,
           v.id AS invoice_id, NULL::text AS campaign
    FROM inv v JOIN tot t ON t.invoice_id = v.id, acct
    UNION ALL
    SELECT v.gi, v.status, 1 + l.line_no, CASE l.income WHEN 'sales' THEN acct.sales ELSE acct.services END, 0, l.net,
           v.customer, v.id, l.campaign
    FROM inv v JOIN il l ON l.invoice_id = v.id, acct
    UNION ALL
    SELECT v.gi, v.status, 2 + t.lines, acct.tax, 0, t.tax_total, v.customer, v.id, NULL
    FROM inv v JOIN tot t ON t.invoice_id = v.id, acct
    WHERE t.tax_total > 0
)
INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit, party_id, memo, document_type, document_id,
                           campaign)
SELECT md5('issue' || gi)::uuid, line_no, account_id, debit, credit, md5('customer' || customer)::uuid, NULL,
       'invoice', invoice_id, campaign
FROM issue_lines
UNION ALL
SELECT md5('void' || gi)::uuid, line_no, account_id, credit, debit, md5('customer' || customer)::uuid, NULL,
       'invoice', invoice_id, campaign
FROM issue_lines WHERE status = 'void'
UNION ALL
SELECT md5('payentry' || v.gi)::uuid, 1, acct.bank, t.total, 0, md5('customer' || v.customer)::uuid, NULL,
       'payment', md5('payment' || v.gi)::uuid, NULL
FROM inv v JOIN tot t ON t.invoice_id = v.id, acct WHERE v.status = 'paid'
UNION ALL
SELECT md5('payentry' || v.gi)::uuid, 2, acct.ar, 0, t.total, md5('customer' || v.customer)::uuid, NULL,
       'invoice', v.id, NULL
FROM inv v JOIN tot t ON t.invoice_id = v.id, acct WHERE v.status = 'paid'
UNION ALL
SELECT md5('expentry' || x.gx)::uuid, 1, c.expense_account_id, x.amount, 0, x.vendor_id, NULL, 'expense', x.id, NULL
FROM exp x JOIN expense_categories c ON c.id = x.category_id
UNION ALL
SELECT md5('expentry' || x.gx)::uuid, 2, acct.ap, 0, x.amount, x.vendor_id, NULL, 'expense', x.id, NULL
FROM exp x, acct
UNION ALL
SELECT md5('exppay' || x.gx)::uuid, 1, acct.ap, x.amount, 0, x.vendor_id, NULL, 'expense', x.id, NULL
FROM exp x, acct WHERE x.paid
UNION ALL
SELECT md5('exppay' || x.gx)::uuid, 2, acct.bank, 0, x.amount, x.vendor_id, NULL, 'expense', x.id, NULL
FROM exp x, acct WHERE x.paid;

UPDATE expenses e SET entry_id = md5('expentry' || x.gx)::uuid,
       paid_on = CASE WHEN x.paid THEN x.expense_date + 10 END,
       bank_account_id = CASE WHEN x.paid THEN acct.bank END,
       payment_entry_id = CASE WHEN x.paid THEN md5('exppay' || x.gx)::uuid END
FROM exp x, acct WHERE e.id = x.id;

INSERT INTO invoices (id, party_id, status, currency, sequence_number, number, invoice_date, due_date,
    payment_terms_days, statement_reference, subtotal, discount_total, tax_total, total, amount_paid,
    recurring_setup_id, issue_entry_id, void_entry_id, issued_at, voided_at, occurrence_date, occurrence_index,
    occurrence_due_date, period_start, period_end)
SELECT v.id, md5('customer' || v.customer)::uuid, v.status, v.currency, v.seq,
       'INV-' || extract(year FROM v.invoice_date) || '-' || CASE WHEN v.seq < 1000000 THEN lpad(v.seq::text, 6, '0') ELSE v.seq::text END,
       v.invoice_date, v.due_date, 30, CASE WHEN v.from_setup THEN 'Subscription ' || to_char(v.invoice_date, 'MM-YYYY') END,
       t.subtotal, 0, t.tax_total, t.total, CASE WHEN v.status = 'paid' THEN t.total ELSE 0 END,
       CASE WHEN v.from_setup THEN md5('setup' || v.i)::uuid END, md5('issue' || v.gi)::uuid,
       CASE WHEN v.status = 'void' THEN md5('void' || v.gi)::uuid END, now(),
       CASE WHEN v.status = 'void' THEN now() END,
       CASE WHEN v.from_setup THEN v.invoice_date END, CASE WHEN v.from_setup THEN :m - v.i % 6 END,
       CASE WHEN v.from_setup THEN v.due_date END, CASE WHEN v.from_setup THEN v.invoice_date END,
       CASE WHEN v.from_setup THEN (v.invoice_date + interval '1 month' - interval '1 day')::date END
FROM inv v JOIN tot t ON t.invoice_id = v.id
ORDER BY v.seq;

INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price, tax_rate, income_account_id,
                           gross_amount, discount_amount, net_amount, tax_amount, campaign)
SELECT l.invoice_id, l.line_no, CASE l.income WHEN 'sales' THEN 'Subscription' ELSE 'Services' END, l.quantity,
       l.unit_price, 20, CASE l.income WHEN 'sales' THEN acct.sales ELSE acct.services END, l.net, 0, l.net, l.tax,
       l.campaign
FROM il l, acct;

INSERT INTO payments (id, party_id, payment_date, amount, currency, method, reference, bank_account_id, entry_id)
SELECT md5('payment' || v.gi)::uuid, md5('customer' || v.customer)::uuid, v.pay_date, t.total, v.currency,
       'bankTransfer', 'INV-' || v.seq, acct.bank, md5('payentry' || v.gi)::uuid
FROM inv v JOIN tot t ON t.invoice_id = v.id, acct WHERE v.status = 'paid';
INSERT INTO payment_allocations (payment_id, invoice_id, amount)
SELECT md5('payment' || v.gi)::uuid, v.id, t.total
FROM inv v JOIN tot t ON t.invoice_id = v.id WHERE v.status = 'paid';

UPDATE invoice_numbering SET next_value = next_value + (SELECT count(*) FROM inv),
       last_invoice_date = (SELECT max(invoice_date) FROM inv), updated_at = now();
COMMIT;
