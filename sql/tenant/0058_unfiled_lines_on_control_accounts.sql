-- Issue 27 (sql/control/0023; docs/banking.md, "Unfiled lines kept on control accounts only"): the per-document
-- summary keeps the lines filed under no party and no invoice or expense on control accounts only. Drops such rows of
-- every other account (0048's trigger takes them out of `ledger_due_balances`; the rows of no due date left at zero
-- go too), indexes the parties by control account (the journal trigger asks whether a party names an account) and
-- has the parties' statements keep the rows right when an account becomes, or stops being, a control account.
-- Runs with search_path set to the tenant's own schema: name no schema here.
CREATE INDEX parties_control_account ON parties (control_account_id);
DELETE FROM ledger_document_balances b
WHERE b.party_id IS NULL AND b.document_type IS NULL AND b.document_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = b.account_id AND a.role IN ('accountsReceivable', 'accountsPayable'))
  AND NOT EXISTS (SELECT 1 FROM parties p WHERE p.control_account_id = b.account_id);
DELETE FROM ledger_due_balances WHERE due_date IS NULL AND debit = 0 AND credit = 0 AND open_items = 0;
CREATE TRIGGER parties_control_accounts_inserted AFTER INSERT ON parties REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_control_accounts_changed();
CREATE TRIGGER parties_control_accounts_updated AFTER UPDATE ON parties REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_control_accounts_changed();
CREATE TRIGGER parties_control_accounts_deleted AFTER DELETE ON parties REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_control_accounts_changed();
