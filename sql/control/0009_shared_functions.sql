-- Issue 28, goal 2: the tenant schemas' functions and trigger functions live once, in the schema `recur_shared`,
-- instead of once per tenant (docs/tenancy.md, "Shared functions"). This file names its schema on purpose: the
-- shared schema is one per database, whatever the control schema (tests and benchmarks use other control schemas
-- in the same database and share it), so it is written to be applied again harmlessly: CREATE … IF NOT EXISTS and
-- CREATE OR REPLACE, under a transaction-level advisory lock so that two runners never replace a function at once.
--
-- The functions have no SET search_path: an unqualified table name resolves through the caller's search_path,
-- which a tenant transaction sets to exactly its own schema (TenantDatabase, migrations, spares); PL/pgSQL re-plans
-- a cached statement when search_path has changed. A call to another shared function is qualified. No function is
-- SECURITY DEFINER: each runs with the privileges of the transaction that fired it. Every trigger function first
-- checks that the table that fired it is in the schema its unqualified names resolve to (TG_TABLE_SCHEMA =
-- current_schema()), and refuses otherwise: a row of one tenant can never make a trigger read or write another's.
SELECT pg_advisory_xact_lock(hashtext('recur_shared'));
CREATE SCHEMA IF NOT EXISTS recur_shared;
REVOKE CREATE ON SCHEMA recur_shared FROM PUBLIC;

-- A trigger fired on a table outside the schema the search path resolves to (only qualified SQL written by hand
-- can do it): refused before the function reads or writes anything.
CREATE OR REPLACE FUNCTION recur_shared.refuse_other_schema(table_schema name, table_name name) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'trigger on %.% refused: the search path resolves to %, not to the table''s schema',
        table_schema, table_name, coalesce(current_schema()::text, '(nothing)')
        USING ERRCODE = 'insufficient_privilege', HINT = 'set search_path to the tenant''s schema (transaction-local)';
END $$;

CREATE OR REPLACE FUNCTION recur_shared.audit_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RAISE EXCEPTION '% on % refused: the audit trail is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'audit_events_append_only', TABLE = TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.credit_note_documents_immutable() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RAISE EXCEPTION 'a credit note''s documents never change'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'credit_note_documents_immutable',
              TABLE = 'credit_note_documents';
END
$$;

CREATE OR REPLACE FUNCTION recur_shared.eod_reset_setup_due() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF NEW.schedule IS DISTINCT FROM OLD.schedule OR NEW.is_active IS DISTINCT FROM OLD.is_active
       OR NEW.skip_through IS DISTINCT FROM OLD.skip_through THEN
        NEW.next_posting_date := NULL;
        NEW.schedule_ends_on := NULL;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.expenses_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    undone boolean := false;
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.paid_on IS NOT NULL AND OLD.reversed_on IS NULL AND OLD.payment_entry_id IS NOT NULL
       AND NEW.paid_on IS NULL AND NEW.bank_account_id IS NULL AND NEW.payment_entry_id IS NULL AND NEW.reversed_on IS NULL
    THEN
        undone := EXISTS (SELECT 1 FROM journal_entries e WHERE e.reverses_entry_id = OLD.payment_entry_id);
    END IF;
    IF TG_OP = 'DELETE'
       OR (OLD.entry_id IS NOT NULL AND NEW.entry_id IS DISTINCT FROM OLD.entry_id)
       OR (OLD.paid_on IS NOT NULL AND NOT undone AND (NEW.paid_on, NEW.bank_account_id, NEW.payment_entry_id)
           IS DISTINCT FROM (OLD.paid_on, OLD.bank_account_id, OLD.payment_entry_id))
       OR (OLD.reversed_on IS NOT NULL AND (NEW.reversed_on, NEW.reversal_entry_id, NEW.payment_reversal_entry_id,
           NEW.paid_on) IS DISTINCT FROM (OLD.reversed_on, OLD.reversal_entry_id, OLD.payment_reversal_entry_id,
           OLD.paid_on))
       OR (NEW.vendor_id, NEW.category_id, NEW.expense_account_id, NEW.payable_account_id, NEW.amount, NEW.currency,
           NEW.expense_date, NEW.department, NEW.project, NEW.campaign, NEW.reference, NEW.notes, NEW.recurring_expense_id)
          IS DISTINCT FROM
          (OLD.vendor_id, OLD.category_id, OLD.expense_account_id, OLD.payable_account_id, OLD.amount, OLD.currency,
           OLD.expense_date, OLD.department, OLD.project, OLD.campaign, OLD.reference, OLD.notes, OLD.recurring_expense_id)
    THEN
        RAISE EXCEPTION '% of expense % refused: an expense is only paid (or its payment undone) or reversed, once', TG_OP, OLD.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'expenses_final', TABLE = 'expenses';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.expenses_line_dimensions() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    SELECT x.department, x.project, x.campaign INTO NEW.department, NEW.project, NEW.campaign
    FROM expenses x WHERE x.id = NEW.document_id AND x.expense_account_id = NEW.account_id;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoice_documents_immutable() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RAISE EXCEPTION 'an issued invoice''s documents never change'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoice_documents_immutable', TABLE = 'invoice_documents';
