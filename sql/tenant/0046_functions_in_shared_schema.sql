-- Issue 28, goal 2: every trigger now runs the shared copy of its function (recur_shared, control migration 0009)
-- and this schema's own copies are dropped: 55 fewer functions per tenant (54 of 0040, and 0041's ledger_document_due_date, folded in on merge) (docs/tenancy.md, "Shared functions").
-- Triggers are replaced in place (CREATE OR REPLACE TRIGGER keeps name, timing, events and WHEN clause); the two
-- constraint triggers cannot be replaced and are dropped and created again; the two CHECK constraints that call
-- tasks_reminder_days_valid are re-added over the shared copy. The DROP FUNCTIONs have no CASCADE: anything still
-- using a per-tenant copy (a trigger of a later migration) makes this file fail instead of silently losing it.
-- Runs with search_path set to the tenant's schema: the unqualified names below are the tenant's own.

CREATE OR REPLACE TRIGGER accounts_id_fixed BEFORE UPDATE ON accounts FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE OR REPLACE TRIGGER accounts_protect BEFORE DELETE OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION recur_shared.ledger_protect_accounts();
CREATE OR REPLACE TRIGGER accounts_references_delete AFTER DELETE ON accounts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_accounts_deleted();
CREATE OR REPLACE TRIGGER audit_events_append_only BEFORE DELETE OR UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION recur_shared.audit_events_refuse_change();
CREATE OR REPLACE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.audit_events_refuse_change();
CREATE OR REPLACE TRIGGER credit_note_documents_immutable BEFORE DELETE OR UPDATE ON credit_note_documents FOR EACH ROW EXECUTE FUNCTION recur_shared.credit_note_documents_immutable();
CREATE OR REPLACE TRIGGER credit_note_lines_final BEFORE DELETE OR UPDATE ON credit_note_lines FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_credit_notes();
CREATE OR REPLACE TRIGGER credit_note_numbering_forward BEFORE DELETE OR UPDATE ON credit_note_numbering FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_credit_note_numbering();
CREATE OR REPLACE TRIGGER credit_notes_final BEFORE DELETE OR UPDATE ON credit_notes FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_credit_notes();
CREATE OR REPLACE TRIGGER customer_credit_uses_final BEFORE DELETE OR UPDATE ON customer_credit_uses FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_credit_notes();
CREATE OR REPLACE TRIGGER expenses_final BEFORE DELETE OR UPDATE ON expenses FOR EACH ROW EXECUTE FUNCTION recur_shared.expenses_guard();
CREATE OR REPLACE TRIGGER invoice_documents_immutable BEFORE DELETE OR UPDATE ON invoice_documents FOR EACH ROW EXECUTE FUNCTION recur_shared.invoice_documents_immutable();
CREATE OR REPLACE TRIGGER invoice_lines_draft_only BEFORE DELETE OR UPDATE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_invoice_lines();
CREATE OR REPLACE TRIGGER invoice_lines_draft_only_insert AFTER INSERT ON invoice_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.invoicing_check_new_lines();
CREATE OR REPLACE TRIGGER invoice_lines_references_update AFTER UPDATE ON invoice_lines FOR EACH ROW WHEN (((new.item_id IS DISTINCT FROM old.item_id) OR (new.income_account_id IS DISTINCT FROM old.income_account_id))) EXECUTE FUNCTION recur_shared.invoicing_check_changed_line();
CREATE OR REPLACE TRIGGER invoice_lines_tax_codes AFTER INSERT ON invoice_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.invoicing_check_line_tax_codes();
DROP TRIGGER invoice_numbering_chronological ON invoice_numbering;
CREATE CONSTRAINT TRIGGER invoice_numbering_chronological AFTER UPDATE ON invoice_numbering DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((new.next_value > old.next_value)) EXECUTE FUNCTION recur_shared.invoicing_check_numbers_chronological();
CREATE OR REPLACE TRIGGER invoice_numbering_forward BEFORE DELETE OR UPDATE ON invoice_numbering FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_numbering();
DROP TRIGGER invoice_numbering_gapless ON invoice_numbering;
CREATE CONSTRAINT TRIGGER invoice_numbering_gapless AFTER UPDATE ON invoice_numbering DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((new.next_value > old.next_value)) EXECUTE FUNCTION recur_shared.invoicing_check_numbers_used();
CREATE OR REPLACE TRIGGER invoices_id_fixed BEFORE UPDATE ON invoices FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE OR REPLACE TRIGGER invoices_inserted_due_date AFTER INSERT ON invoices FOR EACH ROW WHEN ((new.status <> 'draft'::text)) EXECUTE FUNCTION recur_shared.ledger_document_due_date();
CREATE OR REPLACE TRIGGER invoices_issued_due_date AFTER UPDATE OF status, due_date ON invoices FOR EACH ROW WHEN (((old.status = 'draft'::text) AND (new.status <> 'draft'::text))) EXECUTE FUNCTION recur_shared.ledger_document_due_date();
CREATE OR REPLACE TRIGGER invoices_issued_immutable BEFORE DELETE OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_invoice();
CREATE OR REPLACE TRIGGER invoices_lines_cascade AFTER DELETE ON invoices REFERENCING OLD TABLE AS old_invoices FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.invoicing_delete_lines_of_deleted();
CREATE OR REPLACE TRIGGER invoices_references_insert AFTER INSERT ON invoices REFERENCING NEW TABLE AS new_invoices FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.invoicing_check_new_invoices();
CREATE OR REPLACE TRIGGER invoices_references_update AFTER UPDATE ON invoices FOR EACH ROW WHEN (((new.party_id IS DISTINCT FROM old.party_id) OR (new.recurring_setup_id IS DISTINCT FROM old.recurring_setup_id) OR (new.sales_order_id IS DISTINCT FROM old.sales_order_id) OR (new.issue_entry_id IS DISTINCT FROM old.issue_entry_id) OR (new.void_entry_id IS DISTINCT FROM old.void_entry_id))) EXECUTE FUNCTION recur_shared.invoicing_check_changed_invoice();
CREATE OR REPLACE TRIGGER items_id_fixed BEFORE UPDATE ON items FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE OR REPLACE TRIGGER items_references_delete AFTER DELETE ON items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_items_deleted();
CREATE OR REPLACE TRIGGER journal_entries_after_lock_date AFTER INSERT ON journal_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_check_lock_date();
CREATE OR REPLACE TRIGGER journal_entries_append_only BEFORE DELETE OR UPDATE ON journal_entries FOR EACH ROW EXECUTE FUNCTION recur_shared.ledger_refuse_change();
CREATE OR REPLACE TRIGGER journal_entries_checked AFTER INSERT ON journal_entries REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_check_statement_entries();
CREATE OR REPLACE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_refuse_change();
CREATE OR REPLACE TRIGGER journal_lines_append_only BEFORE DELETE OR UPDATE ON journal_lines FOR EACH ROW EXECUTE FUNCTION recur_shared.ledger_refuse_change();
CREATE OR REPLACE TRIGGER journal_lines_balances AFTER INSERT ON journal_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_add_balances();
CREATE OR REPLACE TRIGGER journal_lines_checked AFTER INSERT ON journal_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_check_statement_lines();
CREATE OR REPLACE TRIGGER journal_lines_expense_dimensions BEFORE INSERT ON journal_lines FOR EACH ROW WHEN (((new.document_type = 'expense'::text) AND (new.department IS NULL) AND (new.project IS NULL) AND (new.campaign IS NULL))) EXECUTE FUNCTION recur_shared.expenses_line_dimensions();
CREATE OR REPLACE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_refuse_change();
CREATE OR REPLACE TRIGGER journal_lines_report_balances AFTER INSERT ON journal_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_add_report_balances();
CREATE OR REPLACE TRIGGER ledger_lock_kept BEFORE DELETE ON ledger_lock FOR EACH ROW EXECUTE FUNCTION recur_shared.ledger_guard_lock();
CREATE OR REPLACE TRIGGER notification_outbox_forget_link_secret BEFORE INSERT OR UPDATE ON notification_outbox FOR EACH ROW WHEN (((new.link_secret IS NOT NULL) AND (new.status = ANY (ARRAY['sent'::text, 'failed'::text, 'cancelled'::text])))) EXECUTE FUNCTION recur_shared.notification_outbox_forget_link_secret();
CREATE OR REPLACE TRIGGER notification_outbox_webhooks AFTER INSERT ON notification_outbox REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.webhooks_fan_out();
CREATE OR REPLACE TRIGGER parties_id_fixed BEFORE UPDATE ON parties FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE OR REPLACE TRIGGER parties_references_delete AFTER DELETE ON parties REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_parties_deleted();
CREATE OR REPLACE TRIGGER payment_allocations_final BEFORE DELETE OR UPDATE ON payment_allocations FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_payment();
CREATE OR REPLACE TRIGGER payments_final BEFORE DELETE OR UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_payment();
CREATE OR REPLACE TRIGGER recurring_amount_changes_append_only BEFORE DELETE OR UPDATE ON recurring_amount_changes FOR EACH ROW EXECUTE FUNCTION recur_shared.recurring_amount_changes_guard();
CREATE OR REPLACE TRIGGER recurring_expenses_reset_due BEFORE UPDATE ON recurring_expenses FOR EACH ROW EXECUTE FUNCTION recur_shared.recurring_templates_reset_due();
CREATE OR REPLACE TRIGGER recurring_invoice_setups_id_fixed BEFORE UPDATE ON recurring_invoice_setups FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE OR REPLACE TRIGGER recurring_invoice_setups_references_delete AFTER DELETE ON recurring_invoice_setups REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_setups_deleted();
CREATE OR REPLACE TRIGGER recurring_invoice_setups_reset_due BEFORE UPDATE ON recurring_invoice_setups FOR EACH ROW WHEN (((new.schedule IS DISTINCT FROM old.schedule) OR (new.is_active IS DISTINCT FROM old.is_active) OR (new.skip_through IS DISTINCT FROM old.skip_through))) EXECUTE FUNCTION recur_shared.eod_reset_setup_due();
CREATE OR REPLACE TRIGGER recurring_sales_orders_reset_due BEFORE UPDATE ON recurring_sales_orders FOR EACH ROW EXECUTE FUNCTION recur_shared.recurring_templates_reset_due();
CREATE OR REPLACE TRIGGER recurring_tasks_lead_reset_due BEFORE UPDATE ON recurring_tasks FOR EACH ROW WHEN ((new.lead_days IS DISTINCT FROM old.lead_days)) EXECUTE FUNCTION recur_shared.recurring_tasks_lead_reset_due();
CREATE OR REPLACE TRIGGER recurring_tasks_reset_due BEFORE UPDATE ON recurring_tasks FOR EACH ROW EXECUTE FUNCTION recur_shared.recurring_templates_reset_due();
CREATE OR REPLACE TRIGGER sales_orders_id_fixed BEFORE UPDATE ON sales_orders FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION recur_shared.refs_forbid_id_change();
CREATE OR REPLACE TRIGGER sales_orders_references_delete AFTER DELETE ON sales_orders REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.refs_sales_orders_deleted();
CREATE OR REPLACE TRIGGER tax_codes_not_deleted BEFORE DELETE ON tax_codes FOR EACH ROW EXECUTE FUNCTION recur_shared.invoicing_guard_tax_codes();

