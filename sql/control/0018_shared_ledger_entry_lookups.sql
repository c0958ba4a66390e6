-- Issue 27 (docs/banking.md, "The ledger's triggers look up the statement's entries"): two of the journal lines'
-- statement triggers read more of the journal than the statement's own entries, a cost per statement that grew with
-- the journal, whatever the statement's size. The balance check joined the statement's entries with journal_lines,
-- which the planner, not knowing how few entries a statement has, made a merge join over the whole of journal_lines'
-- primary key (about 200 ms a statement at 250,000 lines); each entry's lines are now read by a lookup of that entry
-- (a lateral subquery). The day and month balances joined the new lines with journal_entries by a hash join over the
-- whole table (60-120 ms a statement at 100,000 entries, load 5); the entries are now looked up by their ids first.
-- The rules and the sums are unchanged.
-- Written to be applied again harmlessly (CREATE OR REPLACE under the shared schema's advisory lock), like 0009.
SELECT pg_advisory_xact_lock(hashtext('recur_shared'));
CREATE SCHEMA IF NOT EXISTS recur_shared;

CREATE OR REPLACE FUNCTION recur_shared.ledger_check_statement_lines() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    bad record;
    ids uuid[];
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    -- Entries are append-only: no lock.
    ids := array(SELECT DISTINCT entry_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_entry(ids),
                'journal_lines_entry_id_fkey', 'journal_lines', 'entry_id', 'journal_entries');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT account_id FROM new_lines);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_account(ids),
                'journal_lines_account_id_fkey', 'journal_lines', 'account_id', 'accounts');
        END IF;
    END IF;
    ids := array(SELECT DISTINCT party_id FROM new_lines WHERE party_id IS NOT NULL);
    IF cardinality(ids) > 0 THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM parties p WHERE p.id = ANY (ids) FOR KEY SHARE) f) <> cardinality(ids) THEN
            PERFORM recur_shared.refs_raise_missing(recur_shared.refs_missing_party(ids),
                'journal_lines_party_fkey', 'journal_lines', 'party_id', 'parties');
        END IF;
    END IF;
    -- Each entry's lines read through the primary key (a lateral lookup per entry): a join of the entries with
    -- journal_lines was planned as a merge join over the whole table's index (the entries' count unknown to the
    -- planner), a cost that grew with the journal (about 200 ms a statement at 250,000 lines).
    SELECT n.entry_id, s.lines, s.debits, s.credits INTO bad
      FROM (SELECT DISTINCT entry_id FROM new_lines) n
     CROSS JOIN LATERAL (
           SELECT count(*) AS lines, sum(l.debit) AS debits, sum(l.credit) AS credits
             FROM journal_lines l WHERE l.entry_id = n.entry_id) s
     WHERE s.lines < 2 OR s.debits <> s.credits
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, debits %, credits %',
            bad.entry_id, bad.lines, bad.debits, bad.credits
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced', TABLE = 'journal_entries';
    END IF;
    -- New postings go to active accounts only; a reversing entry may still reach an account archived since.
    SELECT n.account_id INTO bad
      FROM new_lines n
      JOIN accounts a ON a.id = n.account_id AND a.archived_at IS NOT NULL
      JOIN journal_entries e ON e.id = n.entry_id
     WHERE e.reverses_entry_id IS NULL
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'account % is archived', bad.account_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_account_active', TABLE = 'journal_lines';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recur_shared.ledger_add_balances() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    -- One statement: the new lines summed per day once, added to the day rows and, summed per month, to the month
    -- rows (a WITH's INSERT runs to completion whether or not the main query reads it). The lines' entries are
    -- looked up by their ids first: joined to the lines directly, journal_entries was read whole (a hash join, the
    -- planner not knowing how few entries the lines have), a cost that grew with the journal.
    WITH entries AS MATERIALIZED (
        SELECT e.id, e.currency, e.entry_date FROM journal_entries e
        WHERE e.id = ANY (array(SELECT DISTINCT entry_id FROM new_lines))
    ), day_sums AS (
        SELECT n.account_id, e.currency, e.entry_date AS day, n.department, n.project, n.campaign,
               sum(n.debit) AS debit, sum(n.credit) AS credit, count(*) AS line_count
        FROM new_lines n JOIN entries e ON e.id = n.entry_id
        GROUP BY 1, 2, 3, 4, 5, 6
    ), days AS (
        INSERT INTO ledger_day_balances AS b
            (account_id, currency, day, department, project, campaign, debit, credit, line_count)
        SELECT * FROM day_sums
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (account_id, currency, day, department, project, campaign) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                line_count = b.line_count + EXCLUDED.line_count
    )
    INSERT INTO ledger_month_balances AS b
        (account_id, currency, month, department, project, campaign, debit, credit, line_count)
    SELECT account_id, currency, date_trunc('month', day)::date, department, project, campaign,
           sum(debit), sum(credit), sum(line_count)
    FROM day_sums
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (account_id, currency, month, department, project, campaign) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
            line_count = b.line_count + EXCLUDED.line_count;
    RETURN NULL;
END $$;
