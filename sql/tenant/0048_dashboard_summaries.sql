-- Issue 26, the dashboard's home page at 1M invoices (docs/reports.md, "Dashboard summaries (0048)"): two small
-- summaries kept exact in the posting transaction, so that the page's reads never aggregate per document:
-- * `ledger_due_balances`: `ledger_document_balances` summed per account, currency and due date, with the count of
--   open rows — the ageing's totals (`?detail=totals`) read a row per due date instead of 160,913 open invoices
--   (closed rows add debit = credit, so Σ (debit − credit) per due date is what is open with that date);
-- * `ledger_expense_category_days`: the journal lines filed under an expense per account, currency, day and the
--   expense's category — income and expense by category and the cashflow's expense lines read a row per category
--   and day instead of a row per expense joined to `expenses`.
-- The trigger functions are shared (control 0013). Runs with search_path set to the tenant's schema.

CREATE TABLE ledger_due_balances (
    account_id uuid NOT NULL,
    currency text NOT NULL,
    due_date date,
    debit numeric NOT NULL,
    credit numeric NOT NULL,
    open_items bigint NOT NULL
);
CREATE UNIQUE INDEX ledger_due_balances_key ON ledger_due_balances (account_id, currency, due_date) NULLS NOT DISTINCT;

INSERT INTO ledger_due_balances (account_id, currency, due_date, debit, credit, open_items)
SELECT account_id, currency, due_date, sum(debit), sum(credit), count(*) FILTER (WHERE open)
FROM ledger_document_balances
GROUP BY 1, 2, 3;

CREATE TRIGGER ledger_document_balances_due_insert AFTER INSERT ON ledger_document_balances
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_add_due_balances();
CREATE TRIGGER ledger_document_balances_due_update AFTER UPDATE ON ledger_document_balances
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION recur_shared.ledger_add_due_balances();
CREATE TRIGGER ledger_document_balances_due_delete AFTER DELETE ON ledger_document_balances
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_add_due_balances();

CREATE TABLE ledger_expense_category_days (
    account_id uuid NOT NULL,
    currency text NOT NULL,
    day date NOT NULL,
    category_id uuid,
    expense_account boolean NOT NULL,
    debit numeric NOT NULL,
    credit numeric NOT NULL,
    line_count bigint NOT NULL
);
CREATE UNIQUE INDEX ledger_expense_category_days_key
    ON ledger_expense_category_days (account_id, currency, day, category_id, expense_account) NULLS NOT DISTINCT;
CREATE INDEX ledger_expense_category_days_day ON ledger_expense_category_days (currency, day);

INSERT INTO ledger_expense_category_days
    (account_id, currency, day, category_id, expense_account, debit, credit, line_count)
SELECT l.account_id, e.currency, e.entry_date, x.category_id, coalesce(x.expense_account_id = l.account_id, false),
       sum(l.debit), sum(l.credit), count(*)
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
LEFT JOIN expenses x ON x.id = l.document_id
WHERE l.document_type = 'expense'
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER journal_lines_expense_category_days AFTER INSERT ON journal_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION recur_shared.ledger_add_expense_category_days();

-- The cashflow reads the bank lines not filed under an expense from `ledger_flow_balances` (4,758 of its 84,758
-- rows at 1M invoices) and the filed ones from `ledger_expense_category_days`.
CREATE INDEX ledger_flow_balances_unfiled ON ledger_flow_balances (account_id, currency, day) WHERE expense_id IS NULL;
