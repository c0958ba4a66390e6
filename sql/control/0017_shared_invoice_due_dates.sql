-- The EOD's batches (1,000 invoices in a transaction) filed each issued invoice's receivable under its due date
-- with a row-level trigger: one UPDATE of `ledger_document_balances` per invoice, and with it one run of that
-- table's statement trigger per invoice, each moving the invoice's amount out of the due-date summary's NULL row —
-- one more version of that one row per invoice, which the next update walks to find: quadratic in the batch
-- (docs/eod.md, "Due dates filed per statement"). Tenant migration 0052 replaces the insert trigger with this
-- statement-level one: one UPDATE for all the statement's issued invoices.
-- Written to be applied again harmlessly (CREATE OR REPLACE under the shared schema's advisory lock), like 0009.
SELECT pg_advisory_xact_lock(hashtext('recur_shared'));
CREATE SCHEMA IF NOT EXISTS recur_shared;

CREATE OR REPLACE FUNCTION recur_shared.ledger_inserted_invoices_due_dates() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN
        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    UPDATE ledger_document_balances b SET due_date = n.due_date
    FROM new_invoices n
    WHERE n.status <> 'draft'
      AND b.account_id IN (SELECT a.id FROM accounts a WHERE a.type IN ('asset', 'liability'))
      AND b.currency = n.currency AND b.party_id = n.party_id AND b.document_type = 'invoice'
      AND b.document_id = n.id AND b.due_date IS DISTINCT FROM n.due_date;
    RETURN NULL;
END $$;
