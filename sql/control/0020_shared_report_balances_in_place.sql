-- Issue 27 (docs/banking.md, "Report summaries updated in place"): the report summaries' statement trigger on journal
-- lines (`ledger_add_report_balances`) was most of a posting statement's trigger time: every document's sums went
-- through INSERT … ON CONFLICT DO UPDATE, which for a row that exists (a payment's invoice, always) probes the key,
-- locks the row and then updates it, and each group looked up its invoice's due date first, used only when the row
-- is new. Existing rows are now updated by one UPDATE … FROM; the rest inserted as before. The sums are the same,
-- by key, in the same order (SchemaBaselineTests, the reports' tests comparing summaries with the raw lines).
-- Written to be applied again harmlessly (CREATE OR REPLACE under the shared schema's advisory lock), like 0009.
SELECT pg_advisory_xact_lock(hashtext('recur_shared'));
CREATE SCHEMA IF NOT EXISTS recur_shared;

CREATE OR REPLACE FUNCTION recur_shared.ledger_add_report_balances() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF EXISTS (
        SELECT 1 FROM (SELECT entry_id, count(*) AS lines FROM new_lines GROUP BY entry_id) n
        WHERE (SELECT count(*) FROM journal_lines l WHERE l.entry_id = n.entry_id) <> n.lines
    ) THEN
        RAISE EXCEPTION 'a journal entry''s lines are inserted by one statement'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_entry_lines_at_once', TABLE = 'journal_lines';
    END IF;
    -- One statement: the new lines with their entry's date, currency and accounts once, added to the three tables (a
    -- WITH's data-changing parts run to completion whether or not the main query reads them). The entries are looked
    -- up by their ids (a join read journal_entries line by line). A document's sums go into its existing row by a
    -- plain UPDATE (an index lookup each; no speculative insertion, no tuple lock, no lookup of the document's date: a
    -- row that exists carries it, set when it was inserted or when the invoice was issued, and an issued invoice's
    -- due date and an expense's date never change); only the sums without a row (or with a NULL in their key, which
    -- `=` cannot find) are inserted, with their document's date, ON CONFLICT for a row another transaction added.
    -- Both take the sums in key order, as before (the updates follow it through their index lookups, the plan for a
    -- statement's rows; rows locked in one order by every posting).
    WITH entries AS MATERIALIZED (
        SELECT e.id, e.currency, e.entry_date FROM journal_entries e
        WHERE e.id = ANY (array(SELECT DISTINCT entry_id FROM new_lines))
    ), new_rows AS MATERIALIZED (
        SELECT n.account_id, a.type, e.currency, e.entry_date AS day, n.party_id, n.document_type, n.document_id,
               ea.accounts AS entry_accounts, n.debit, n.credit
        FROM new_lines n JOIN entries e ON e.id = n.entry_id JOIN accounts a ON a.id = n.account_id
        JOIN (SELECT entry_id, array_agg(DISTINCT account_id ORDER BY account_id) AS accounts
              FROM new_lines GROUP BY entry_id) ea ON ea.entry_id = n.entry_id
    ), document_sums AS MATERIALIZED (
        SELECT account_id, currency, party_id,
               CASE WHEN document_type IN ('invoice', 'expense') THEN document_type END AS document_type,
               CASE WHEN document_type IN ('invoice', 'expense') THEN document_id END AS document_id,
               sum(debit) AS debit, sum(credit) AS credit, count(*) AS line_count
        FROM new_rows WHERE type IN ('asset', 'liability')
        GROUP BY 1, 2, 3, 4, 5
    ), updated AS (
        UPDATE ledger_document_balances b
           SET debit = b.debit + s.debit, credit = b.credit + s.credit, line_count = b.line_count + s.line_count,
               due_date = CASE WHEN b.due_date IS NOT NULL THEN b.due_date
                               WHEN s.document_type = 'invoice' THEN (SELECT v.due_date FROM invoices v WHERE v.id = s.document_id)
                               ELSE (SELECT x.expense_date FROM expenses x WHERE x.id = s.document_id) END
          FROM (SELECT * FROM document_sums
                WHERE party_id IS NOT NULL AND document_type IS NOT NULL AND document_id IS NOT NULL
                ORDER BY 1, 2, 3, 4, 5) s
         WHERE b.account_id = s.account_id AND b.currency = s.currency AND b.party_id = s.party_id
           AND b.document_type = s.document_type AND b.document_id = s.document_id
        RETURNING b.account_id, b.currency, b.party_id, b.document_type, b.document_id
    ), documents AS (
        INSERT INTO ledger_document_balances AS b
            (account_id, currency, party_id, document_type, document_id, debit, credit, line_count, due_date)
        SELECT g.*,
               CASE g.document_type
                   WHEN 'invoice' THEN (SELECT v.due_date FROM invoices v WHERE v.id = g.document_id)
                   WHEN 'expense' THEN (SELECT x.expense_date FROM expenses x WHERE x.id = g.document_id)
               END
        FROM document_sums g
        WHERE g.party_id IS NULL OR g.document_type IS NULL OR g.document_id IS NULL
           OR (g.account_id, g.currency, g.party_id, g.document_type, g.document_id) NOT IN (SELECT * FROM updated)
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, currency, party_id, document_type, document_id) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                line_count = b.line_count + EXCLUDED.line_count, due_date = coalesce(EXCLUDED.due_date, b.due_date)
    ), flows AS (
        INSERT INTO ledger_flow_balances AS b
            (account_id, currency, day, expense_id, entry_accounts, debit, credit, line_count)
        SELECT account_id, currency, day, CASE WHEN document_type = 'expense' THEN document_id END, entry_accounts,
               sum(debit), sum(credit), count(*)
        FROM new_rows WHERE type = 'asset'
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 5, 4
        ON CONFLICT (account_id, currency, day, entry_accounts, expense_id) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                line_count = b.line_count + EXCLUDED.line_count
    )
    INSERT INTO ledger_income_expense_months AS b
        (account_id, currency, month, party_id, expense_id, debit, credit, line_count)
    SELECT account_id, currency, date_trunc('month', day)::date, party_id,
           CASE WHEN document_type = 'expense' THEN document_id END, sum(debit), sum(credit), count(*)
    FROM new_rows WHERE type IN ('income', 'expense')
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (account_id, currency, month, party_id, expense_id) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
            line_count = b.line_count + EXCLUDED.line_count;
    RETURN NULL;
END $$;