END
$$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_changed_invoice() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.invoicing_check_invoice_references(
        array_remove(ARRAY[NEW.party_id], NULL), array_remove(ARRAY[NEW.recurring_setup_id], NULL),
        array_remove(ARRAY[NEW.sales_order_id], NULL), array_remove(ARRAY[NEW.issue_entry_id], NULL),
        array_remove(ARRAY[NEW.void_entry_id], NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_changed_line() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.invoicing_check_line_references(
        array_remove(ARRAY[NEW.item_id], NULL), array_remove(ARRAY[NEW.income_account_id], NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_invoice_references(party_ids uuid[], setup_ids uuid[], order_ids uuid[], entry_ids uuid[], void_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_party(party_ids), 'invoices_party_id_fkey', 'invoices', 'party_id', 'parties');
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_setup(setup_ids),
        'invoices_recurring_setup_id_fkey', 'invoices', 'recurring_setup_id', 'recurring_invoice_setups');
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_sales_order(order_ids),
        'invoices_sales_order_id_fkey', 'invoices', 'sales_order_id', 'sales_orders');
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_entry(entry_ids),
        'invoices_issue_entry_id_fkey', 'invoices', 'issue_entry_id', 'journal_entries');
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_entry(void_ids),
        'invoices_void_entry_id_fkey', 'invoices', 'void_entry_id', 'journal_entries');
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_line_references(item_ids uuid[], account_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_item(item_ids), 'invoice_lines_item_id_fkey', 'invoice_lines', 'item_id', 'items');
    PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_account(account_ids),
        'invoice_lines_income_account_id_fkey', 'invoice_lines', 'income_account_id', 'accounts');
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_line_tax_codes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF EXISTS (SELECT 1 FROM new_lines n
               WHERE n.tax_code_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tax_codes c WHERE c.id = n.tax_code_id)) THEN
        RAISE EXCEPTION 'an invoice line names a tax code that does not exist'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'invoice_lines_tax_code_id_fkey',
                  TABLE = 'invoice_lines';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_new_invoices() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    parties_ok boolean := true;
    setups_ok boolean := true;
    orders_ok boolean := true;
    entries_ok boolean := true;
    ids uuid[];
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    ids := array(SELECT DISTINCT party_id FROM new_invoices);
    IF cardinality(ids) > 0 THEN
        parties_ok := (SELECT count(*) FROM (SELECT 1 FROM parties p WHERE p.id = ANY (ids) FOR KEY SHARE) f)
                      = cardinality(ids);
    END IF;
    ids := array(SELECT DISTINCT recurring_setup_id FROM new_invoices WHERE recurring_setup_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        setups_ok := (SELECT count(*) FROM (SELECT 1 FROM recurring_invoice_setups s WHERE s.id = ANY (ids)
                                               FOR KEY SHARE) f) = cardinality(ids);
    END IF;
    ids := array(SELECT DISTINCT sales_order_id FROM new_invoices WHERE sales_order_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        orders_ok := (SELECT count(*) FROM (SELECT 1 FROM sales_orders o WHERE o.id = ANY (ids) FOR KEY SHARE) f)
                     = cardinality(ids);
    END IF;
    -- Issue and void entries together (append-only: no lock); the helper below tells which key is missing.
    ids := array(SELECT DISTINCT e FROM new_invoices n, LATERAL (VALUES (n.issue_entry_id), (n.void_entry_id)) v(e)
                  WHERE e IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        entries_ok := (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) = cardinality(ids);
    END IF;
    IF NOT (parties_ok AND setups_ok AND orders_ok AND entries_ok) THEN
        -- The checks of 0009 in their order, so the first failing key is the one reported, as before.
        PERFORM recur_shared.invoicing_check_invoice_references(
            array(SELECT DISTINCT party_id FROM new_invoices),
            array(SELECT DISTINCT recurring_setup_id FROM new_invoices WHERE recurring_setup_id IS NOT NULL),
            array(SELECT DISTINCT sales_order_id FROM new_invoices WHERE sales_order_id IS NOT NULL),
            array(SELECT DISTINCT issue_entry_id FROM new_invoices WHERE issue_entry_id IS NOT NULL),
            array(SELECT DISTINCT void_entry_id FROM new_invoices WHERE void_entry_id IS NOT NULL));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_new_lines() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    issued record;
    writer xid;  -- the (sub)transaction writing these lines: every row of one statement has it as xmin
    ids uuid[];
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    -- Only drafts can be deleted, so only drafts are locked.
    ids := array(SELECT DISTINCT invoice_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        PERFORM 1 FROM invoices v WHERE v.id = ANY (ids) AND v.status = 'draft' FOR KEY SHARE;
        IF (SELECT count(*) FROM invoices v WHERE v.id = ANY (ids)) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_invoice(ids),
                'invoice_lines_invoice_id_fkey', 'invoice_lines', 'invoice_id', 'invoices');
        END IF;
    END IF;
    SELECT l.xmin INTO writer
      FROM (SELECT invoice_id, line_no FROM new_lines LIMIT 1) n
      JOIN invoice_lines l ON l.invoice_id = n.invoice_id AND l.line_no = n.line_no;
    SELECT i.id INTO issued
      FROM new_lines n
      JOIN invoices i ON i.id = n.invoice_id AND i.status <> 'draft'
     WHERE i.issued_at IS DISTINCT FROM transaction_timestamp() OR NOT (i.xmin = writer)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the lines of issued invoice % cannot change', issued.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoice_lines';
    END IF;
    ids := array(SELECT DISTINCT item_id FROM new_lines WHERE item_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM items t WHERE t.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_item(ids),
                'invoice_lines_item_id_fkey', 'invoice_lines', 'item_id', 'items');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT income_account_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_account(ids),
                'invoice_lines_income_account_id_fkey', 'invoice_lines', 'income_account_id', 'accounts');
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_numbers_chronological() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF EXISTS (
        SELECT 1 FROM (
            SELECT invoice_date, lag(invoice_date) OVER (ORDER BY sequence_number) AS previous
              FROM invoices
             WHERE sequence_number >= OLD.next_value AND sequence_number < NEW.next_value
        ) AS block
        WHERE invoice_date < coalesce(previous, OLD.last_invoice_date, invoice_date)
           OR invoice_date > NEW.last_invoice_date OR NEW.last_invoice_date IS NULL
    ) THEN
        RAISE EXCEPTION 'invoice numbers % to % are not dated in number order', OLD.next_value, NEW.next_value - 1
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_numbering_chronological', TABLE = 'invoice_numbering';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_check_numbers_used() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    used bigint;
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    SELECT count(*) INTO used FROM invoices
     WHERE sequence_number >= OLD.next_value AND sequence_number < NEW.next_value;
    IF used <> NEW.next_value - OLD.next_value THEN
        RAISE EXCEPTION 'invoice numbers % to % were taken but % of them were issued',
            OLD.next_value, NEW.next_value - 1, used
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_numbering_gapless', TABLE = 'invoice_numbering';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_delete_lines_of_deleted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    DELETE FROM invoice_lines WHERE invoice_id IN (SELECT id FROM old_invoices);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_guard_credit_note_numbering() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'DELETE' OR NEW.next_value NOT IN (OLD.next_value, OLD.next_value + 1) THEN
        RAISE EXCEPTION 'the credit note number counter only moves forward, one number at a time'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'credit_note_numbering_forward',
                  TABLE = 'credit_note_numbering';
    END IF;
    IF NEW.last_credit_date < OLD.last_credit_date
       OR (NEW.last_credit_date IS NULL AND OLD.last_credit_date IS NOT NULL) THEN
        RAISE EXCEPTION 'the date of the last credit note number only moves forward'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'credit_note_numbering_chronological',
                  TABLE = 'credit_note_numbering';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_guard_credit_notes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_TABLE_NAME = 'credit_notes' AND TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'credit_used') = (to_jsonb(OLD) - 'credit_used') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'credit notes are final: only the credit used of one may change'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'credit_notes_final', TABLE = TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_guard_invoice() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'invoice % is % and cannot be deleted; void it', OLD.number, OLD.status
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoices';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF OLD.status = 'void'
       OR (NEW.status = 'draft')
       OR (NEW.status = 'void' AND OLD.status <> 'issued')
       OR (NEW.party_id, NEW.currency, NEW.sequence_number, NEW.number, NEW.invoice_date, NEW.due_date,
           NEW.payment_terms_days, NEW.statement_reference, NEW.discount_kind, NEW.discount_value, NEW.subtotal,
           NEW.discount_total, NEW.tax_total, NEW.total, NEW.recurring_setup_id, NEW.sales_order_id,
           NEW.issue_entry_id, NEW.issued_at, NEW.occurrence_date, NEW.occurrence_index,
           NEW.occurrence_due_date, NEW.period_start, NEW.period_end)
          IS DISTINCT FROM
          (OLD.party_id, OLD.currency, OLD.sequence_number, OLD.number, OLD.invoice_date, OLD.due_date,
           OLD.payment_terms_days, OLD.statement_reference, OLD.discount_kind, OLD.discount_value, OLD.subtotal,
           OLD.discount_total, OLD.tax_total, OLD.total, OLD.recurring_setup_id, OLD.sales_order_id,
           OLD.issue_entry_id, OLD.issued_at, OLD.occurrence_date, OLD.occurrence_index,
           OLD.occurrence_due_date, OLD.period_start, OLD.period_end)
    THEN
        RAISE EXCEPTION 'invoice % is %: only its payment state may change, or an unpaid issued invoice be voided',
            OLD.number, OLD.status
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoices';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_guard_invoice_lines() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    invoice uuid;
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'INSERT' THEN
        invoice := NEW.invoice_id;
    ELSE
        invoice := OLD.invoice_id;
    END IF;
    -- A missing parent is a cascading delete of a draft.
    IF EXISTS (SELECT 1 FROM invoices WHERE id = invoice AND status <> 'draft') THEN
        RAISE EXCEPTION 'the lines of issued invoice % cannot change', invoice
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoice_lines';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_guard_numbering() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'DELETE' OR NEW.next_value < OLD.next_value THEN
        RAISE EXCEPTION 'the invoice number counter only moves forward'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoice_numbering_forward', TABLE = 'invoice_numbering';
    END IF;
    IF NEW.last_invoice_date < OLD.last_invoice_date OR (NEW.last_invoice_date IS NULL AND OLD.last_invoice_date IS NOT NULL) THEN
        RAISE EXCEPTION 'the date of the last invoice number only moves forward'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoice_numbering_chronological', TABLE = 'invoice_numbering';
    END IF;
    RETURN NEW;
END $$;

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
           AND (NEW.party_id, NEW.payment_date, NEW.amount, NEW.currency, NEW.method, NEW.reference,
                NEW.bank_account_id, NEW.entry_id, NEW.created_at)
               IS NOT DISTINCT FROM
               (OLD.party_id, OLD.payment_date, OLD.amount, OLD.currency, OLD.method, OLD.reference,
                OLD.bank_account_id, OLD.entry_id, OLD.created_at)
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% on % refused: a payment is only ever reversed, once', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'payments_final', TABLE = TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.invoicing_guard_tax_codes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RAISE EXCEPTION 'tax codes are archived, never deleted'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'tax_codes_not_deleted', TABLE = 'tax_codes';
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_add_balances() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    -- One statement: the new lines summed per day once, added to the day rows and, summed per month, to the month
    -- rows (a WITH's INSERT runs to completion whether or not the main query reads it).
    WITH day_sums AS (
        SELECT n.account_id, e.currency, e.entry_date AS day, n.department, n.project, n.campaign,
               sum(n.debit) AS debit, sum(n.credit) AS credit, count(*) AS line_count
        FROM new_lines n JOIN journal_entries e ON e.id = n.entry_id
        GROUP BY 1, 2, 3, 4, 5, 6
    ), days AS (
        INSERT INTO ledger_day_balances AS b
            (account_id, currency, day, department, project, campaign, debit, credit, line_count)
        SELECT * FROM day_sums
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (account_id, currency, day, department, project, campaign) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                line_count = b.line_count + EXCLUDED.line_count
    )
    INSERT INTO ledger_month_balances AS b
        (account_id, currency, month, department, project, campaign, debit, credit, line_count)
    SELECT account_id, currency, date_trunc('month', day)::date, department, project, campaign,
           sum(debit), sum(credit), sum(line_count)
    FROM day_sums
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (account_id, currency, month, department, project, campaign) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
            line_count = b.line_count + EXCLUDED.line_count;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_add_report_balances() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF EXISTS (
        SELECT 1 FROM (SELECT entry_id, count(*) AS lines FROM new_lines GROUP BY entry_id) n
        WHERE (SELECT count(*) FROM journal_lines l WHERE l.entry_id = n.entry_id) <> n.lines
    ) THEN
        RAISE EXCEPTION 'a journal entry''s lines are inserted by one statement'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_entry_lines_at_once', TABLE = 'journal_lines';
    END IF;
    -- One statement: the new lines with their entry's date, currency and accounts once, added to the three tables (a
    -- WITH's INSERT runs to completion whether or not the main query reads it).
    WITH new_rows AS MATERIALIZED (
        SELECT n.account_id, a.type, e.currency, e.entry_date AS day, n.party_id, n.document_type, n.document_id,
               ea.accounts AS entry_accounts, n.debit, n.credit
        FROM new_lines n JOIN journal_entries e ON e.id = n.entry_id JOIN accounts a ON a.id = n.account_id
        JOIN (SELECT entry_id, array_agg(DISTINCT account_id ORDER BY account_id) AS accounts
              FROM new_lines GROUP BY entry_id) ea ON ea.entry_id = n.entry_id
    ), documents AS (
        INSERT INTO ledger_document_balances AS b
            (account_id, currency, party_id, document_type, document_id, debit, credit, line_count, due_date)
        SELECT g.*,
               CASE g.document_type
                   WHEN 'invoice' THEN (SELECT v.due_date FROM invoices v WHERE v.id = g.document_id)
                   WHEN 'expense' THEN (SELECT x.expense_date FROM expenses x WHERE x.id = g.document_id)
               END
        FROM (
            SELECT account_id, currency, party_id,
                   CASE WHEN document_type IN ('invoice', 'expense') THEN document_type END AS document_type,
                   CASE WHEN document_type IN ('invoice', 'expense') THEN document_id END AS document_id,
                   sum(debit) AS debit, sum(credit) AS credit, count(*) AS line_count
            FROM new_rows WHERE type IN ('asset', 'liability')
            GROUP BY 1, 2, 3, 4, 5
        ) g
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, currency, party_id, document_type, document_id) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                line_count = b.line_count + EXCLUDED.line_count, due_date = coalesce(EXCLUDED.due_date, b.due_date)
    ), flows AS (
        INSERT INTO ledger_flow_balances AS b
            (account_id, currency, day, expense_id, entry_accounts, debit, credit, line_count)
        SELECT account_id, currency, day, CASE WHEN document_type = 'expense' THEN document_id END, entry_accounts,
               sum(debit), sum(credit), count(*)
        FROM new_rows WHERE type = 'asset'
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 5, 4
        ON CONFLICT (account_id, currency, day, entry_accounts, expense_id) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                line_count = b.line_count + EXCLUDED.line_count
    )
    INSERT INTO ledger_income_expense_months AS b
        (account_id, currency, month, party_id, expense_id, debit, credit, line_count)
    SELECT account_id, currency, date_trunc('month', day)::date, party_id,
           CASE WHEN document_type = 'expense' THEN document_id END, sum(debit), sum(credit), count(*)
    FROM new_rows WHERE type IN ('income', 'expense')
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (account_id, currency, month, party_id, expense_id) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
            line_count = b.line_count + EXCLUDED.line_count;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_document_due_date() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    UPDATE ledger_document_balances b SET due_date = NEW.due_date
    WHERE b.account_id IN (SELECT a.id FROM accounts a WHERE a.type IN ('asset', 'liability'))
      AND b.currency = NEW.currency AND b.party_id = NEW.party_id AND b.document_type = 'invoice'
      AND b.document_id = NEW.id AND b.due_date IS DISTINCT FROM NEW.due_date;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_check_account_active() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF EXISTS (SELECT 1 FROM accounts a WHERE a.id = NEW.account_id AND a.archived_at IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = NEW.entry_id AND e.reverses_entry_id IS NOT NULL)
    THEN
        RAISE EXCEPTION 'account % is archived', NEW.account_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_account_active', TABLE = 'journal_lines';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_check_entry_balanced() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    entry uuid;
    debits numeric;
    credits numeric;
    lines integer;
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_TABLE_NAME = 'journal_entries' THEN
        entry := NEW.id;
    ELSE
        entry := NEW.entry_id;
    END IF;
    SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*)
      INTO debits, credits, lines
      FROM journal_lines WHERE entry_id = entry;
    IF lines < 2 OR debits <> credits THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, debits %, credits %', entry, lines, debits, credits
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced', TABLE = 'journal_entries';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_check_lock_date() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    locked date;
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    SELECT lock_date INTO locked FROM ledger_lock FOR SHARE;
    IF locked IS NOT NULL AND EXISTS (SELECT 1 FROM new_entries WHERE entry_date <= locked) THEN
        RAISE EXCEPTION 'a journal entry is dated on or before the lock date'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_after_lock_date', TABLE = 'journal_entries',
                  DETAIL = format('lock date %s', locked);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_check_statement_entries() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    bad record;
    ids uuid[];
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    ids := array(SELECT DISTINCT reverses_entry_id FROM new_entries WHERE reverses_entry_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_entry(ids),
                'journal_entries_reverses_entry_id_fkey', 'journal_entries', 'reverses_entry_id', 'journal_entries');
        END IF;
    END IF;
    SELECT n.id INTO bad
      FROM new_entries n
     WHERE NOT EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = n.id)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance: it has no lines', bad.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced', TABLE = 'journal_entries';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_check_statement_lines() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    bad record;
    ids uuid[];
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    -- Entries are append-only: no lock.
    ids := array(SELECT DISTINCT entry_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_entry(ids),
                'journal_lines_entry_id_fkey', 'journal_lines', 'entry_id', 'journal_entries');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT account_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_account(ids),
                'journal_lines_account_id_fkey', 'journal_lines', 'account_id', 'accounts');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT party_id FROM new_lines WHERE party_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM parties p WHERE p.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_party(ids),
                'journal_lines_party_fkey', 'journal_lines', 'party_id', 'parties');
        END IF;
    END IF;
    SELECT l.entry_id, count(*) AS lines, sum(l.debit) AS debits, sum(l.credit) AS credits INTO bad
      FROM journal_lines l
     WHERE l.entry_id IN (SELECT DISTINCT n.entry_id FROM new_lines n)
     GROUP BY l.entry_id
    HAVING count(*) < 2 OR sum(l.debit) <> sum(l.credit)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, debits %, credits %',
            bad.entry_id, bad.lines, bad.debits, bad.credits
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced', TABLE = 'journal_entries';
    END IF;
    -- New postings go to active accounts only; a reversing entry may still reach an account archived since.
    SELECT n.account_id INTO bad
      FROM new_lines n
      JOIN accounts a ON a.id = n.account_id AND a.archived_at IS NOT NULL
      JOIN journal_entries e ON e.id = n.entry_id
     WHERE e.reverses_entry_id IS NULL
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'account % is archived', bad.account_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_account_active', TABLE = 'journal_lines';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_guard_lock() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RAISE EXCEPTION 'the lock date row is changed, never deleted'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_lock_kept', TABLE = 'ledger_lock';
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_protect_accounts() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.role IS NOT NULL THEN
            RAISE EXCEPTION 'system account % cannot be deleted', OLD.code
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'accounts_system', TABLE = 'accounts';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.role IS DISTINCT FROM OLD.role THEN
        RAISE EXCEPTION 'the role of account % cannot change', OLD.code
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'accounts_system', TABLE = 'accounts';
    END IF;
    IF NEW.type <> OLD.type AND EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id) THEN
        RAISE EXCEPTION 'account % has postings: its type cannot change', OLD.code
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'accounts_type_used', TABLE = 'accounts';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RAISE EXCEPTION '% on % refused: postings are never changed; post a reversing entry', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'journal_append_only', TABLE = TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.notification_outbox_forget_link_secret() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    NEW.link_secret := NULL;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.recurring_amount_changes_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.monthly_amount IS NULL
       AND (NEW.seq, NEW.template_kind, NEW.template_id, NEW.reason, NEW.state, NEW.effective_on, NEW.changed_at)
           IS NOT DISTINCT FROM
           (OLD.seq, OLD.template_kind, OLD.template_id, OLD.reason, OLD.state, OLD.effective_on, OLD.changed_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'recurring amount changes are append-only'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'recurring_amount_changes_append_only',
              TABLE = 'recurring_amount_changes';
END $$;

CREATE OR REPLACE FUNCTION recur_shared.recurring_tasks_lead_reset_due() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    NEW.next_posting_date := NULL;
    NEW.schedule_ends_on := NULL;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.recurring_templates_reset_due() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF NEW.schedule IS DISTINCT FROM OLD.schedule OR NEW.is_active IS DISTINCT FROM OLD.is_active
       OR NEW.skip_through IS DISTINCT FROM OLD.skip_through THEN
        NEW.next_posting_date := NULL;
        NEW.schedule_ends_on := NULL;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_accounts_deleted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_referenced(EXISTS (SELECT 1 FROM journal_lines l WHERE l.account_id IN (SELECT id FROM old_rows)),
        'journal_lines_account_id_fkey', 'journal_lines', 'accounts');
    PERFORM recur_shared.refs_raise_referenced(
        EXISTS (SELECT 1 FROM invoice_lines l WHERE l.income_account_id IN (SELECT id FROM old_rows)),
        'invoice_lines_income_account_id_fkey', 'invoice_lines', 'accounts');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_forbid_id_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RAISE EXCEPTION 'the id of a row of % cannot change', TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_id_fixed', TABLE = TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_items_deleted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_referenced(EXISTS (SELECT 1 FROM invoice_lines l WHERE l.item_id IN (SELECT id FROM old_rows)),
        'invoice_lines_item_id_fkey', 'invoice_lines', 'items');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_missing_account(ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_missing_entry(ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_missing_invoice(ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM invoices v WHERE v.id = ANY (ids) AND v.status = 'draft' FOR KEY SHARE;
    IF (SELECT count(*) FROM invoices v WHERE v.id = ANY (ids)) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM invoices v WHERE v.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_missing_item(ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM items t WHERE t.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM items t WHERE t.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_missing_party(ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM parties p WHERE p.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM parties p WHERE p.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_missing_sales_order(ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM sales_orders o WHERE o.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM sales_orders o WHERE o.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_missing_setup(ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM recurring_invoice_setups s WHERE s.id = ANY (ids) FOR KEY SHARE) f)
       = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i
             WHERE NOT EXISTS (SELECT 1 FROM recurring_invoice_setups s WHERE s.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_parties_deleted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_referenced(EXISTS (SELECT 1 FROM journal_lines l WHERE l.party_id IN (SELECT id FROM old_rows)),
        'journal_lines_party_fkey', 'journal_lines', 'parties');
    PERFORM recur_shared.refs_raise_referenced(EXISTS (SELECT 1 FROM invoices v WHERE v.party_id IN (SELECT id FROM old_rows)),
        'invoices_party_id_fkey', 'invoices', 'parties');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_raise_missing(missing uuid, constraint_name text, child text, column_name text, parent text) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', child, constraint_name
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = child, COLUMN = column_name,
                  DETAIL = format('Key (%s)=(%s) is not present in table "%s".', column_name, missing, parent);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_raise_referenced(referenced boolean, constraint_name text, child text, parent text) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF referenced THEN
        RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"',
            parent, constraint_name, child
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = parent;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_sales_orders_deleted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_referenced(EXISTS (SELECT 1 FROM invoices v WHERE v.sales_order_id IN (SELECT id FROM old_rows)),
        'invoices_sales_order_id_fkey', 'invoices', 'sales_orders');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.refs_setups_deleted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    PERFORM recur_shared.refs_raise_referenced(
        EXISTS (SELECT 1 FROM invoices v WHERE v.recurring_setup_id IN (SELECT id FROM old_rows)),
        'invoices_recurring_setup_id_fkey', 'invoices', 'recurring_invoice_setups');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.tasks_reminder_days_valid(days integer[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT days IS NULL OR (cardinality(days) <= 10 AND coalesce(array_ndims(days), 1) = 1
        AND (SELECT count(DISTINCT d) = count(*) AND coalesce(bool_and(d BETWEEN 0 AND 366), true) FROM unnest(days) d))
$$;

CREATE OR REPLACE FUNCTION recur_shared.webhooks_fan_out() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, created_at)
    SELECT e.id, n.id, replace(n.kind, '_', '.'),
           jsonb_build_object('id', n.id, 'type', replace(n.kind, '_', '.'), 'created_at', n.created_at, 'data', n.payload),
           n.created_at
    FROM inserted n
    JOIN webhook_endpoints e ON e.enabled AND replace(n.kind, '_', '.') = ANY (e.event_types)
    ON CONFLICT (endpoint_id, event_id) DO NOTHING;
    RETURN NULL;
END
$$;
