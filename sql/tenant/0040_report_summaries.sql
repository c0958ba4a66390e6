-- Issue 25: three more summaries kept in the posting transaction, for the reports that still re-read journal lines
-- (docs/reports.md, "Performance"). Like 0032's: journal lines are append-only, so a statement-level AFTER INSERT
-- trigger adding the new lines' sums, grouped, is exact by construction (every line counted once, in the transaction
-- that writes it); rows are upserted in key order, so two postings touching the same rows take their locks in the same
-- order; the migration fills them from the existing lines.
--
-- * Ageing: `ledger_document_balances`, Σ debit, Σ credit and the line count of the lines of every asset and liability account per account, currency, party and invoice or expense (the ageing ages those two
--   document types and reports every other line of a party as unallocated, so other documents are kept as none, like
--   lines without one; one row thanks to `NULLS NOT DISTINCT`). Receivable and payable control accounts are asset and
--   liability accounts (`accounts_role_type`; a party's control account is checked by type) and an account's type
--   never changes once it has lines (`accounts_type_used`), so every control-account line is in it.
-- * Cashflow: `ledger_flow_balances`, the same sums of the lines of every asset account (bank accounts are asset
--   accounts) per account, currency, day, the expense the line is filed under (none: NULL) and the accounts of the
--   line's whole entry (`entry_accounts`, distinct, sorted): a bank line's category follows from the other accounts
--   of its entry, so the report classifies these rows instead of reading every bank line and its entry's lines. The
--   accounts of an entry are known when all its lines are inserted by one statement, as the journal always does: a
--   statement adding lines to an entry that already has some is refused (`ledger_entry_lines_at_once`).
-- * Income and expense by party or expense category: `ledger_income_expense_months`, the sums of the lines of every
--   income and expense account per account, currency, calendar month, party and the expense the line is filed under
--   (the report takes its category from the expense, so a category is never copied).
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE TABLE ledger_document_balances (
    account_id uuid NOT NULL,
    currency text NOT NULL,
    party_id uuid,
    document_type text,
    document_id uuid,
    debit numeric NOT NULL,
    credit numeric NOT NULL,
    line_count bigint NOT NULL,
    open boolean GENERATED ALWAYS AS (debit <> credit) STORED
);

CREATE UNIQUE INDEX ledger_document_balances_key
    ON ledger_document_balances (account_id, currency, party_id, document_type, document_id) NULLS NOT DISTINCT;

-- What the ageing reads: the rows open now (the lines after its date are read from the journal). `open` is a column,
-- with statistics of its combinations with the account, so that the planner knows how few of a control account's
-- rows are open (on `debit <> credit` it guessed nearly all, and scanned the table).
CREATE INDEX ledger_document_balances_open ON ledger_document_balances (account_id, currency) WHERE open;
CREATE STATISTICS ledger_document_balances_open_stats (mcv) ON account_id, currency, open FROM ledger_document_balances;

CREATE TABLE ledger_flow_balances (
    account_id uuid NOT NULL,
    currency text NOT NULL,
    day date NOT NULL,
    expense_id uuid,
    entry_accounts uuid[] NOT NULL,
    debit numeric NOT NULL,
    credit numeric NOT NULL,
    line_count bigint NOT NULL
);

CREATE UNIQUE INDEX ledger_flow_balances_key
    ON ledger_flow_balances (account_id, currency, day, entry_accounts, expense_id) NULLS NOT DISTINCT;

CREATE TABLE ledger_income_expense_months (
    account_id uuid NOT NULL,
    currency text NOT NULL,
    month date NOT NULL,
    party_id uuid,
    expense_id uuid,
    debit numeric NOT NULL,
    credit numeric NOT NULL,
    line_count bigint NOT NULL,
    CONSTRAINT ledger_income_expense_months_month_check CHECK (extract(day FROM month) = 1)
);

CREATE UNIQUE INDEX ledger_income_expense_months_key
    ON ledger_income_expense_months (account_id, currency, month, party_id, expense_id) NULLS NOT DISTINCT;

CREATE INDEX ledger_income_expense_months_month ON ledger_income_expense_months (currency, month);

CREATE FUNCTION ledger_add_report_balances() RETURNS trigger
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
            (account_id, currency, party_id, document_type, document_id, debit, credit, line_count)
        SELECT account_id, currency, party_id,
               CASE WHEN document_type IN ('invoice', 'expense') THEN document_type END,
               CASE WHEN document_type IN ('invoice', 'expense') THEN document_id END,
               sum(debit), sum(credit), count(*)
        FROM new_rows WHERE type IN ('asset', 'liability')
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, currency, party_id, document_type, document_id) DO UPDATE
            SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit,
                line_count = b.line_count + EXCLUDED.line_count
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

CREATE TRIGGER journal_lines_report_balances AFTER INSERT ON journal_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_add_report_balances();

-- The existing lines, in one statement like the trigger's (each entry's accounts computed once).
WITH fill AS MATERIALIZED (
    SELECT l.account_id, a.type, e.currency, e.entry_date AS day, l.party_id, l.document_type, l.document_id,
           ea.accounts AS entry_accounts, l.debit, l.credit
    FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id
    JOIN (SELECT entry_id, array_agg(DISTINCT account_id ORDER BY account_id) AS accounts
          FROM journal_lines GROUP BY entry_id) ea ON ea.entry_id = l.entry_id
), documents AS (
    INSERT INTO ledger_document_balances
        (account_id, currency, party_id, document_type, document_id, debit, credit, line_count)
    SELECT account_id, currency, party_id,
           CASE WHEN document_type IN ('invoice', 'expense') THEN document_type END,
           CASE WHEN document_type IN ('invoice', 'expense') THEN document_id END,
           sum(debit), sum(credit), count(*)
    FROM fill WHERE type IN ('asset', 'liability')
    GROUP BY 1, 2, 3, 4, 5
), flows AS (
    INSERT INTO ledger_flow_balances (account_id, currency, day, expense_id, entry_accounts, debit, credit, line_count)
    SELECT account_id, currency, day, CASE WHEN document_type = 'expense' THEN document_id END, entry_accounts,
           sum(debit), sum(credit), count(*)
    FROM fill WHERE type = 'asset'
    GROUP BY 1, 2, 3, 4, 5
)
INSERT INTO ledger_income_expense_months (account_id, currency, month, party_id, expense_id, debit, credit, line_count)
SELECT account_id, currency, date_trunc('month', day)::date, party_id,
       CASE WHEN document_type = 'expense' THEN document_id END, sum(debit), sum(credit), count(*)
FROM fill WHERE type IN ('income', 'expense')
GROUP BY 1, 2, 3, 4, 5;
