-- A recurring invoice records its own occurrence: the occurrence columns move from recurring_invoice_occurrences
-- onto the invoice, and the table goes.
--
-- Each EOD posting wrote an occurrence row beside its invoice (one more COPY, heap row, three index entries and a
-- statement trigger checking its two references). The invoice already names its setup; its occurrence date,
-- index, due date and period now sit on it, and the last line of defence against posting an occurrence twice is
-- a unique key on the invoice: (recurring_setup_id, occurrence_date), and (recurring_setup_id, occurrence_index).
-- Voiding an invoice keeps its occurrence posted, as the occurrence row did. An issued invoice's occurrence never
-- changes (invoicing_guard_invoice below).
-- Runs with search_path set to the tenant's own schema: name no schema here.
ALTER TABLE invoices
    ADD COLUMN occurrence_date date,
    ADD COLUMN occurrence_index integer CHECK (occurrence_index >= 0),
    ADD COLUMN occurrence_due_date date,
    ADD COLUMN period_start date,
    ADD COLUMN period_end date,
    ADD CONSTRAINT invoices_occurrence_complete CHECK (
        num_nulls(occurrence_date, occurrence_index, occurrence_due_date, period_start, period_end) IN (0, 5)
        AND (occurrence_date IS NULL OR recurring_setup_id IS NOT NULL));

ALTER TABLE invoices DISABLE TRIGGER invoices_issued_immutable;
UPDATE invoices i
SET occurrence_date = o.occurrence_date, occurrence_index = o.occurrence_index, occurrence_due_date = o.due_date,
    period_start = o.period_start, period_end = o.period_end
FROM recurring_invoice_occurrences o
WHERE o.invoice_id = i.id;
ALTER TABLE invoices ENABLE TRIGGER invoices_issued_immutable;

CREATE UNIQUE INDEX invoices_recurring_occurrence ON invoices (recurring_setup_id, occurrence_date)
    WHERE occurrence_date IS NOT NULL;
CREATE UNIQUE INDEX invoices_recurring_occurrence_index ON invoices (recurring_setup_id, occurrence_index)
    WHERE occurrence_index IS NOT NULL;

DROP TRIGGER invoices_references_delete ON invoices;
DROP FUNCTION refs_invoices_deleted();
DROP TABLE recurring_invoice_occurrences;
DROP FUNCTION invoicing_check_new_occurrences();
DROP FUNCTION invoicing_check_changed_occurrence();
DROP FUNCTION invoicing_check_occurrence_references(uuid[], uuid[]);

-- A setup with invoices cannot be deleted (its invoices name it); one without has no occurrences either.
CREATE OR REPLACE FUNCTION refs_setups_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM refs_raise_referenced(
        EXISTS (SELECT 1 FROM invoices v WHERE v.recurring_setup_id IN (SELECT id FROM old_rows)),
        'invoices_recurring_setup_id_fkey', 'invoices', 'recurring_invoice_setups');
    RETURN NULL;
END $$;

-- As in 0003, with the occurrence columns among those an issued invoice keeps.
CREATE OR REPLACE FUNCTION invoicing_guard_invoice() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
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
