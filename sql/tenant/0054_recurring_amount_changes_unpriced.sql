-- The recurring revenue and commitments reports ask on every request whether a template of the kind still has history
-- rows without an amount (the rows 0034 backfilled, priced by their previews at report time until the template's first
-- change): twice, once to list those templates and once inside the movement statement sent with it. Both scanned the
-- whole history (27,488 rows on the 1M-invoice seed: 8–9 ms each on the loaded benchmark machine). These rows alone
-- are indexed here — none on a tenant made after 0034, fewer with every change — so each question is an index probe
-- (docs/reports.md, "Recurring revenue: the backfill check").
-- Runs with search_path set to the tenant's own schema: name no schema here.
CREATE INDEX recurring_amount_changes_unpriced ON recurring_amount_changes (template_kind, template_id)
    WHERE monthly_amount IS NULL;
