-- Issue 27 (docs/banking.md, "Unfiled lines kept on control accounts only"): the per-document summary
-- (`ledger_document_balances`, 0040) kept, for every asset or liability account, one row of the lines filed under no
-- party and no invoice or expense. On a bank account that row is the sum of every deposit, fee and transfer: each
-- posting on the account updated it (and, through 0048's statement trigger, the account's `ledger_due_balances` row
-- of no due date) and held both until it committed, so postings on one bank account ran one after the other. Only
-- the ageing reads the table, and only for control accounts (the receivable and payable roles and every party's
-- control account, Store/Reports/ReportAccountSets): such rows are now kept for control accounts alone.
-- A party that makes an account a control account, or stops being the last party to make it one, has the account's
-- unfiled rows built from its journal lines or dropped (`ledger_control_accounts_changed`, the parties' triggers of
-- tenant migration 0058, which also drops the rows no control account needs any more).
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
        SELECT n.account_id, a.type, a.role, e.currency, e.entry_date AS day, n.party_id, n.document_type, n.document_id,
               ea.accounts AS entry_accounts, n.debit, n.credit
        FROM new_lines n JOIN entries e ON e.id = n.entry_id JOIN accounts a ON a.id = n.account_id
        JOIN (SELECT entry_id, array_agg(DISTINCT account_id ORDER BY account_id) AS accounts
              FROM new_lines GROUP BY entry_id) ea ON ea.entry_id = n.entry_id
    ), document_sums AS MATERIALIZED (
        SELECT g.* FROM (
            SELECT account_id, currency, party_id,
                   CASE WHEN document_type IN ('invoice', 'expense') THEN document_type END AS document_type,
                   CASE WHEN document_type IN ('invoice', 'expense') THEN document_id END AS document_id,
                   sum(debit) AS debit, sum(credit) AS credit, count(*) AS line_count,
                   bool_or(role IN ('accountsReceivable', 'accountsPayable')) AS control_role
            FROM new_rows WHERE type IN ('asset', 'liability')
            GROUP BY 1, 2, 3, 4, 5
        ) g
        -- Lines filed under no party and no invoice or expense are kept on control accounts only (0023).
        WHERE g.party_id IS NOT NULL OR g.document_type IS NOT NULL OR g.control_role
           OR EXISTS (SELECT 1 FROM parties p WHERE p.control_account_id = g.account_id)
    ), updated AS (
        UPDATE ledger_document_balances b
           SET debit = b.debit + s.debit, credit = b.credit + s.credit, line_count = b.line_count + s.line_count,
               due_date = CASE WHEN b.due_date IS NOT NULL THEN b.due_date
                               WHEN s.document_type = 'invoice' THEN (SELECT v.due_date FROM invoices v WHERE v.id = s.document_id)
                               ELSE (SELECT x.expense_date FROM expenses x WHERE x.id = s.document_id) END
          FROM (SELECT account_id, currency, party_id, document_type, document_id, debit, credit, line_count
                FROM document_sums
                WHERE party_id IS NOT NULL AND document_type IS NOT NULL AND document_id IS NOT NULL
                ORDER BY 1, 2, 3, 4, 5) s
         WHERE b.account_id = s.account_id AND b.currency = s.currency AND b.party_id = s.party_id
           AND b.document_type = s.document_type AND b.document_id = s.document_id
        RETURNING b.account_id, b.currency, b.party_id, b.document_type, b.document_id
    ), documents AS (
        INSERT INTO ledger_document_balances AS b
            (account_id, currency, party_id, document_type, document_id, debit, credit, line_count, due_date)
        SELECT g.account_id, g.currency, g.party_id, g.document_type, g.document_id, g.debit, g.credit, g.line_count,
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


-- The parties' statement triggers (tenant 0058): the accounts the statement's rows name as control accounts, before
-- or after, other than the receivable and payable role accounts (always control accounts). Each is locked FOR UPDATE,
-- which waits for the postings in flight on it (their journal lines hold the account FOR KEY SHARE until they commit)
-- and holds back new ones until this transaction ends; then, from what is committed and this statement's rows, an
-- account that became a control account gets its unfiled rows built from its journal lines, and one that stopped
-- being one loses them. An account whose status did not change is left alone (its rows are already right).
CREATE OR REPLACE FUNCTION recur_shared.ledger_control_accounts_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    named uuid[];
    before_ids uuid[];
    flipped uuid[];
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT control_account_id) INTO named FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT control_account_id) INTO named FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT a) INTO named
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        CROSS JOIN LATERAL (VALUES (n.control_account_id), (o.control_account_id)) c(a)
        WHERE n.control_account_id IS DISTINCT FROM o.control_account_id;
    END IF;
    IF named IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM accounts a
    WHERE a.id = ANY (named) AND a.role IS DISTINCT FROM 'accountsReceivable' AND a.role IS DISTINCT FROM 'accountsPayable'
    ORDER BY a.id FOR UPDATE;
    -- Before this statement (read after the lock, so nothing else changes it now): a party other than this statement's
    -- rows names the account, or one of its rows did.
    IF TG_OP = 'INSERT' THEN
        SELECT coalesce(array_agg(a), '{}') INTO before_ids FROM unnest(named) a
        WHERE EXISTS (SELECT 1 FROM parties p WHERE p.control_account_id = a AND p.id NOT IN (SELECT id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        before_ids := named;
    ELSE
        SELECT coalesce(array_agg(a), '{}') INTO before_ids FROM unnest(named) a
        WHERE EXISTS (SELECT 1 FROM old_rows o WHERE o.control_account_id = a)
           OR EXISTS (SELECT 1 FROM parties p WHERE p.control_account_id = a AND p.id NOT IN (SELECT id FROM new_rows));
    END IF;
    SELECT coalesce(array_agg(a.id), '{}') INTO flipped FROM accounts a
    WHERE a.id = ANY (named) AND a.role IS DISTINCT FROM 'accountsReceivable' AND a.role IS DISTINCT FROM 'accountsPayable'
      AND (a.id = ANY (before_ids)) <> EXISTS (SELECT 1 FROM parties p WHERE p.control_account_id = a.id);
    IF cardinality(flipped) = 0 THEN
        RETURN NULL;
    END IF;
    DELETE FROM ledger_document_balances b
    WHERE b.account_id = ANY (flipped) AND b.party_id IS NULL AND b.document_type IS NULL AND b.document_id IS NULL;
    INSERT INTO ledger_document_balances
        (account_id, currency, party_id, document_type, document_id, debit, credit, line_count, due_date)
    SELECT l.account_id, e.currency, NULL, NULL, NULL, sum(l.debit), sum(l.credit), count(*), NULL
    FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
    WHERE l.account_id = ANY (flipped) AND a.type IN ('asset', 'liability')
      AND l.party_id IS NULL AND (l.document_type IS NULL OR l.document_type NOT IN ('invoice', 'expense'))
      AND EXISTS (SELECT 1 FROM parties p WHERE p.control_account_id = l.account_id)
    GROUP BY 1, 2
    ORDER BY 1, 2;
    RETURN NULL;
END $$;
