-- Issue 27: a bank line reconciled to an expense can be unreconciled. The expense's payment is then undone: its
-- payment entry is reversed (the reversal stays in the ledger, source 'expensePaymentReversal') and the expense is
-- unpaid again, free to be paid once more (docs/banking.md). The guard keeps every other rule of 0029: recorded
-- facts never change, a payment is replaced only by being undone, a reversal is final. Undoing needs the reversal
-- of the payment entry to exist already, so the ledger always shows what happened.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE OR REPLACE FUNCTION expenses_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    undone boolean := false;
BEGIN
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

-- A rule's party ("description contains X → account Y, party Z"): the entry it posts names the party on its lines
-- (a bank's fees against the bank as vendor, say). NULL: no party, as before.
ALTER TABLE bank_rules ADD COLUMN party_id uuid REFERENCES parties (id);
