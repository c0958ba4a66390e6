-- Issue 24, findings 6 and 7 (docs/invoicing.md, "Numbering and dating" and "Lock date").
--
-- 1. Chronological numbering: the invoice-number counter remembers the latest invoice date it has numbered
--    (`last_invoice_date`). Issuers read it in the statement that locks the counter row, so the check "no invoice
--    dated before the previous number's" is race-free; the date never moves back, and at COMMIT the numbers a
--    transaction took must be dated in number order, none before the date the counter had.
-- 2. Lock date: `ledger_lock` holds the tenant's one lock date; no journal entry may be dated on or before it.
--    Every posting statement reads it FOR SHARE, so a change of the lock date waits for postings in flight, and a
--    posting that starts after it sees the new date.
-- Runs with search_path set to the tenant's own schema: name no schema here.

ALTER TABLE invoice_numbering ADD COLUMN last_invoice_date date;

UPDATE invoice_numbering
   SET last_invoice_date = (SELECT max(invoice_date) FROM invoices WHERE sequence_number IS NOT NULL);

CREATE OR REPLACE FUNCTION invoicing_guard_numbering() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
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

-- At COMMIT (with the gapless check): the numbers taken are dated in number order, from the counter's old date on,
-- and the counter's new date is the latest of them.
CREATE FUNCTION invoicing_check_numbers_chronological() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
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

CREATE CONSTRAINT TRIGGER invoice_numbering_chronological AFTER UPDATE ON invoice_numbering
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.next_value > OLD.next_value)
    EXECUTE FUNCTION invoicing_check_numbers_chronological();

-- The tenant's lock date: one row, NULL while nothing is locked.
CREATE TABLE ledger_lock (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    lock_date  date,
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO ledger_lock DEFAULT VALUES;

CREATE FUNCTION ledger_guard_lock() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    RAISE EXCEPTION 'the lock date row is changed, never deleted'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_lock_kept', TABLE = 'ledger_lock';
END $$;

CREATE TRIGGER ledger_lock_kept BEFORE DELETE ON ledger_lock FOR EACH ROW EXECUTE FUNCTION ledger_guard_lock();

-- Every statement that inserts journal entries: none dated on or before the lock date. The lock row is read
-- FOR SHARE, so it cannot change until the posting transaction ends.
CREATE FUNCTION ledger_check_lock_date() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    locked date;
BEGIN
    SELECT lock_date INTO locked FROM ledger_lock FOR SHARE;
    IF locked IS NOT NULL AND EXISTS (SELECT 1 FROM new_entries WHERE entry_date <= locked) THEN
        RAISE EXCEPTION 'a journal entry is dated on or before the lock date'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_after_lock_date', TABLE = 'journal_entries',
                  DETAIL = format('lock date %s', locked);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_after_lock_date AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_lock_date();
