-- Issue 28, goal 2: indexes no query uses, dropped (docs/tenancy.md, "Indexes and the queries that use them"). Each
-- costs an 8 kB page in every empty tenant, and a write on every insert.
--  * journal_lines_department, _project, _campaign (0005, 0006): made for reports that filtered raw lines by a
--    dimension; the reports read the ledger summaries since 0032/0040 (ledger_month_balances and
--    ledger_day_balances carry the dimensions), and the budget actuals reach lines by account
--    (journal_lines_account) and test the dimension on the rows found.
--  * budgets_period (0006): the budget control finds budgets through budget_lines_by_account and the primary key;
--    the EOD's threshold check reads a tenant's few budgets whole.
--  * idempotency_keys_created (0003): no statement reads idempotency keys by age (lookups are by key, the primary
--    key); a purge that needs it adds it back with itself.
-- Runs with search_path set to the tenant's schema.
DROP INDEX journal_lines_department;
DROP INDEX journal_lines_project;
DROP INDEX journal_lines_campaign;
DROP INDEX budgets_period;
DROP INDEX idempotency_keys_created;
