-- The four statement triggers every posting fires check their references in their own body; the helpers of 0009
-- (refs_missing_*, refs_raise_missing, invoicing_check_*_references) are called only once a check has failed, to
-- name the missing key and raise the same error as before.
--
-- Each tenant schema has its own copy of every helper. A call by name makes the parser walk every function of
-- that name in the database (one per tenant: 1,000 for 1,000 tenants), and each helper is compiled and its
-- statements planned once per tenant in every server process. A statement of PL/pgSQL is parsed and planned only
-- when it first runs, so the calls left on the failure path cost nothing while the checks pass. Same locks (parents
-- that can be deleted are locked FOR KEY SHARE, drafts only for invoices, none for append-only entries), same
-- results, same errors.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE OR REPLACE FUNCTION ledger_check_statement_entries() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
    ids uuid[];
BEGIN
    ids := array(SELECT DISTINCT reverses_entry_id FROM new_entries WHERE reverses_entry_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) <> cardinality(ids) THEN
            PERFORM refs_raise_missing(refs_missing_entry(ids),
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

CREATE OR REPLACE FUNCTION ledger_check_statement_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
    ids uuid[];
BEGIN
    -- Entries are append-only: no lock.
    ids := array(SELECT DISTINCT entry_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) <> cardinality(ids) THEN
            PERFORM refs_raise_missing(refs_missing_entry(ids),
                'journal_lines_entry_id_fkey', 'journal_lines', 'entry_id', 'journal_entries');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT account_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM refs_raise_missing(refs_missing_account(ids),
                'journal_lines_account_id_fkey', 'journal_lines', 'account_id', 'accounts');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT party_id FROM new_lines WHERE party_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM parties p WHERE p.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM refs_raise_missing(refs_missing_party(ids),
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

CREATE OR REPLACE FUNCTION invoicing_check_new_invoices() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    parties_ok boolean := true;
    setups_ok boolean := true;
    orders_ok boolean := true;
    entries_ok boolean := true;
    ids uuid[];
BEGIN
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
        PERFORM invoicing_check_invoice_references(
            array(SELECT DISTINCT party_id FROM new_invoices),
            array(SELECT DISTINCT recurring_setup_id FROM new_invoices WHERE recurring_setup_id IS NOT NULL),
            array(SELECT DISTINCT sales_order_id FROM new_invoices WHERE sales_order_id IS NOT NULL),
            array(SELECT DISTINCT issue_entry_id FROM new_invoices WHERE issue_entry_id IS NOT NULL),
            array(SELECT DISTINCT void_entry_id FROM new_invoices WHERE void_entry_id IS NOT NULL));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION invoicing_check_new_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    issued record;
    writer xid;  -- the (sub)transaction writing these lines: every row of one statement has it as xmin
    ids uuid[];
BEGIN
    -- Only drafts can be deleted, so only drafts are locked.
    ids := array(SELECT DISTINCT invoice_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        PERFORM 1 FROM invoices v WHERE v.id = ANY (ids) AND v.status = 'draft' FOR KEY SHARE;
        IF (SELECT count(*) FROM invoices v WHERE v.id = ANY (ids)) <> cardinality(ids) THEN
            PERFORM refs_raise_missing(refs_missing_invoice(ids),
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
            PERFORM refs_raise_missing(refs_missing_item(ids),
                'invoice_lines_item_id_fkey', 'invoice_lines', 'item_id', 'items');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT income_account_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM refs_raise_missing(refs_missing_account(ids),
                'invoice_lines_income_account_id_fkey', 'invoice_lines', 'income_account_id', 'accounts');
        END IF;
    END IF;
    RETURN NULL;
END $$;
