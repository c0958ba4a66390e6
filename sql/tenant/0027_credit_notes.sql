-- Issue 24, finding 5: credit notes (docs/invoicing.md, "Credit notes").
--
-- A credit note cancels all or part of an issued invoice, in its own gapless sequence; its entry reverses exactly
-- the credited part (Dr income, Dr tax payable, Cr the receivable). What it credits first reduces what the invoice
-- still owes; the rest (an invoice already paid) is a customer credit, which is refunded (a payment out: Dr
-- receivable, Cr bank) or applied to a later invoice of the same party (Dr receivable for the credit note, Cr
-- receivable for the invoice).

-- `amount_credited`: Σ the totals of the invoice's own credit notes (never more than its total).
-- `credit_applied`: the credit that settles it (from its own credit notes or a customer credit applied to it); what
-- it owes is total − amount_paid − credit_applied. A fully settled invoice is `paid`, or `credited` when no payment
-- settled any of it. A credited invoice is never voided.
ALTER TABLE invoices
    ADD COLUMN amount_credited numeric(18,4) NOT NULL DEFAULT 0
        CONSTRAINT invoices_amount_credited_check CHECK (amount_credited >= 0),
    ADD COLUMN credit_applied numeric(18,4) NOT NULL DEFAULT 0
        CONSTRAINT invoices_credit_applied_check CHECK (credit_applied >= 0),
    DROP CONSTRAINT invoices_status_check,
    ADD CONSTRAINT invoices_status_check
        CHECK (status IN ('draft', 'issued', 'partiallyPaid', 'paid', 'credited', 'void')),
    DROP CONSTRAINT invoices_not_overpaid,
    ADD CONSTRAINT invoices_not_overpaid CHECK (amount_paid + credit_applied <= total),
    ADD CONSTRAINT invoices_not_overcredited CHECK (amount_credited <= total),
    ADD CONSTRAINT invoices_void_uncredited CHECK (status <> 'void' OR amount_credited = 0),
    DROP CONSTRAINT invoices_status_matches_payments,
    ADD CONSTRAINT invoices_status_matches_payments CHECK (CASE status
        WHEN 'draft' THEN amount_paid = 0 AND credit_applied = 0
        WHEN 'void' THEN amount_paid = 0 AND credit_applied = 0
        WHEN 'issued' THEN amount_paid = 0 AND credit_applied < total
        WHEN 'partiallyPaid' THEN amount_paid > 0 AND amount_paid + credit_applied < total
        WHEN 'paid' THEN amount_paid > 0 AND amount_paid + credit_applied = total
        ELSE amount_paid = 0 AND credit_applied = total END);

