-- A line's parent (a journal line's entry, an invoice line's invoice) is checked once per statement, like the
-- lines' other references (0009), instead of by a row-level foreign key.
--
-- The EOD batch used to write lines before their parents, with these two keys deferred, and paid a row-level key
-- check per line at the end of each batch: an SPI query and a row lock on the parent each, about 10 µs, three per
-- invoice. Now parents come first and each lines statement checks all its parents with one query.
-- Runs with search_path set to the tenant's own schema: name no schema here.

-- 1. Journal lines → entry. Every writer inserts an entry together with all its lines in one statement (a
--    data-modifying WITH; the batch does so for a whole batch of entries), so the entry exists when the lines'
--    AFTER STATEMENT trigger runs, and both statement checks (balance, references) see both tables. Entries are
--    append-only (no UPDATE, DELETE or TRUNCATE): no lock on them is needed, and no parent-side trigger.
ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_entry_id_fkey;

CREATE OR REPLACE FUNCTION ledger_check_statement_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
BEGIN
    PERFORM refs_raise_missing(
        refs_missing_entry(array(SELECT DISTINCT entry_id FROM new_lines)),
        'journal_lines_entry_id_fkey', 'journal_lines', 'entry_id', 'journal_entries');
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

-- The entries' own check shrinks to "has a line": the lines' check above already leaves every entry it touches
-- with at least two lines that balance, and lines are append-only, so an entry with any line is balanced.
CREATE OR REPLACE FUNCTION ledger_check_statement_entries() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
BEGIN
    PERFORM refs_raise_missing(
        refs_missing_entry(array(SELECT DISTINCT reverses_entry_id FROM new_entries WHERE reverses_entry_id IS NOT NULL)),
        'journal_entries_reverses_entry_id_fkey', 'journal_entries', 'reverses_entry_id', 'journal_entries');
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

-- 2. Invoice lines → invoice. New lines may join a draft, or an issued invoice within the (sub)transaction that
--    issued it: issued at this transaction's start, its row written by the same writer as the lines. That is how
--    the batch writes an issued invoice and then its lines. Once an invoice is issued and committed, its lines are
--    fixed: its issued_at never changes (invoicing_guard_invoice), and a later transaction would need both the
--    same start instant and a write of the invoice's row. Drafts are locked FOR KEY SHARE against a concurrent
--    delete, as the key did; deleting a draft still takes its lines with it.
ALTER TABLE invoice_lines DROP CONSTRAINT invoice_lines_invoice_id_fkey;

CREATE OR REPLACE FUNCTION invoicing_check_new_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    issued record;
    writer xid;  -- the (sub)transaction writing these lines: every row of one statement has it as xmin
BEGIN
    PERFORM refs_raise_missing(
        refs_missing_invoice(array(SELECT DISTINCT invoice_id FROM new_lines)),
        'invoice_lines_invoice_id_fkey', 'invoice_lines', 'invoice_id', 'invoices');
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
    PERFORM invoicing_check_line_references(
        array(SELECT DISTINCT item_id FROM new_lines WHERE item_id IS NOT NULL),
        array(SELECT DISTINCT income_account_id FROM new_lines));
    RETURN NULL;
END $$;

CREATE FUNCTION invoicing_delete_lines_of_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM invoice_lines WHERE invoice_id IN (SELECT id FROM old_invoices);
    RETURN NULL;
END $$;

CREATE TRIGGER invoices_lines_cascade AFTER DELETE ON invoices
    REFERENCING OLD TABLE AS old_invoices
    FOR EACH STATEMENT EXECUTE FUNCTION invoicing_delete_lines_of_deleted();
