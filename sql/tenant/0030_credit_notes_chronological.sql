-- Issue 24: credit notes numbered chronologically, as invoices are (0026): the counter remembers the latest
-- credit date it has numbered; the crediting transaction reads it in the statement that locks the counter row (with
-- the lock date, shared), so "no credit note dated before the previous number's" is race-free, and the date only
-- moves forward.
-- Runs with search_path set to the tenant's own schema: name no schema here.

ALTER TABLE credit_note_numbering ADD COLUMN last_credit_date date;

UPDATE credit_note_numbering SET last_credit_date = (SELECT max(credit_date) FROM credit_notes);

CREATE OR REPLACE FUNCTION invoicing_guard_credit_note_numbering() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
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
