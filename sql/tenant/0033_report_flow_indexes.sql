-- Issue 25: indexes for the cashflow and ageing reports (docs/reports.md). The cashflow reads the bank accounts as
-- the `bank` role plus every asset account a payment, an expense or a customer-credit refund named as its bank
-- account: one index probe per asset account instead of a scan of each table.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE INDEX payments_bank_account ON payments (bank_account_id);
CREATE INDEX expenses_bank_account ON expenses (bank_account_id) WHERE bank_account_id IS NOT NULL;
CREATE INDEX customer_credit_uses_bank_account ON customer_credit_uses (bank_account_id) WHERE bank_account_id IS NOT NULL;
