-- Issue 25, AR ageing at volume (docs/reports.md, "Ageing"): each row of `ledger_document_balances` filed under an
-- invoice or expense keeps the date the document ages from — the invoice's due date, the expense's date (expenses
-- have no terms) — so that the ageing reads the open rows alone, without joining 160,000 open invoices at 1M
-- invoices. Both dates are fixed once the document is in the ledger (`invoices_issued_immutable`,
-- `expenses_final`), so the copy cannot go stale:
-- * the journal-line trigger of 0040 reads the date when it adds a document's row (an expense exists before its
--   posting; an invoice's lines are posted in the transaction that issues it, before its row leaves `draft` and gets
--   its final due date, so:)
-- * an invoice that leaves `draft` (or is inserted issued) sets its due date on its rows, in the same transaction.
-- The open-rows index carries what the ageing reads, so that it is answered from the index.
-- Runs with search_path set to the tenant's own schema: name no schema here.

ALTER TABLE ledger_document_balances ADD COLUMN due_date date;

CREATE OR REPLACE FUNCTION ledger_add_report_balances() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM (SELECT entry_id, count(*) AS lines FROM new_lines GROUP BY entry_id) n
        WHERE (SELECT count(*) FROM journal_lines l WHERE l.entry_id = n.entry_id) <> n.lines
    ) THEN
        RAISE EXCEPTION 'a journal entry''s lines are inserted by one statement'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_entry_lines_at_once', TABLE = 'journal_lines';
    END IF;
    -- One statement: the new lines with their entry's date, currency and accounts once, added to the three tables (a
    -- WITH's INSERT runs to completion whether or not the main query reads it).
    WITH new_rows AS MATERIALIZED (
        SELECT n.account_id, a.type, e.currency, e.entry_date AS day, n.party_id, n.document_type, n.document_id,
               ea.accounts AS entry_accounts, n.debit, n.credit
        FROM new_lines n JOIN journal_entries e ON e.id = n.entry_id JOIN accounts a ON a.id = n.account_id
        JOIN (SELECT entry_id, array_agg(DISTINCT account_id ORDER BY account_id) AS accounts
              FROM new_lines GROUP BY entry_id) ea ON ea.entry_id = n.entry_id
    ), documents AS (
        INSERT INTO ledger_document_balances AS b
            (account_id, currency, party_id, document_type, document_id, debit, credit, line_count, due_date)
        SELECT g.*,
               CASE g.document_type
                   WHEN 'invoice' THEN (SELECT v.due_date FROM invoices v WHERE v.id = g.document_id)
                   WHEN 'expense' THEN (SELECT x.expense_date FROM expenses x WHERE x.id = g.document_id)
               END
        FROM (
            SELECT account_id, currency, party_id,
                   CASE WHEN document_type IN ('invoice', 'expense') THEN document_type END AS document_type,
                   CASE WHEN document_type IN ('invoice', 'expense') THEN document_id END AS document_id,
                   sum(debit) AS debit, sum(credit) AS credit, count(*) AS line_count
            FROM new_rows WHERE type IN ('asset', 'liability')
            GROUP BY 1, 2, 3, 4, 5
        ) g
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


CREATE FUNCTION ledger_document_due_date() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE ledger_document_balances b SET due_date = NEW.due_date
    WHERE b.account_id IN (SELECT a.id FROM accounts a WHERE a.type IN ('asset', 'liability'))
      AND b.currency = NEW.currency AND b.party_id = NEW.party_id AND b.document_type = 'invoice'
      AND b.document_id = NEW.id AND b.due_date IS DISTINCT FROM NEW.due_date;
    RETURN NULL;
END $$;

CREATE TRIGGER invoices_issued_due_date AFTER UPDATE OF status, due_date ON invoices
    FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status <> 'draft') EXECUTE FUNCTION ledger_document_due_date();

CREATE TRIGGER invoices_inserted_due_date AFTER INSERT ON invoices
    FOR EACH ROW WHEN (NEW.status <> 'draft') EXECUTE FUNCTION ledger_document_due_date();

-- The existing rows, in one statement.
UPDATE ledger_document_balances b SET due_date = d.due_date
FROM (SELECT 'invoice' AS document_type, id, due_date FROM invoices WHERE status <> 'draft'
      UNION ALL SELECT 'expense', id, expense_date FROM expenses) d
WHERE b.document_type = d.document_type AND b.document_id = d.id;

DROP INDEX ledger_document_balances_open;
CREATE INDEX ledger_document_balances_open ON ledger_document_balances (account_id, currency)
    INCLUDE (party_id, document_type, document_id, due_date, debit, credit) WHERE open;