-- One counter row, as invoice_numbering: taken with UPDATE … RETURNING in the crediting transaction (gapless).
CREATE TABLE credit_note_numbering (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    prefix     text NOT NULL DEFAULT 'CN-',
    pattern    text NOT NULL DEFAULT '{PREFIX}{YYYY}-{SEQ:6}',
    next_value bigint NOT NULL DEFAULT 1 CHECK (next_value >= 1),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO credit_note_numbering DEFAULT VALUES;

CREATE FUNCTION invoicing_guard_credit_note_numbering() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.next_value NOT IN (OLD.next_value, OLD.next_value + 1) THEN
        RAISE EXCEPTION 'the credit note number counter only moves forward, one number at a time'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'credit_note_numbering_forward',
                  TABLE = 'credit_note_numbering';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER credit_note_numbering_forward BEFORE UPDATE OR DELETE ON credit_note_numbering
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_credit_note_numbering();

CREATE TABLE credit_notes (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    invoice_id      uuid NOT NULL REFERENCES invoices (id),
    party_id        uuid NOT NULL REFERENCES parties (id),
    currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    sequence_number bigint NOT NULL UNIQUE CHECK (sequence_number >= 1),
    number          text NOT NULL UNIQUE,
    credit_date     date NOT NULL,
    reason          text CHECK (length(reason) <= 500),
    net_total       numeric(18,4) NOT NULL CHECK (net_total >= 0),
    tax_total       numeric(18,4) NOT NULL CHECK (tax_total >= 0),
    total           numeric(18,4) NOT NULL CHECK (total > 0),
    -- The part that reduced what the invoice owed, and the rest: a customer credit.
    invoice_settled numeric(18,4) NOT NULL CHECK (invoice_settled >= 0),
    customer_credit numeric(18,4) NOT NULL CHECK (customer_credit >= 0),
    -- Refunded or applied to other invoices so far.
    credit_used     numeric(18,4) NOT NULL DEFAULT 0 CHECK (credit_used >= 0),
    entry_id        uuid NOT NULL UNIQUE REFERENCES journal_entries (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT credit_notes_totals CHECK (total = net_total + tax_total),
    CONSTRAINT credit_notes_split CHECK (invoice_settled + customer_credit = total),
    CONSTRAINT credit_notes_credit_used CHECK (credit_used <= customer_credit)
);

CREATE INDEX credit_notes_listing ON credit_notes (created_at, id);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id);
CREATE INDEX credit_notes_party ON credit_notes (party_id, created_at, id);
CREATE INDEX credit_notes_open_credit ON credit_notes (party_id, sequence_number) WHERE credit_used < customer_credit;

-- What each credit note credits of each invoice line (`quantity` only when credited by quantity).
CREATE TABLE credit_note_lines (
    credit_note_id    uuid NOT NULL REFERENCES credit_notes (id),
    line_no           integer NOT NULL CHECK (line_no >= 1),
    invoice_line_no   integer NOT NULL CHECK (invoice_line_no >= 1),
    description       text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity          numeric(18,4) CHECK (quantity > 0),
    tax_rate          numeric(7,4),
    income_account_id uuid NOT NULL REFERENCES accounts (id),
    net_amount        numeric(18,4) NOT NULL CHECK (net_amount >= 0),
    tax_amount        numeric(18,4) NOT NULL CHECK (tax_amount >= 0),
    PRIMARY KEY (credit_note_id, line_no),
    CONSTRAINT credit_note_lines_not_empty CHECK (net_amount + tax_amount > 0)
);

-- A customer credit refunded (a payment out) or applied to another invoice of the party.
CREATE TABLE customer_credit_uses (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    credit_note_id  uuid NOT NULL REFERENCES credit_notes (id),
    kind            text NOT NULL CHECK (kind IN ('refund', 'application')),
    use_date        date NOT NULL,
    amount          numeric(18,4) NOT NULL CHECK (amount > 0),
    invoice_id      uuid REFERENCES invoices (id),
    method          text CHECK (method IN ('bankTransfer', 'card', 'cash', 'check', 'directDebit', 'other')),
    reference       text CHECK (length(reference) <= 200),
    bank_account_id uuid REFERENCES accounts (id),
    entry_id        uuid NOT NULL REFERENCES journal_entries (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customer_credit_uses_application CHECK ((kind = 'application') = (invoice_id IS NOT NULL)),
    CONSTRAINT customer_credit_uses_refund
        CHECK ((kind = 'refund') = (method IS NOT NULL AND bank_account_id IS NOT NULL))
);

CREATE INDEX customer_credit_uses_credit_note ON customer_credit_uses (credit_note_id, created_at);

-- Credit notes, their lines and the uses of a credit are final: only `credit_used` of a credit note moves.
CREATE FUNCTION invoicing_guard_credit_notes() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'credit_notes' AND TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'credit_used') = (to_jsonb(OLD) - 'credit_used') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'credit notes are final: only the credit used of one may change'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'credit_notes_final', TABLE = TG_TABLE_NAME;
END $$;

CREATE TRIGGER credit_notes_final BEFORE UPDATE OR DELETE ON credit_notes
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_credit_notes();
CREATE TRIGGER credit_note_lines_final BEFORE UPDATE OR DELETE ON credit_note_lines
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_credit_notes();
CREATE TRIGGER customer_credit_uses_final BEFORE UPDATE OR DELETE ON customer_credit_uses
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_credit_notes();
