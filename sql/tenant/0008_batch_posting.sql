-- Set-based posting (docs/eod.md, "Batch posting"): the EOD writes a whole batch of invoices, their lines and
-- their journal entries with one statement per table. The invariants stay exactly as strict; what changes is
-- *when* some are checked, so that they cost one set-based query per statement instead of one query per row.
-- Runs with search_path set to the tenant's own schema: name no schema here.

-- 1. Invoice numbers may be reserved as a block (next_value + n), never moved back; at COMMIT every number of
--    the block must belong to an invoice, so the sequence stays gapless.
CREATE OR REPLACE FUNCTION invoicing_guard_numbering() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.next_value < OLD.next_value THEN
        RAISE EXCEPTION 'the invoice number counter only moves forward'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoice_numbering_forward', TABLE = 'invoice_numbering';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION invoicing_check_numbers_used() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    used bigint;
BEGIN
    SELECT count(*) INTO used FROM invoices
     WHERE sequence_number >= OLD.next_value AND sequence_number < NEW.next_value;
    IF used <> NEW.next_value - OLD.next_value THEN
        RAISE EXCEPTION 'invoice numbers % to % were taken but % of them were issued',
            OLD.next_value, NEW.next_value - 1, used
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_numbering_gapless', TABLE = 'invoice_numbering';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER invoice_numbering_gapless AFTER UPDATE ON invoice_numbering
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.next_value > OLD.next_value)
    EXECUTE FUNCTION invoicing_check_numbers_used();

-- 2. Journal entries and lines are checked once per statement, over a transition table, instead of once per row
--    at COMMIT: every entry a statement inserts must end it with at least two lines that balance, and every
--    entry a statement adds lines to must still balance. Every writer inserts an entry with all its lines in one
--    statement (a data-modifying WITH: AFTER triggers fire when the whole statement is done), or, in a batch,
--    the lines first (their foreign key to the entry deferred) and then the entries.
DROP TRIGGER journal_entry_balanced ON journal_lines;
DROP TRIGGER journal_entry_has_lines ON journal_entries;
DROP TRIGGER journal_lines_account_active ON journal_lines;
ALTER TABLE journal_lines ALTER CONSTRAINT journal_lines_entry_id_fkey DEFERRABLE INITIALLY IMMEDIATE;

CREATE FUNCTION ledger_check_statement_entries() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
BEGIN
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

CREATE TRIGGER journal_entries_checked AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_statement_entries();

CREATE FUNCTION ledger_check_statement_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bad record;
BEGIN
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

CREATE TRIGGER journal_lines_checked AFTER INSERT ON journal_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_statement_lines();

-- The expense-dimension filler only concerns expense lines: say so in the trigger, so no other line pays a call.
DROP TRIGGER journal_lines_expense_dimensions ON journal_lines;
CREATE TRIGGER journal_lines_expense_dimensions BEFORE INSERT ON journal_lines
    FOR EACH ROW
    WHEN (NEW.document_type = 'expense' AND NEW.department IS NULL AND NEW.project IS NULL)
    EXECUTE FUNCTION expenses_line_dimensions();

-- 3. Invoice lines: new lines may only join a draft, checked once per statement. A batch writes the lines of
--    issued invoices before the invoices themselves (their foreign key deferred to COMMIT), which is creation,
--    not change; once an invoice is issued and committed, its lines are fixed.
DROP TRIGGER invoice_lines_draft_only ON invoice_lines;
CREATE TRIGGER invoice_lines_draft_only BEFORE UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_invoice_lines();

CREATE FUNCTION invoicing_check_new_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    issued record;
BEGIN
    SELECT i.id INTO issued FROM new_lines n JOIN invoices i ON i.id = n.invoice_id AND i.status <> 'draft' LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the lines of issued invoice % cannot change', issued.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoice_lines';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER invoice_lines_draft_only_insert AFTER INSERT ON invoice_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION invoicing_check_new_lines();

ALTER TABLE invoice_lines ALTER CONSTRAINT invoice_lines_invoice_id_fkey DEFERRABLE INITIALLY IMMEDIATE;

-- 4. Fewer index entries per posting. A unique column that is NULL on almost every row (an entry's reversal, an
--    invoice's void entry) keeps its uniqueness with a partial unique index of the same name.
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_reverses_entry_id_key;
CREATE UNIQUE INDEX journal_entries_reverses_entry_id_key ON journal_entries (reverses_entry_id)
    WHERE reverses_entry_id IS NOT NULL;
ALTER TABLE invoices DROP CONSTRAINT invoices_void_entry_id_key;
CREATE UNIQUE INDEX invoices_void_entry_id_key ON invoices (void_entry_id) WHERE void_entry_id IS NOT NULL;

-- 5. The reset of a setup's next posting date only concerns updates of its schedule, switch or skip date: the
--    condition moves into the trigger's WHEN, so the EOD's cursor updates call no function.
DROP TRIGGER recurring_invoice_setups_reset_due ON recurring_invoice_setups;
CREATE TRIGGER recurring_invoice_setups_reset_due BEFORE UPDATE ON recurring_invoice_setups
    FOR EACH ROW
    WHEN (NEW.schedule IS DISTINCT FROM OLD.schedule OR NEW.is_active IS DISTINCT FROM OLD.is_active
          OR NEW.skip_through IS DISTINCT FROM OLD.skip_through)
    EXECUTE FUNCTION eod_reset_setup_due();
