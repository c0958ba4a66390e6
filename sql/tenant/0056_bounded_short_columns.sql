-- Issue 28, goal 2 (≤ 1 MB per empty tenant): the tables whose every variable-length column is short by meaning
-- get bounded types, so PostgreSQL gives them no TOAST table (a TOAST table and its index cost 8 kB in every
-- empty tenant; docs/tenancy.md, "Footprint of an empty tenant"). PostgreSQL makes a TOAST table when a row's
-- largest possible size passes ~2 kB; with varchar(n) it counts n × 4 bytes (UTF-8), with numeric(p,s) a few.
--
-- Each limit is one the data already had: a CHECK of this or the source table (currency ^[A-Z]{3}$, codes,
-- names ≤ 200, references ≤ 200, dimensions ≤ 100, document types ≤ 40 bytes), an enumeration (kinds, statuses,
-- methods, formats: varchar(32), longer than any value), or the API's own rule (numbering prefix ≤ 20, pattern
-- ≤ 60; InvoiceNumberPattern). The API checks each before writing (422 naming the field).
-- The ledger summaries' sums, unconstrained numeric until now, become numeric(38,4): the lines they add up are
-- numeric(18,4) (≤ 10^14 each), so overflowing 10^34 would take 10^20 maximal lines; 38 digits is also what
-- ExactDecimal reads (docs/design.md).
-- Tables that hold free text (descriptions, memos, notes, reasons ≤ 500 and more, jsonb, bytea, arrays) keep
-- their TOAST table and their text columns.
--
-- Existing tenants: each ALTER TABLE rewrites its table once (all its columns in one statement), and the rewrite
-- drops the TOAST table it no longer needs, so a migrated tenant's catalogue equals a new one's
-- (SchemaBaselineTests compares them, TOAST tables included). A text that does not fit fails the tenant's
-- migration (reported, rolled back) rather than being cut: none can, the CHECKs and the API's rules above held
-- them; the sums already have the lines' scale, 4, so none is rounded.
-- ledger_document_balances.open is generated from debit and credit, which PostgreSQL cannot retype under it: it
-- is dropped and added again (last column) with its partial index and statistics.
-- Runs with search_path set to the tenant's schema.
ALTER TABLE accounts
    ALTER COLUMN code TYPE varchar(20),
    ALTER COLUMN name TYPE varchar(200),
    ALTER COLUMN type TYPE varchar(32),
    ALTER COLUMN role TYPE varchar(32);

ALTER TABLE bank_rules
    ALTER COLUMN description_contains TYPE varchar(100),
    ALTER COLUMN memo TYPE varchar(200);

ALTER TABLE bank_statement_imports
    ALTER COLUMN format TYPE varchar(32);

ALTER TABLE budget_allocations
    ALTER COLUMN name TYPE varchar(200);

ALTER TABLE budgets
    ALTER COLUMN name TYPE varchar(200),
    ALTER COLUMN scope TYPE varchar(32),
    ALTER COLUMN scope_value TYPE varchar(100),
    ALTER COLUMN currency TYPE varchar(3),
    ALTER COLUMN annual_action TYPE varchar(32),
    ALTER COLUMN monthly_action TYPE varchar(32);

ALTER TABLE customer_credit_uses
    ALTER COLUMN kind TYPE varchar(32),
    ALTER COLUMN method TYPE varchar(32),
    ALTER COLUMN reference TYPE varchar(200);

ALTER TABLE expense_categories
    ALTER COLUMN name TYPE varchar(200);

-- The two numbering tables, alike.
DO $$
DECLARE
    numbering text;
BEGIN
    FOREACH numbering IN ARRAY ARRAY['invoice_numbering', 'credit_note_numbering'] LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN prefix TYPE varchar(20), ALTER COLUMN pattern TYPE varchar(60)', numbering);
    END LOOP;
END $$;

ALTER TABLE payments
    ALTER COLUMN currency TYPE varchar(3),
    ALTER COLUMN method TYPE varchar(32),
    ALTER COLUMN reference TYPE varchar(200);

ALTER TABLE recurring_amount_changes
    ALTER COLUMN template_kind TYPE varchar(32),
    ALTER COLUMN reason TYPE varchar(32),
    ALTER COLUMN state TYPE varchar(32),
    ALTER COLUMN currency TYPE varchar(3);

ALTER TABLE sales_orders
    ALTER COLUMN currency TYPE varchar(3),
    ALTER COLUMN status TYPE varchar(32),
    ALTER COLUMN reference TYPE varchar(200),
    ALTER COLUMN discount_kind TYPE varchar(32);

-- Five ledger summaries: currency and sums; the day and month balances also carry the three dimensions.
DO $$
DECLARE
    summary text;
    dimensions text;
BEGIN
    FOREACH summary IN ARRAY ARRAY['ledger_day_balances', 'ledger_month_balances', 'ledger_due_balances',
                                   'ledger_expense_category_days', 'ledger_income_expense_months'] LOOP
        dimensions := CASE WHEN summary IN ('ledger_day_balances', 'ledger_month_balances')
            THEN ', ALTER COLUMN department TYPE varchar(100), ALTER COLUMN project TYPE varchar(100),'
                 ' ALTER COLUMN campaign TYPE varchar(100)'
            ELSE '' END;
        EXECUTE format('ALTER TABLE %I ALTER COLUMN currency TYPE varchar(3), ALTER COLUMN debit TYPE numeric(38,4),'
                       ' ALTER COLUMN credit TYPE numeric(38,4)%s', summary, dimensions);
    END LOOP;
END $$;

-- The sixth, ledger_document_balances: its generated column open must go and come back around the new types.
DROP STATISTICS ledger_document_balances_open_stats;
DROP INDEX ledger_document_balances_open;
ALTER TABLE ledger_document_balances
    DROP COLUMN open,
    ALTER COLUMN currency TYPE varchar(3),
    ALTER COLUMN document_type TYPE varchar(40),
    ALTER COLUMN debit TYPE numeric(38,4),
    ALTER COLUMN credit TYPE numeric(38,4),
    ADD COLUMN open boolean GENERATED ALWAYS AS (debit <> credit) STORED;
CREATE INDEX ledger_document_balances_open ON ledger_document_balances (account_id, currency)
    INCLUDE (party_id, document_type, document_id, due_date, debit, credit) WHERE open;
CREATE STATISTICS ledger_document_balances_open_stats (mcv) ON account_id, currency, open FROM ledger_document_balances;
