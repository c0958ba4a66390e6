-- Expenses, recurring expenses, tasks, recurring tasks, budget dimensions on journal lines
-- (docs/expenses-tasks.md). Runs with search_path set to the tenant's own schema: name no schema here.

-- Cost-centre dimensions of a posting, for budget actuals. Filled on the expense line of expense postings (and of
-- their reversals) by the trigger below; NULL elsewhere until a caller sets them.
ALTER TABLE journal_lines
    ADD COLUMN department text CHECK (length(department) BETWEEN 1 AND 100),
    ADD COLUMN project    text CHECK (length(project) BETWEEN 1 AND 100),
    ADD COLUMN campaign   text CHECK (length(campaign) BETWEEN 1 AND 100);

CREATE INDEX journal_lines_department ON journal_lines (department) WHERE department IS NOT NULL;
CREATE INDEX journal_lines_project ON journal_lines (project) WHERE project IS NOT NULL;

-- An expense category maps to the expense account its expenses are debited to.
CREATE TABLE expense_categories (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name               text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    expense_account_id uuid NOT NULL REFERENCES accounts (id),
    archived_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX expense_categories_listing ON expense_categories (created_at, id);

-- Templates of expenses posted on a schedule by the EOD worker (same cursor columns as invoice setups).
CREATE TABLE recurring_expenses (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id         uuid NOT NULL REFERENCES parties (id),
    category_id       uuid NOT NULL REFERENCES expense_categories (id),
    amount            numeric(18,4) NOT NULL CHECK (amount > 0),
    currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    department        text CHECK (length(department) BETWEEN 1 AND 100),
    project           text CHECK (length(project) BETWEEN 1 AND 100),
    reference         text CHECK (length(reference) <= 200),
    notes             text CHECK (length(notes) <= 2000),
    -- Post each occurrence as already paid (Cr bank: a direct debit) rather than unpaid (Cr the vendor's AP).
    paid              boolean NOT NULL DEFAULT false,
    schedule          jsonb NOT NULL,
    is_active         boolean NOT NULL DEFAULT true,
    -- Stopped for good (paused templates are only inactive).
    stopped_at        timestamptz,
    skip_through      date,
    last_posted_index integer CHECK (last_posted_index >= 0),
    last_posted_date  date,
    next_posting_date date,
    schedule_ends_on  date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recurring_expenses_cursor CHECK ((last_posted_index IS NULL) = (last_posted_date IS NULL)),
    CONSTRAINT recurring_expenses_stopped CHECK (stopped_at IS NULL OR NOT is_active)
);

CREATE INDEX recurring_expenses_listing ON recurring_expenses (created_at, id);
CREATE INDEX recurring_expenses_due ON recurring_expenses (next_posting_date, id) WHERE is_active;

CREATE TABLE expenses (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id                 uuid NOT NULL REFERENCES parties (id),
    category_id               uuid NOT NULL REFERENCES expense_categories (id),
    -- Resolved from the category when recorded; debited.
    expense_account_id        uuid NOT NULL REFERENCES accounts (id),
    -- The vendor's control account (AP), credited while unpaid.
    payable_account_id        uuid NOT NULL REFERENCES accounts (id),
    amount                    numeric(18,4) NOT NULL CHECK (amount > 0),
    currency                  text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    expense_date              date NOT NULL,
    department                text CHECK (length(department) BETWEEN 1 AND 100),
    project                   text CHECK (length(project) BETWEEN 1 AND 100),
    reference                 text CHECK (length(reference) <= 200),
    notes                     text CHECK (length(notes) <= 2000),
    -- The recording entry (set in the recording transaction, right after the row).
    entry_id                  uuid UNIQUE REFERENCES journal_entries (id),
    -- Paid: on this date from this bank account, by the recording entry (paid at once) or a payment entry.
    paid_on                   date,
    bank_account_id           uuid REFERENCES accounts (id),
    payment_entry_id          uuid UNIQUE REFERENCES journal_entries (id),
    reversed_on               date,
    reversal_entry_id         uuid UNIQUE REFERENCES journal_entries (id),
    payment_reversal_entry_id uuid UNIQUE REFERENCES journal_entries (id),
    recurring_expense_id      uuid REFERENCES recurring_expenses (id),
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT expenses_paid CHECK ((paid_on IS NULL) = (bank_account_id IS NULL)),
    CONSTRAINT expenses_payment_entry CHECK (payment_entry_id IS NULL OR paid_on IS NOT NULL),
    CONSTRAINT expenses_reversal CHECK ((reversed_on IS NULL) = (reversal_entry_id IS NULL)),
    CONSTRAINT expenses_payment_reversal CHECK (payment_reversal_entry_id IS NULL OR payment_entry_id IS NOT NULL)
);

CREATE INDEX expenses_listing ON expenses (created_at, id);
CREATE INDEX expenses_vendor ON expenses (vendor_id, created_at, id);
CREATE INDEX expenses_date ON expenses (expense_date);

-- An expense's recorded facts never change; only its entry is attached once, then payment and reversal, once each.
CREATE FUNCTION expenses_guard() RETURNS trigger
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
           NEW.expense_date, NEW.department, NEW.project, NEW.reference, NEW.notes, NEW.recurring_expense_id)
          IS DISTINCT FROM
          (OLD.vendor_id, OLD.category_id, OLD.expense_account_id, OLD.payable_account_id, OLD.amount, OLD.currency,
           OLD.expense_date, OLD.department, OLD.project, OLD.reference, OLD.notes, OLD.recurring_expense_id)
    THEN
        RAISE EXCEPTION '% of expense % refused: an expense is only paid or reversed, once', TG_OP, OLD.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'expenses_final', TABLE = 'expenses';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER expenses_final BEFORE UPDATE OR DELETE ON expenses
    FOR EACH ROW EXECUTE FUNCTION expenses_guard();

-- The expense line of an expense posting (or of its reversal) carries the expense's dimensions.
CREATE FUNCTION expenses_line_dimensions() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.document_type = 'expense' AND NEW.department IS NULL AND NEW.project IS NULL THEN
        SELECT x.department, x.project INTO NEW.department, NEW.project
        FROM expenses x WHERE x.id = NEW.document_id AND x.expense_account_id = NEW.account_id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER journal_lines_expense_dimensions BEFORE INSERT ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION expenses_line_dimensions();

-- Each occurrence of a recurring expense is posted at most once, ever.
CREATE TABLE recurring_expense_occurrences (
    template_id      uuid NOT NULL REFERENCES recurring_expenses (id),
    occurrence_date  date NOT NULL,
    occurrence_index integer NOT NULL CHECK (occurrence_index >= 0),
    expense_id       uuid NOT NULL UNIQUE REFERENCES expenses (id),
    posted_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, occurrence_date),
    CONSTRAINT recurring_expense_occurrences_index UNIQUE (template_id, occurrence_index)
);

