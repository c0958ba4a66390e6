-- References checked once per statement (docs/design.md, "Set-based reference checks").
--
-- A FOREIGN KEY runs one lookup per inserted row. The EOD writes about thirteen referencing columns per posting,
-- so those lookups were about a third of the database's work. On the tables the posting path writes (journal
-- entries and lines, invoices and their lines, recurring-invoice occurrences), each such key becomes:
--   * on the child: a statement-level trigger that looks up every distinct referenced id of the statement at
--     once, locks the parents FOR KEY SHARE as a foreign key does (so a concurrent DELETE of the parent waits for
--     the child's transaction, then sees the child), and raises foreign_key_violation with the old key's name;
--     an UPDATE that changes a referencing column is checked by a row trigger with that condition in its WHEN;
--   * on the parent: a statement-level AFTER DELETE trigger that refuses to delete a referenced row (or, for the
--     former ON DELETE CASCADE, deletes the children), and a row trigger that refuses to change an id.
-- The parent-side checks run after the DELETE has its row locks, with a fresh snapshot (READ COMMITTED, which
-- every Recur transaction uses), so a child committed meanwhile is seen.
-- Journal entries are append-only (0002), so their references need no lock. Issued invoices cannot be deleted
-- (0003), so only draft invoices are locked. The keys whose child is written before its parent in a batch
-- (journal line → entry, invoice line → invoice) stay DEFERRABLE foreign keys.
-- Runs with search_path set to the tenant's own schema: name no schema here.

-- 1. Lookups: the first of `ids` (distinct, no NULL) that has no row, or NULL; the rows found are locked.
CREATE FUNCTION refs_missing_party(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM parties p WHERE p.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM parties p WHERE p.id = i) LIMIT 1);
END $$;

CREATE FUNCTION refs_missing_account(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = i) LIMIT 1);
END $$;

CREATE FUNCTION refs_missing_item(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM items t WHERE t.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM items t WHERE t.id = i) LIMIT 1);
END $$;

CREATE FUNCTION refs_missing_setup(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM recurring_invoice_setups s WHERE s.id = ANY (ids) FOR KEY SHARE) f)
       = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i
             WHERE NOT EXISTS (SELECT 1 FROM recurring_invoice_setups s WHERE s.id = i) LIMIT 1);
END $$;

CREATE FUNCTION refs_missing_sales_order(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM sales_orders o WHERE o.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM sales_orders o WHERE o.id = i) LIMIT 1);
END $$;

-- Only drafts can be deleted, so only drafts are locked.
CREATE FUNCTION refs_missing_invoice(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM invoices v WHERE v.id = ANY (ids) AND v.status = 'draft' FOR KEY SHARE;
    IF (SELECT count(*) FROM invoices v WHERE v.id = ANY (ids)) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM invoices v WHERE v.id = i) LIMIT 1);
END $$;

-- Journal entries are never deleted or changed: no lock.
CREATE FUNCTION refs_missing_entry(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = i) LIMIT 1);
END $$;

