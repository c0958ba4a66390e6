-- Issue 27 (docs/banking.md, "The balance check reads each entry's lines"): the journal lines' statement check read
-- the statement's entries' lines by a join that the planner, not knowing how few entries a statement has, made a
-- merge join over the whole of journal_lines' primary key — every line of the journal, once per statement (about
-- 200 ms a statement at 250,000 lines, 3.6 s of the bench's auto-reconcile at 100,000 bank lines). Each entry's lines
-- are now read by a lookup of that entry (a lateral subquery), whatever the journal's size; the rules are unchanged.
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