-- Tasks: extend the sales-order follow-ups of 0003 into full tasks.
CREATE TABLE recurring_tasks (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description       text CHECK (length(description) <= 4000),
    assignee          text CHECK (length(assignee) BETWEEN 1 AND 200),
    party_id          uuid REFERENCES parties (id),
    schedule          jsonb NOT NULL,
    is_active         boolean NOT NULL DEFAULT true,
    stopped_at        timestamptz,
    skip_through      date,
    last_posted_index integer CHECK (last_posted_index >= 0),
    last_posted_date  date,
    next_posting_date date,
    schedule_ends_on  date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recurring_tasks_cursor CHECK ((last_posted_index IS NULL) = (last_posted_date IS NULL)),
    CONSTRAINT recurring_tasks_stopped CHECK (stopped_at IS NULL OR NOT is_active)
);

CREATE INDEX recurring_tasks_listing ON recurring_tasks (created_at, id);
CREATE INDEX recurring_tasks_due ON recurring_tasks (next_posting_date, id) WHERE is_active;

ALTER TABLE tasks DROP CONSTRAINT tasks_status_check;
ALTER TABLE tasks
    ADD CONSTRAINT tasks_status_check CHECK (status IN ('open', 'done', 'cancelled')),
    ADD COLUMN description       text CHECK (length(description) <= 4000),
    -- Free text: a name, an e-mail address (reminders go there) or a tenant user id.
    ADD COLUMN assignee          text CHECK (length(assignee) BETWEEN 1 AND 200),
    ADD COLUMN party_id          uuid REFERENCES parties (id),
    ADD COLUMN invoice_id        uuid REFERENCES invoices (id),
    ADD COLUMN expense_id        uuid REFERENCES expenses (id),
    ADD COLUMN recurring_task_id uuid REFERENCES recurring_tasks (id),
    ADD COLUMN completed_at      timestamptz,
    ADD CONSTRAINT tasks_one_link CHECK (num_nonnulls(party_id, invoice_id, sales_order_id, expense_id) <= 1);

CREATE INDEX tasks_listing ON tasks (created_at, id);
CREATE INDEX tasks_open_due ON tasks (due_date) WHERE status = 'open' AND due_date IS NOT NULL;

-- Each occurrence of a recurring task creates its task at most once, ever.
CREATE TABLE recurring_task_occurrences (
    template_id      uuid NOT NULL REFERENCES recurring_tasks (id),
    occurrence_date  date NOT NULL,
    occurrence_index integer NOT NULL CHECK (occurrence_index >= 0),
    task_id          uuid NOT NULL UNIQUE REFERENCES tasks (id),
    posted_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, occurrence_date),
    CONSTRAINT recurring_task_occurrences_index UNIQUE (template_id, occurrence_index)
);

-- Any change of the schedule, the switch or the skip date makes the worker recompute when a template is next due.
CREATE FUNCTION recurring_templates_reset_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.schedule IS DISTINCT FROM OLD.schedule OR NEW.is_active IS DISTINCT FROM OLD.is_active
       OR NEW.skip_through IS DISTINCT FROM OLD.skip_through THEN
        NEW.next_posting_date := NULL;
        NEW.schedule_ends_on := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER recurring_expenses_reset_due BEFORE UPDATE ON recurring_expenses
    FOR EACH ROW EXECUTE FUNCTION recurring_templates_reset_due();
CREATE TRIGGER recurring_tasks_reset_due BEFORE UPDATE ON recurring_tasks
    FOR EACH ROW EXECUTE FUNCTION recurring_templates_reset_due();

-- Task reminders, days before the due date (0: on the day).
INSERT INTO tenant_settings (key, value) VALUES ('reminders.task_due_days', '[1, 0]'::jsonb)
ON CONFLICT (key) DO NOTHING;
