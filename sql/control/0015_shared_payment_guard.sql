-- Issue 27: payments may share a journal entry (tenant migration 0050 adds the range of the entry's lines that are a
-- payment's own). The payments' guard now keeps every column but the three a reversal sets, whatever columns the
-- tenant's table has (so it is right for a tenant before and after 0050): a payment is only ever reversed, once.
-- Written to be applied again harmlessly (CREATE OR REPLACE under the shared schema's advisory lock), like 0009.
SELECT pg_advisory_xact_lock(hashtext('recur_shared'));
CREATE SCHEMA IF NOT EXISTS recur_shared;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_guard_payment() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    -- Nested: PL/pgSQL does not short-circuit, and payment_allocations rows have no reversal fields.
    IF TG_TABLE_NAME = 'payments' AND TG_OP = 'UPDATE' THEN
        IF OLD.reversal_entry_id IS NULL
           AND to_jsonb(NEW) - '{reversal_entry_id,reversed_on,reversed_at}'::text[]
               = to_jsonb(OLD) - '{reversal_entry_id,reversed_on,reversed_at}'::text[]
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% on % refused: a payment is only ever reversed, once', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'payments_final', TABLE = TG_TABLE_NAME;
END $$;

-- Tenant migration 0050 checks the references of bank lines, payments and payment allocations once per statement
-- instead of by a foreign key per row (docs/banking.md, "Foreign keys checked per statement"). Each check takes the
-- distinct keys of the statement's rows; parents that can be deleted are locked as a foreign key would
-- (FOR KEY SHARE), payments and journal entries are append-only (no lock). The first missing key is reported as
-- the foreign key did (SQLSTATE 23503, the constraint's old name).
-- The first of `ids` that table `parent` lacks (by `id`), or NULL; `lock`: the rows found are locked FOR KEY SHARE
-- first, as a foreign key locks its parent (for parents that can be deleted).
CREATE OR REPLACE FUNCTION recur_shared.refs_missing_id(parent text, ids uuid[], lock boolean) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
    found bigint;
    missing uuid;
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I p WHERE p.id = ANY ($1)%s) f', parent,
                   CASE WHEN lock THEN ' FOR KEY SHARE' ELSE '' END)
        INTO found USING ids;
    IF found = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT i FROM unnest($1) i WHERE NOT EXISTS (SELECT 1 FROM %I p WHERE p.id = i) LIMIT 1', parent)
        INTO missing USING ids;
    RETURN missing;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.banking_check_line_references() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_missing(
        recur_shared.refs_missing_id('bank_accounts', array(SELECT DISTINCT bank_account_id FROM new_lines), true),
        'bank_lines_bank_account_id_fkey', 'bank_lines', 'bank_account_id', 'bank_accounts');
    PERFORM recur_shared.refs_raise_missing(
        recur_shared.refs_missing_id('bank_statement_imports', array(SELECT DISTINCT import_id FROM new_lines), true),
        'bank_lines_import_id_fkey', 'bank_lines', 'import_id', 'bank_statement_imports');
    PERFORM recur_shared.refs_raise_missing(
        recur_shared.refs_missing_id('payments', array(SELECT DISTINCT payment_id FROM new_lines WHERE payment_id IS NOT NULL), false),
        'bank_lines_payment_id_fkey', 'bank_lines', 'payment_id', 'payments');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_payment_references() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_party(array(SELECT DISTINCT party_id FROM new_payments)),
        'payments_party_id_fkey', 'payments', 'party_id', 'parties');
    PERFORM recur_shared.refs_raise_missing(
        recur_shared.refs_missing_account(array(SELECT DISTINCT bank_account_id FROM new_payments)),
        'payments_bank_account_id_fkey', 'payments', 'bank_account_id', 'accounts');
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_entry(array(SELECT DISTINCT entry_id FROM new_payments)),
        'payments_entry_id_fkey', 'payments', 'entry_id', 'journal_entries');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_allocation_references() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_missing(
        recur_shared.refs_missing_id('payments', array(SELECT DISTINCT payment_id FROM new_allocations), false),
        'payment_allocations_payment_id_fkey', 'payment_allocations', 'payment_id', 'payments');
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_invoice(array(SELECT DISTINCT invoice_id FROM new_allocations)),
        'payment_allocations_invoice_id_fkey', 'payment_allocations', 'invoice_id', 'invoices');
    RETURN NULL;
END $$;

-- A bank account or import named by a bank line, a party, account or (draft) invoice named by a payment or an
-- allocation is not deleted (no code deletes the first two; a foreign key refused all of them).
CREATE OR REPLACE FUNCTION recur_shared.refs_banking_parents_deleted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    child text := CASE TG_TABLE_NAME WHEN 'bank_accounts' THEN 'bank_lines' WHEN 'bank_statement_imports' THEN 'bank_lines'
                                     WHEN 'invoices' THEN 'payment_allocations' ELSE 'payments' END;
    key text := CASE TG_TABLE_NAME WHEN 'bank_accounts' THEN 'bank_account_id' WHEN 'bank_statement_imports' THEN 'import_id'
                                   WHEN 'invoices' THEN 'invoice_id' WHEN 'parties' THEN 'party_id' ELSE 'bank_account_id' END;
    referenced boolean;
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I c WHERE c.%I IN (SELECT id FROM old_rows))', child, key) INTO referenced;
    PERFORM recur_shared.refs_raise_referenced(referenced, format('%s_%s_fkey', child, key), child, TG_TABLE_NAME);
    RETURN NULL;
END $$;
