-- Autovacuum thresholds for the tables the EOD appends to every night.
--
-- With the defaults, a table is analysed once 50 rows + 10 % of it changed and vacuumed once 1,000 rows + 20 %
-- were inserted. A tenant schema is small and its posting tables grow by the night's postings, so nearly every
-- tenant's tables crossed both thresholds after every EOD: thousands of small vacuums and analyses in the minutes
-- after the run, each sending a cache invalidation to every connected backend (measured: one EOD over 1,000 new
-- tenants caused 8,600 of them). The fixed parts are raised so that a table is analysed and vacuumed when it has
-- really changed: after 10,000 changed rows + 10 % (analyse), 100,000 inserted rows + 20 % (insert vacuum). The
-- scale factors still govern large tables, and anti-wraparound vacuums are unaffected. The queries on these
-- tables are key and index lookups, which do not depend on fresh statistics of a small table.
--
-- The setups' cursors are updated in place each night (HOT, see 0010): the pages prune themselves as they are
-- read, so a vacuum is only needed once a fair share of the table is dead.
-- Runs with search_path set to the tenant's own schema: name no schema here.
ALTER TABLE journal_entries SET (autovacuum_analyze_threshold = 10000, autovacuum_vacuum_insert_threshold = 100000);
ALTER TABLE journal_lines SET (autovacuum_analyze_threshold = 10000, autovacuum_vacuum_insert_threshold = 100000);
ALTER TABLE invoices SET (autovacuum_analyze_threshold = 10000, autovacuum_vacuum_insert_threshold = 100000);
ALTER TABLE invoice_lines SET (autovacuum_analyze_threshold = 10000, autovacuum_vacuum_insert_threshold = 100000);
ALTER TABLE recurring_invoice_occurrences
    SET (autovacuum_analyze_threshold = 10000, autovacuum_vacuum_insert_threshold = 100000);
ALTER TABLE notification_outbox SET (autovacuum_analyze_threshold = 10000, autovacuum_vacuum_insert_threshold = 100000);
ALTER TABLE recurring_invoice_setups SET (autovacuum_analyze_threshold = 10000, autovacuum_vacuum_threshold = 10000);
