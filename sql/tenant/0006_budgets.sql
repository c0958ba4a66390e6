-- Budgets: plans per account and month for a fiscal year and a scope, allocations, alert thresholds
-- (docs/budgets.md). Runs with search_path set to the tenant's own schema: name no schema here.

-- Actuals of a campaign budget come from journal lines tagged with the campaign.
CREATE INDEX journal_lines_campaign ON journal_lines (campaign) WHERE campaign IS NOT NULL;

CREATE TABLE budgets (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- The calendar year the fiscal year starts in; the period is fixed when the budget is created.
    fiscal_year    integer NOT NULL CHECK (fiscal_year BETWEEN 1900 AND 9998),
    period_start   date NOT NULL,
    -- Inclusive: the last day of the twelfth month.
    period_end     date NOT NULL,
    scope          text NOT NULL CHECK (scope IN ('company', 'department', 'project', 'campaign')),
    scope_value    text CHECK (length(scope_value) BETWEEN 1 AND 100),
    currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- What happens when an expense would take actual over budget: for the year, and accumulated to its month.
    annual_action  text NOT NULL DEFAULT 'warn' CHECK (annual_action IN ('ignore', 'warn', 'stop')),
    monthly_action text NOT NULL DEFAULT 'ignore' CHECK (monthly_action IN ('ignore', 'warn', 'stop')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT budgets_scope_value CHECK ((scope = 'company') = (scope_value IS NULL)),
    CONSTRAINT budgets_period CHECK (period_end = (period_start + interval '12 months' - interval '1 day')::date)
);

CREATE INDEX budgets_listing ON budgets (created_at, id);
CREATE INDEX budgets_period ON budgets (period_start, period_end);

-- One line per account; months 1…12 of the fiscal year in budget_months sum to amount.
CREATE TABLE budget_lines (
    budget_id  uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    line_no    integer NOT NULL CHECK (line_no >= 1),
    account_id uuid NOT NULL REFERENCES accounts (id),
    amount     numeric(18,4) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (budget_id, line_no),
    CONSTRAINT budget_lines_account UNIQUE (budget_id, account_id)
);

CREATE INDEX budget_lines_by_account ON budget_lines (account_id);

CREATE TABLE budget_months (
    budget_id uuid NOT NULL,
    line_no   integer NOT NULL,
    month     integer NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount    numeric(18,4) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (budget_id, line_no, month),
    FOREIGN KEY (budget_id, line_no) REFERENCES budget_lines (budget_id, line_no) ON DELETE CASCADE
);

-- A line's amount split over sub-categories or cost centres; they sum to the line's amount.
CREATE TABLE budget_allocations (
    budget_id uuid NOT NULL,
    line_no   integer NOT NULL,
    position  integer NOT NULL CHECK (position >= 1),
    name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    amount    numeric(18,4) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (budget_id, line_no, position),
    FOREIGN KEY (budget_id, line_no) REFERENCES budget_lines (budget_id, line_no) ON DELETE CASCADE
);

-- Utilisation percentages that write one budget_threshold notification per line and fiscal year when reached.
CREATE TABLE budget_thresholds (
    budget_id uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    percent   numeric(7,2) NOT NULL CHECK (percent > 0 AND percent <= 1000),
    PRIMARY KEY (budget_id, percent)
);
