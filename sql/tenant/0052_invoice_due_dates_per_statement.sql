-- Issued invoices inserted in bulk (the EOD's batches) are filed under their due dates by one statement-level
-- trigger instead of one UPDATE per invoice (sql/control/0017; docs/eod.md, "Due dates filed per statement").
-- An invoice issued from a draft keeps the row-level trigger (one invoice per statement there).
-- Runs with search_path set to the tenant's own schema: name no schema here.
DROP TRIGGER invoices_inserted_due_date ON invoices;
CREATE TRIGGER invoices_inserted_due_date AFTER INSERT ON invoices REFERENCING NEW TABLE AS new_invoices
    FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_inserted_invoices_due_dates();
