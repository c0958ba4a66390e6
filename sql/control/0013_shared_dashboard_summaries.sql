-- Issue 26, the dashboard's home page at volume (docs/reports.md, "Dashboard summaries (0048)"): the trigger
-- functions of tenant migration 0048's two summaries, once in `recur_shared` (docs/tenancy.md, "Shared functions").
-- Written to be applied again harmlessly (CREATE OR REPLACE under the shared schema's advisory lock), like 0009.
-- Each refuses a table outside the schema its unqualified names resolve to, before reading or writing anything.
SELECT pg_advisory_xact_lock(hashtext('recur_shared'));
CREATE SCHEMA IF NOT EXISTS recur_shared;

-- `ledger_due_balances`: Σ debit, Σ credit and the open rows of `ledger_document_balances` per account, currency
-- and due date (NULL: not filed under an invoice or expense, or no date). Fired per statement on that table's
-- inserts (`new_rows`), updates (`old_rows` and `new_rows`: a posting's upsert, an invoice's due date set when it
-- leaves draft) and deletes (`old_rows`): the change of each key is added in key order, so the summary is the
-- table's grouping in every transaction that commits.
CREATE OR REPLACE FUNCTION recur_shared.ledger_add_due_balances() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ledger_due_balances AS b (account_id, currency, due_date, debit, credit, open_items)
        SELECT account_id, currency, due_date, sum(debit), sum(credit), count(*) FILTER (WHERE open)
        FROM new_rows
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (account_id, currency, due_date) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                open_items = b.open_items + EXCLUDED.open_items;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO ledger_due_balances AS b (account_id, currency, due_date, debit, credit, open_items)
        SELECT account_id, currency, due_date, sum(debit), sum(credit), sum(open_items)
        FROM (
            SELECT account_id, currency, due_date, debit, credit, CASE WHEN open THEN 1 ELSE 0 END AS open_items
            FROM new_rows
            UNION ALL
            SELECT account_id, currency, due_date, -debit, -credit, CASE WHEN open THEN -1 ELSE 0 END
            FROM old_rows
        ) c
        GROUP BY 1, 2, 3
        HAVING sum(debit) <> 0 OR sum(credit) <> 0 OR sum(open_items) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (account_id, currency, due_date) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                open_items = b.open_items + EXCLUDED.open_items;
    ELSE
        INSERT INTO ledger_due_balances AS b (account_id, currency, due_date, debit, credit, open_items)
        SELECT account_id, currency, due_date, -sum(debit), -sum(credit), -count(*) FILTER (WHERE open)
        FROM old_rows
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (account_id, currency, due_date) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                open_items = b.open_items + EXCLUDED.open_items;
    END IF;
    RETURN NULL;
END $$;

-- `ledger_expense_category_days`: the new journal lines filed under an expense, per account, currency, day, the
-- expense's category and whether the line is on the expense's own expense account (an expense's category and
-- accounts never change once it is in the ledger: `expenses_final`), in key order.
CREATE OR REPLACE FUNCTION recur_shared.ledger_add_expense_category_days() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    INSERT INTO ledger_expense_category_days AS b
        (account_id, currency, day, category_id, expense_account, debit, credit, line_count)
    SELECT n.account_id, e.currency, e.entry_date, x.category_id, coalesce(x.expense_account_id = n.account_id, false),
           sum(n.debit), sum(n.credit), count(*)
    FROM new_lines n JOIN journal_entries e ON e.id = n.entry_id
    LEFT JOIN expenses x ON x.id = n.document_id
    WHERE n.document_type = 'expense'
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (account_id, currency, day, category_id, expense_account) DO UPDATE
        SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
            line_count = b.line_count + EXCLUDED.line_count;
    RETURN NULL;
END $$;
