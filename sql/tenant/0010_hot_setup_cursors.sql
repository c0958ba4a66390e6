-- The EOD moves each posted setup's cursor (last posted index and date, next posting date) with one UPDATE per
-- batch. An update that changes no indexed column and finds room on its page is a heap-only (HOT) update: no
-- new index entry at all. So:
--   * the next posting date is no longer indexed: the due query reads the active setups in id order
--     (recurring_invoice_setups_active) and filters on the date, which for the setups a tenant keeps is a
--     short scan, where the index cost four index entries per posting;
--   * pages keep half their room for the new versions (the old ones are pruned when the page is next read).
-- Runs with search_path set to the tenant's own schema: name no schema here.
DROP INDEX recurring_invoice_setups_due;
ALTER TABLE recurring_invoice_setups SET (fillfactor = 50);