-- Raises the error PostgreSQL raises for a foreign key, with the same constraint name, when `missing` is set.
CREATE FUNCTION refs_raise_missing(missing uuid, constraint_name text, child text, column_name text, parent text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', child, constraint_name
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = child, COLUMN = column_name,
                  DETAIL = format('Key (%s)=(%s) is not present in table "%s".', column_name, missing, parent);
    END IF;
END $$;

-- Raises the error PostgreSQL raises when a parent row still referenced is deleted.
CREATE FUNCTION refs_raise_referenced(referenced boolean, constraint_name text, child text, parent text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF referenced THEN
        RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"',
            parent, constraint_name, child
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = parent;
    END IF;
END $$;

-- A referenced id never changes.
CREATE FUNCTION refs_forbid_id_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the id of a row of % cannot change', TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_id_fixed', TABLE = TG_TABLE_NAME;
END $$;

-- 2. Journal entries: the reversed entry (itself append-only).
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_reverses_entry_id_fkey;

CREATE OR REPLACE FUNCTION ledger_check_statement_entries() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
BEGIN
    PERFORM refs_raise_missing(
        refs_missing_entry(array(SELECT DISTINCT reverses_entry_id FROM new_entries WHERE reverses_entry_id IS NOT NULL)),
        'journal_entries_reverses_entry_id_fkey', 'journal_entries', 'reverses_entry_id', 'journal_entries');
    SELECT n.id, count(l.entry_id) AS lines, coalesce(sum(l.debit), 0) AS debits,
           coalesce(sum(l.credit), 0) AS credits INTO bad
      FROM new_entries n LEFT JOIN journal_lines l ON l.entry_id = n.id
     GROUP BY n.id
    HAVING count(l.entry_id) < 2 OR coalesce(sum(l.debit), 0) <> coalesce(sum(l.credit), 0)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, debits %, credits %',
            bad.id, bad.lines, bad.debits, bad.credits
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced', TABLE = 'journal_entries';
    END IF;
    RETURN NULL;
END $$;

-- 3. Journal lines: account and party (append-only: inserts only).
ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_account_id_fkey;
ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_party_fkey;

CREATE OR REPLACE FUNCTION ledger_check_statement_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
BEGIN
    PERFORM refs_raise_missing(
        refs_missing_account(array(SELECT DISTINCT account_id FROM new_lines)),
        'journal_lines_account_id_fkey', 'journal_lines', 'account_id', 'accounts');
    PERFORM refs_raise_missing(
        refs_missing_party(array(SELECT DISTINCT party_id FROM new_lines WHERE party_id IS NOT NULL)),
        'journal_lines_party_fkey', 'journal_lines', 'party_id', 'parties');
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
    -- (Lines written before their entry, in a batch, are never reversals.)
    SELECT n.account_id INTO bad
      FROM new_lines n
      JOIN accounts a ON a.id = n.account_id AND a.archived_at IS NOT NULL
      LEFT JOIN journal_entries e ON e.id = n.entry_id
     WHERE e.reverses_entry_id IS NULL
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'account % is archived', bad.account_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_account_active', TABLE = 'journal_lines';
    END IF;
    RETURN NULL;
END $$;

-- 4. Invoices: party, recurring setup, sales order, issue and void entries.
ALTER TABLE invoices DROP CONSTRAINT invoices_party_id_fkey;
ALTER TABLE invoices DROP CONSTRAINT invoices_recurring_setup_id_fkey;
ALTER TABLE invoices DROP CONSTRAINT invoices_sales_order_id_fkey;
ALTER TABLE invoices DROP CONSTRAINT invoices_issue_entry_id_fkey;
ALTER TABLE invoices DROP CONSTRAINT invoices_void_entry_id_fkey;

CREATE FUNCTION invoicing_check_invoice_references(
    party_ids uuid[], setup_ids uuid[], order_ids uuid[], entry_ids uuid[], void_ids uuid[]) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_missing(refs_missing_party(party_ids), 'invoices_party_id_fkey', 'invoices', 'party_id', 'parties');
    PERFORM refs_raise_missing(refs_missing_setup(setup_ids),
        'invoices_recurring_setup_id_fkey', 'invoices', 'recurring_setup_id', 'recurring_invoice_setups');
    PERFORM refs_raise_missing(refs_missing_sales_order(order_ids),
        'invoices_sales_order_id_fkey', 'invoices', 'sales_order_id', 'sales_orders');
    PERFORM refs_raise_missing(refs_missing_entry(entry_ids),
        'invoices_issue_entry_id_fkey', 'invoices', 'issue_entry_id', 'journal_entries');
    PERFORM refs_raise_missing(refs_missing_entry(void_ids),
        'invoices_void_entry_id_fkey', 'invoices', 'void_entry_id', 'journal_entries');
END $$;

CREATE FUNCTION invoicing_check_new_invoices() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM invoicing_check_invoice_references(
        array(SELECT DISTINCT party_id FROM new_invoices),
        array(SELECT DISTINCT recurring_setup_id FROM new_invoices WHERE recurring_setup_id IS NOT NULL),
        array(SELECT DISTINCT sales_order_id FROM new_invoices WHERE sales_order_id IS NOT NULL),
        array(SELECT DISTINCT issue_entry_id FROM new_invoices WHERE issue_entry_id IS NOT NULL),
        array(SELECT DISTINCT void_entry_id FROM new_invoices WHERE void_entry_id IS NOT NULL));
    RETURN NULL;
END $$;

CREATE FUNCTION invoicing_check_changed_invoice() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM invoicing_check_invoice_references(
        array_remove(ARRAY[NEW.party_id], NULL), array_remove(ARRAY[NEW.recurring_setup_id], NULL),
        array_remove(ARRAY[NEW.sales_order_id], NULL), array_remove(ARRAY[NEW.issue_entry_id], NULL),
        array_remove(ARRAY[NEW.void_entry_id], NULL));
    RETURN NULL;
END $$;

CREATE TRIGGER invoices_references_insert AFTER INSERT ON invoices
    REFERENCING NEW TABLE AS new_invoices
    FOR EACH STATEMENT EXECUTE FUNCTION invoicing_check_new_invoices();
CREATE TRIGGER invoices_references_update AFTER UPDATE ON invoices
    FOR EACH ROW
    WHEN (NEW.party_id IS DISTINCT FROM OLD.party_id OR NEW.recurring_setup_id IS DISTINCT FROM OLD.recurring_setup_id
          OR NEW.sales_order_id IS DISTINCT FROM OLD.sales_order_id OR NEW.issue_entry_id IS DISTINCT FROM OLD.issue_entry_id
          OR NEW.void_entry_id IS DISTINCT FROM OLD.void_entry_id)
    EXECUTE FUNCTION invoicing_check_changed_invoice();

-- 5. Invoice lines: item and income account (the invoice itself stays a deferrable foreign key).
ALTER TABLE invoice_lines DROP CONSTRAINT invoice_lines_item_id_fkey;
ALTER TABLE invoice_lines DROP CONSTRAINT invoice_lines_income_account_id_fkey;

CREATE FUNCTION invoicing_check_line_references(item_ids uuid[], account_ids uuid[]) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_missing(refs_missing_item(item_ids), 'invoice_lines_item_id_fkey', 'invoice_lines', 'item_id', 'items');
    PERFORM refs_raise_missing(refs_missing_account(account_ids),
        'invoice_lines_income_account_id_fkey', 'invoice_lines', 'income_account_id', 'accounts');
END $$;

CREATE OR REPLACE FUNCTION invoicing_check_new_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    issued record;
BEGIN
    SELECT i.id INTO issued FROM new_lines n JOIN invoices i ON i.id = n.invoice_id AND i.status <> 'draft' LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the lines of issued invoice % cannot change', issued.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoice_lines';
    END IF;
    PERFORM invoicing_check_line_references(
        array(SELECT DISTINCT item_id FROM new_lines WHERE item_id IS NOT NULL),
        array(SELECT DISTINCT income_account_id FROM new_lines));
    RETURN NULL;
END $$;

CREATE FUNCTION invoicing_check_changed_line() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM invoicing_check_line_references(
        array_remove(ARRAY[NEW.item_id], NULL), array_remove(ARRAY[NEW.income_account_id], NULL));
    RETURN NULL;
END $$;

CREATE TRIGGER invoice_lines_references_update AFTER UPDATE ON invoice_lines
    FOR EACH ROW
    WHEN (NEW.item_id IS DISTINCT FROM OLD.item_id OR NEW.income_account_id IS DISTINCT FROM OLD.income_account_id)
    EXECUTE FUNCTION invoicing_check_changed_line();

-- 6. Recurring-invoice occurrences: setup (deleted with it, as ON DELETE CASCADE did) and invoice.
ALTER TABLE recurring_invoice_occurrences DROP CONSTRAINT recurring_invoice_occurrences_setup_id_fkey;
ALTER TABLE recurring_invoice_occurrences DROP CONSTRAINT recurring_invoice_occurrences_invoice_id_fkey;

CREATE FUNCTION invoicing_check_occurrence_references(setup_ids uuid[], invoice_ids uuid[]) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_missing(refs_missing_setup(setup_ids),
        'recurring_invoice_occurrences_setup_id_fkey', 'recurring_invoice_occurrences', 'setup_id',
        'recurring_invoice_setups');
    PERFORM refs_raise_missing(refs_missing_invoice(invoice_ids),
        'recurring_invoice_occurrences_invoice_id_fkey', 'recurring_invoice_occurrences', 'invoice_id', 'invoices');
END $$;

CREATE FUNCTION invoicing_check_new_occurrences() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM invoicing_check_occurrence_references(
        array(SELECT DISTINCT setup_id FROM new_occurrences),
        array(SELECT DISTINCT invoice_id FROM new_occurrences WHERE invoice_id IS NOT NULL));
    RETURN NULL;
END $$;

CREATE FUNCTION invoicing_check_changed_occurrence() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM invoicing_check_occurrence_references(ARRAY[NEW.setup_id], array_remove(ARRAY[NEW.invoice_id], NULL));
    RETURN NULL;
END $$;

CREATE TRIGGER recurring_invoice_occurrences_references_insert AFTER INSERT ON recurring_invoice_occurrences
    REFERENCING NEW TABLE AS new_occurrences
    FOR EACH STATEMENT EXECUTE FUNCTION invoicing_check_new_occurrences();
CREATE TRIGGER recurring_invoice_occurrences_references_update AFTER UPDATE ON recurring_invoice_occurrences
    FOR EACH ROW
    WHEN (NEW.setup_id IS DISTINCT FROM OLD.setup_id OR NEW.invoice_id IS DISTINCT FROM OLD.invoice_id)
    EXECUTE FUNCTION invoicing_check_changed_occurrence();

-- 7. The parents: a referenced row cannot be deleted, and no id changes.
CREATE FUNCTION refs_parties_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_referenced(EXISTS (SELECT 1 FROM journal_lines l WHERE l.party_id IN (SELECT id FROM old_rows)),
        'journal_lines_party_fkey', 'journal_lines', 'parties');
    PERFORM refs_raise_referenced(EXISTS (SELECT 1 FROM invoices v WHERE v.party_id IN (SELECT id FROM old_rows)),
        'invoices_party_id_fkey', 'invoices', 'parties');
    RETURN NULL;
END $$;

CREATE FUNCTION refs_accounts_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_referenced(EXISTS (SELECT 1 FROM journal_lines l WHERE l.account_id IN (SELECT id FROM old_rows)),
        'journal_lines_account_id_fkey', 'journal_lines', 'accounts');
    PERFORM refs_raise_referenced(
        EXISTS (SELECT 1 FROM invoice_lines l WHERE l.income_account_id IN (SELECT id FROM old_rows)),
        'invoice_lines_income_account_id_fkey', 'invoice_lines', 'accounts');
    RETURN NULL;
END $$;

CREATE FUNCTION refs_items_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_referenced(EXISTS (SELECT 1 FROM invoice_lines l WHERE l.item_id IN (SELECT id FROM old_rows)),
        'invoice_lines_item_id_fkey', 'invoice_lines', 'items');
    RETURN NULL;
END $$;

CREATE FUNCTION refs_setups_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_referenced(
        EXISTS (SELECT 1 FROM invoices v WHERE v.recurring_setup_id IN (SELECT id FROM old_rows)),
        'invoices_recurring_setup_id_fkey', 'invoices', 'recurring_invoice_setups');
    DELETE FROM recurring_invoice_occurrences WHERE setup_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE FUNCTION refs_sales_orders_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_referenced(EXISTS (SELECT 1 FROM invoices v WHERE v.sales_order_id IN (SELECT id FROM old_rows)),
        'invoices_sales_order_id_fkey', 'invoices', 'sales_orders');
    RETURN NULL;
END $$;

CREATE FUNCTION refs_invoices_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_referenced(
        EXISTS (SELECT 1 FROM recurring_invoice_occurrences o WHERE o.invoice_id IN (SELECT id FROM old_rows)),
        'recurring_invoice_occurrences_invoice_id_fkey', 'recurring_invoice_occurrences', 'invoices');
    RETURN NULL;
END $$;

CREATE TRIGGER parties_references_delete AFTER DELETE ON parties
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refs_parties_deleted();
CREATE TRIGGER accounts_references_delete AFTER DELETE ON accounts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refs_accounts_deleted();
CREATE TRIGGER items_references_delete AFTER DELETE ON items
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refs_items_deleted();
CREATE TRIGGER recurring_invoice_setups_references_delete AFTER DELETE ON recurring_invoice_setups
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refs_setups_deleted();
CREATE TRIGGER sales_orders_references_delete AFTER DELETE ON sales_orders
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refs_sales_orders_deleted();
CREATE TRIGGER invoices_references_delete AFTER DELETE ON invoices
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refs_invoices_deleted();

CREATE TRIGGER parties_id_fixed BEFORE UPDATE ON parties
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refs_forbid_id_change();
CREATE TRIGGER accounts_id_fixed BEFORE UPDATE ON accounts
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refs_forbid_id_change();
CREATE TRIGGER items_id_fixed BEFORE UPDATE ON items
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refs_forbid_id_change();
CREATE TRIGGER recurring_invoice_setups_id_fixed BEFORE UPDATE ON recurring_invoice_setups
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refs_forbid_id_change();
CREATE TRIGGER sales_orders_id_fixed BEFORE UPDATE ON sales_orders
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refs_forbid_id_change();
CREATE TRIGGER invoices_id_fixed BEFORE UPDATE ON invoices
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refs_forbid_id_change();
