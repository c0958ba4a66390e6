-- Issue 27: the confidence auto-reconcile needs (the best suggestion's score, 1–100) is the bank account's own
-- setting, set by the tenant; a request's min_score still overrides it for one run. Money-out lines are suggested
-- the unpaid expenses of their currency, read earliest first through a partial index (docs/banking.md).
ALTER TABLE bank_accounts
    ADD COLUMN auto_reconcile_min_score integer NOT NULL DEFAULT 90
        CONSTRAINT bank_accounts_auto_reconcile_min_score CHECK (auto_reconcile_min_score BETWEEN 1 AND 100);

CREATE INDEX expenses_unpaid ON expenses (currency, expense_date, id) WHERE paid_on IS NULL AND reversed_on IS NULL;
