-- Issue 27, the banking benchmark: auto-reconcile posts one journal entry for many payments (docs/banking.md,
-- "Payments share an entry"). A payment names its entry and, when it shares it, the range of that entry's lines
-- that are its own (the bank's debit and the receivables' credits, consecutive); NULL: the whole entry is the
-- payment's (every payment recorded one at a time). Reversing such a payment posts the reverse of its lines only.
-- Runs with search_path set to the tenant's own schema: name no schema here.

ALTER TABLE payments DROP CONSTRAINT payments_entry_id_key;

ALTER TABLE payments
    ADD COLUMN entry_first_line integer,
    ADD COLUMN entry_last_line integer,
    ADD CONSTRAINT payments_entry_lines CHECK (
        (entry_first_line IS NULL) = (entry_last_line IS NULL) AND entry_first_line >= 1
        AND entry_last_line > entry_first_line);

-- The per-row foreign keys of the bulk writes become statement-level checks (sql/control/0015; docs/banking.md,
-- "Foreign keys checked per statement"), as journal lines' and invoices' did (0013, 0016): a foreign key checks
-- each row with a query of its own, 690,000 of them for 100,000 lines imported and auto-reconciled. A parent that
-- can be deleted refuses it while named (the delete triggers below);
-- payments and journal entries are never deleted; no parent's id changes.
ALTER TABLE bank_lines
    DROP CONSTRAINT bank_lines_bank_account_id_fkey,
    DROP CONSTRAINT bank_lines_import_id_fkey,
    DROP CONSTRAINT bank_lines_payment_id_fkey;
CREATE TRIGGER bank_lines_references_insert AFTER INSERT ON bank_lines REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.banking_check_line_references();
CREATE TRIGGER bank_lines_references_update AFTER UPDATE ON bank_lines REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.banking_check_line_references();

ALTER TABLE payments
    DROP CONSTRAINT payments_party_id_fkey,
    DROP CONSTRAINT payments_bank_account_id_fkey,
    DROP CONSTRAINT payments_entry_id_fkey;
CREATE TRIGGER payments_references_insert AFTER INSERT ON payments REFERENCING NEW TABLE AS new_payments
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.invoicing_check_payment_references();

ALTER TABLE payment_allocations
    DROP CONSTRAINT payment_allocations_payment_id_fkey,
    DROP CONSTRAINT payment_allocations_invoice_id_fkey;
CREATE TRIGGER payment_allocations_references_insert AFTER INSERT ON payment_allocations REFERENCING NEW TABLE AS new_allocations
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.invoicing_check_allocation_references();

CREATE TRIGGER bank_accounts_id_fixed BEFORE UPDATE ON bank_accounts
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE TRIGGER bank_statement_imports_id_fixed BEFORE UPDATE ON bank_statement_imports
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE TRIGGER bank_accounts_references_delete AFTER DELETE ON bank_accounts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_banking_parents_deleted();
CREATE TRIGGER bank_statement_imports_references_delete AFTER DELETE ON bank_statement_imports REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_banking_parents_deleted();
CREATE TRIGGER invoices_payments_references_delete AFTER DELETE ON invoices REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_banking_parents_deleted();
CREATE TRIGGER parties_payments_references_delete AFTER DELETE ON parties REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_banking_parents_deleted();
CREATE TRIGGER accounts_payments_references_delete AFTER DELETE ON accounts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_banking_parents_deleted();
