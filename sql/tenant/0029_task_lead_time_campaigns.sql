-- Issue 24, findings 9 and 10 (docs/expenses-tasks.md, "Lead time and reminder offsets"; docs/budgets.md, "Scope").

-- 9. A recurring task is created `lead_days` before its occurrence (0–365, default 7), so that every reminder offset
-- fires on time. The EOD stores in `next_posting_date` the date it next creates something (posting date − lead), so a
-- new lead recomputes it, like a new schedule does.
ALTER TABLE recurring_tasks
    ADD COLUMN lead_days integer NOT NULL DEFAULT 7 CONSTRAINT recurring_tasks_lead_days_check CHECK (lead_days BETWEEN 0 AND 365),
    ADD COLUMN reminder_days integer[];

CREATE FUNCTION recurring_tasks_lead_reset_due() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.next_posting_date := NULL;
    NEW.schedule_ends_on := NULL;
    RETURN NEW;
END $$;

CREATE TRIGGER recurring_tasks_lead_reset_due BEFORE UPDATE ON recurring_tasks
    FOR EACH ROW WHEN (NEW.lead_days IS DISTINCT FROM OLD.lead_days)
    EXECUTE FUNCTION recurring_tasks_lead_reset_due();

-- Per-task reminder offsets (days before the due date); NULL: the tenant's `reminders.task_due_days`. At most 10
-- distinct days from 0 to 366, as the tenant's.
ALTER TABLE tasks ADD COLUMN reminder_days integer[];

CREATE FUNCTION tasks_reminder_days_valid(days integer[]) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT days IS NULL OR (cardinality(days) <= 10 AND coalesce(array_ndims(days), 1) = 1
        AND (SELECT count(DISTINCT d) = count(*) AND coalesce(bool_and(d BETWEEN 0 AND 366), true) FROM unnest(days) d))
$$;

ALTER TABLE tasks ADD CONSTRAINT tasks_reminder_days_check CHECK (tasks_reminder_days_valid(reminder_days));
ALTER TABLE recurring_tasks ADD CONSTRAINT recurring_tasks_reminder_days_check CHECK (tasks_reminder_days_valid(reminder_days));

-- 10. The campaign dimension on expenses (and recurring expenses) and invoice lines, like department and project:
-- the expense line and an invoice line's income line carry it to `journal_lines.campaign`, where a campaign budget
-- finds its actuals.
ALTER TABLE expenses ADD COLUMN campaign text CONSTRAINT expenses_campaign_check CHECK (length(campaign) BETWEEN 1 AND 100);
ALTER TABLE recurring_expenses
    ADD COLUMN campaign text CONSTRAINT recurring_expenses_campaign_check CHECK (length(campaign) BETWEEN 1 AND 100);
ALTER TABLE invoice_lines
    ADD COLUMN campaign text CONSTRAINT invoice_lines_campaign_check CHECK (length(campaign) BETWEEN 1 AND 100);
ALTER TABLE recurring_invoice_setup_lines
    ADD COLUMN campaign text CONSTRAINT recurring_invoice_setup_lines_campaign_check CHECK (length(campaign) BETWEEN 1 AND 100);

-- An expense's campaign is one of its recorded facts: fixed like the others.
CREATE OR REPLACE FUNCTION expenses_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE'
       OR (OLD.entry_id IS NOT NULL AND NEW.entry_id IS DISTINCT FROM OLD.entry_id)
       OR (OLD.paid_on IS NOT NULL AND (NEW.paid_on, NEW.bank_account_id, NEW.payment_entry_id)
           IS DISTINCT FROM (OLD.paid_on, OLD.bank_account_id, OLD.payment_entry_id))
       OR (OLD.reversed_on IS NOT NULL AND (NEW.reversed_on, NEW.reversal_entry_id, NEW.payment_reversal_entry_id,
           NEW.paid_on) IS DISTINCT FROM (OLD.reversed_on, OLD.reversal_entry_id, OLD.payment_reversal_entry_id,
           OLD.paid_on))
       OR (NEW.vendor_id, NEW.category_id, NEW.expense_account_id, NEW.payable_account_id, NEW.amount, NEW.currency,
           NEW.expense_date, NEW.department, NEW.project, NEW.campaign, NEW.reference, NEW.notes, NEW.recurring_expense_id)
          IS DISTINCT FROM
          (OLD.vendor_id, OLD.category_id, OLD.expense_account_id, OLD.payable_account_id, OLD.amount, OLD.currency,
           OLD.expense_date, OLD.department, OLD.project, OLD.campaign, OLD.reference, OLD.notes, OLD.recurring_expense_id)
    THEN
        RAISE EXCEPTION '% of expense % refused: an expense is only paid or reversed, once', TG_OP, OLD.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'expenses_final', TABLE = 'expenses';
    END IF;
    RETURN NEW;
END $$;

-- The expense line of an expense's entries (and of their reversals) gets its campaign too.
CREATE OR REPLACE FUNCTION expenses_line_dimensions() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    SELECT x.department, x.project, x.campaign INTO NEW.department, NEW.project, NEW.campaign
    FROM expenses x WHERE x.id = NEW.document_id AND x.expense_account_id = NEW.account_id;
    RETURN NEW;
END $$;

DROP TRIGGER journal_lines_expense_dimensions ON journal_lines;
CREATE TRIGGER journal_lines_expense_dimensions BEFORE INSERT ON journal_lines
    FOR EACH ROW
    WHEN (NEW.document_type = 'expense' AND NEW.department IS NULL AND NEW.project IS NULL AND NEW.campaign IS NULL)
    EXECUTE FUNCTION expenses_line_dimensions();
