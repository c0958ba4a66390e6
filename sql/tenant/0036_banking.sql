-- Issue 27: banking. Bank accounts tied to asset accounts of the ledger, the statements imported into them and
-- their lines, each line reconciled at most once to a customer payment, a paid expense or a journal entry
-- (docs/banking.md).
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE TABLE bank_accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- One bank account per ledger account: the register compares their balances.
    ledger_account_id uuid NOT NULL UNIQUE REFERENCES accounts (id),
    iban text UNIQUE CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    bic text CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
    account_number text CHECK (length(account_number) BETWEEN 1 AND 34),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- The saved CSV mapping (docs/banking.md), as the API wrote it.
    csv_mapping jsonb CHECK (csv_mapping IS NULL OR jsonb_typeof(csv_mapping) = 'object'),
    archived_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bank_accounts_identified CHECK (iban IS NOT NULL OR account_number IS NOT NULL)
);

-- One imported file: what it held and what it added.
CREATE TABLE bank_statement_imports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    bank_account_id uuid NOT NULL REFERENCES bank_accounts (id),
    format text NOT NULL CHECK (format IN ('camt053', 'ofx', 'csv')),
    statements integer NOT NULL CHECK (statements >= 0),
    lines_added integer NOT NULL CHECK (lines_added >= 0),
    lines_skipped integer NOT NULL CHECK (lines_skipped >= 0),
    closing_balance numeric(18,4),
    closing_date date,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX bank_statement_imports_account ON bank_statement_imports (bank_account_id, created_at);

CREATE TABLE bank_lines (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    bank_account_id uuid NOT NULL REFERENCES bank_accounts (id),
    import_id uuid NOT NULL REFERENCES bank_statement_imports (id),
    -- The bank's reference (ref:…) or a stable hash of date, amount, text and ordinal (hash:…): a re-import of
    -- the same movement is skipped by this key.
    bank_identity text NOT NULL CHECK (length(bank_identity) BETWEEN 1 AND 300),
    booking_date date NOT NULL,
    value_date date,
    amount numeric(18,4) NOT NULL CHECK (amount <> 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    description text NOT NULL CHECK (length(description) <= 1000),
    reference text CHECK (length(reference) <= 200),
    counterparty_name text CHECK (length(counterparty_name) <= 200),
    counterparty_iban text CHECK (counterparty_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    is_reversal boolean NOT NULL DEFAULT false,
    payment_id uuid REFERENCES payments (id),
    entry_id uuid REFERENCES journal_entries (id),
    -- An unpaid expense (vendor bill) this money out paid.
    expense_id uuid REFERENCES expenses (id),
    reconciled_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bank_lines_identity UNIQUE (bank_account_id, bank_identity),
    CONSTRAINT bank_lines_one_match CHECK (num_nonnulls(payment_id, entry_id, expense_id) <= 1),
    CONSTRAINT bank_lines_reconciled CHECK ((reconciled_at IS NULL) = (num_nonnulls(payment_id, entry_id, expense_id) = 0))
);

CREATE INDEX bank_lines_account ON bank_lines (bank_account_id, booking_date DESC, id DESC);
CREATE INDEX bank_lines_unreconciled ON bank_lines (bank_account_id, booking_date DESC, id DESC) WHERE reconciled_at IS NULL;
CREATE INDEX bank_lines_counterparty_iban ON bank_lines (counterparty_iban) WHERE payment_id IS NOT NULL;

-- "Description contains X → account Y": applied by auto-reconcile to lines no invoice matches (fees, interest).
CREATE TABLE bank_rules (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- NULL: every bank account.
    bank_account_id uuid REFERENCES bank_accounts (id),
    description_contains text NOT NULL CHECK (length(description_contains) BETWEEN 1 AND 100),
    account_id uuid NOT NULL REFERENCES accounts (id),
    memo text CHECK (length(memo) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
