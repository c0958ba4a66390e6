-- Issue 25: the ledger reports read balances per account, currency, calendar month and budget dimension from a
-- summary table kept in the posting transaction (docs/reports.md, "The summary tables"), and the days of a month a
-- period cuts from a second one per day. Journal lines are append-only, so a statement-level AFTER INSERT trigger
-- that adds the new lines' sums, grouped, is exact by construction: every line is counted once, in the transaction
-- that writes it. Rows are upserted in key order, so two postings touching the same rows take their locks in the
-- same order.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE TABLE ledger_month_balances (
    account_id uuid NOT NULL,
    currency text NOT NULL,
    month date NOT NULL,
    department text,
    project text,
    campaign text,
    debit numeric NOT NULL,
    credit numeric NOT NULL,
    line_count bigint NOT NULL,
    CONSTRAINT ledger_month_balances_month_check CHECK (extract(day FROM month) = 1)
);

CREATE UNIQUE INDEX ledger_month_balances_key
    ON ledger_month_balances (account_id, currency, month, department, project, campaign) NULLS NOT DISTINCT;

CREATE INDEX ledger_month_balances_month ON ledger_month_balances (currency, month);

CREATE TABLE ledger_day_balances (
    account_id uuid NOT NULL,
    currency text NOT NULL,
    day date NOT NULL,
    department text,
    project text,
    campaign text,
    debit numeric NOT NULL,
    credit numeric NOT NULL,
    line_count bigint NOT NULL
);

CREATE UNIQUE INDEX ledger_day_balances_key
    ON ledger_day_balances (account_id, currency, day, department, project, campaign) NULLS NOT DISTINCT;

CREATE INDEX ledger_day_balances_day ON ledger_day_balances (currency, day);

CREATE FUNCTION ledger_add_balances() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- One statement: the new lines summed per day once, added to the day rows and, summed per month, to the month
    -- rows (a WITH's INSERT runs to completion whether or not the main query reads it).
    WITH day_sums AS (
        SELECT n.account_id, e.currency, e.entry_date AS day, n.department, n.project, n.campaign,
               sum(n.debit) AS debit, sum(n.credit) AS credit, count(*) AS line_count
        FROM new_lines n JOIN journal_entries e ON e.id = n.entry_id
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

CREATE TRIGGER journal_lines_balances AFTER INSERT ON journal_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_add_balances();

INSERT INTO ledger_day_balances (account_id, currency, day, department, project, campaign, debit, credit, line_count)
SELECT l.account_id, e.currency, e.entry_date, l.department, l.project, l.campaign, sum(l.debit), sum(l.credit), count(*)
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO ledger_month_balances (account_id, currency, month, department, project, campaign, debit, credit, line_count)
SELECT account_id, currency, date_trunc('month', day)::date, department, project, campaign,
       sum(debit), sum(credit), sum(line_count)
FROM ledger_day_balances
GROUP BY 1, 2, 3, 4, 5, 6;