ALTER TABLE recurring_tasks DROP CONSTRAINT recurring_tasks_reminder_days_check,
    ADD CONSTRAINT recurring_tasks_reminder_days_check CHECK (recur_shared.tasks_reminder_days_valid(reminder_days));
ALTER TABLE tasks DROP CONSTRAINT tasks_reminder_days_check,
    ADD CONSTRAINT tasks_reminder_days_check CHECK (recur_shared.tasks_reminder_days_valid(reminder_days));

DROP FUNCTION audit_events_refuse_change();
DROP FUNCTION credit_note_documents_immutable();
DROP FUNCTION eod_reset_setup_due();
DROP FUNCTION expenses_guard();
DROP FUNCTION expenses_line_dimensions();
DROP FUNCTION invoice_documents_immutable();
DROP FUNCTION invoicing_check_changed_invoice();
DROP FUNCTION invoicing_check_changed_line();
DROP FUNCTION invoicing_check_invoice_references(uuid[], uuid[], uuid[], uuid[], uuid[]);
DROP FUNCTION invoicing_check_line_references(uuid[], uuid[]);
DROP FUNCTION invoicing_check_line_tax_codes();
DROP FUNCTION invoicing_check_new_invoices();
DROP FUNCTION invoicing_check_new_lines();
DROP FUNCTION invoicing_check_numbers_chronological();
DROP FUNCTION invoicing_check_numbers_used();
DROP FUNCTION invoicing_delete_lines_of_deleted();
DROP FUNCTION invoicing_guard_credit_note_numbering();
DROP FUNCTION invoicing_guard_credit_notes();
DROP FUNCTION invoicing_guard_invoice();
DROP FUNCTION invoicing_guard_invoice_lines();
DROP FUNCTION invoicing_guard_numbering();
DROP FUNCTION invoicing_guard_payment();
DROP FUNCTION invoicing_guard_tax_codes();
DROP FUNCTION ledger_add_balances();
DROP FUNCTION ledger_add_report_balances();
DROP FUNCTION ledger_check_account_active();
DROP FUNCTION ledger_check_entry_balanced();
DROP FUNCTION ledger_check_lock_date();
DROP FUNCTION ledger_check_statement_entries();
DROP FUNCTION ledger_check_statement_lines();
DROP FUNCTION ledger_document_due_date();
DROP FUNCTION ledger_guard_lock();
DROP FUNCTION ledger_protect_accounts();
DROP FUNCTION ledger_refuse_change();
DROP FUNCTION notification_outbox_forget_link_secret();
DROP FUNCTION recurring_amount_changes_guard();
DROP FUNCTION recurring_tasks_lead_reset_due();
DROP FUNCTION recurring_templates_reset_due();
DROP FUNCTION refs_accounts_deleted();
DROP FUNCTION refs_forbid_id_change();
DROP FUNCTION refs_items_deleted();
DROP FUNCTION refs_missing_account(uuid[]);
DROP FUNCTION refs_missing_entry(uuid[]);
DROP FUNCTION refs_missing_invoice(uuid[]);
DROP FUNCTION refs_missing_item(uuid[]);
DROP FUNCTION refs_missing_party(uuid[]);
DROP FUNCTION refs_missing_sales_order(uuid[]);
DROP FUNCTION refs_missing_setup(uuid[]);
DROP FUNCTION refs_parties_deleted();
DROP FUNCTION refs_raise_missing(uuid, text, text, text, text);
DROP FUNCTION refs_raise_referenced(boolean, text, text, text);
DROP FUNCTION refs_sales_orders_deleted();
DROP FUNCTION refs_setups_deleted();
DROP FUNCTION tasks_reminder_days_valid(integer[]);
DROP FUNCTION webhooks_fan_out();
