-- Ledger: the chart of accounts and the journal (docs/invoicing.md).
-- Runs with search_path set to the tenant's own schema: name no schema here. Functions capture that
-- search_path (SET search_path FROM CURRENT), so a trigger always reads its own tenant's tables.
--
-- Invariants enforced here, not only in Swift:
--   * every journal entry balances (Σ debit = Σ credit, at least two lines), checked at COMMIT by deferred
--     constraint triggers, so a transaction that leaves an unbalanced entry cannot commit;
--   * every line is exactly one of debit or credit, with a positive amount;
--   * postings are never updated or deleted (corrections are reversing entries);
--   * the system accounts (receivable, payable, bank, sales income, general expense, tax payable) exist,
--     keep their type and cannot be archived or deleted.

CREATE TABLE accounts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type        text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
    -- The posting rules find the system accounts by role, never by code (codes are the tenant's to change).
    role        text UNIQUE CHECK (role IN ('accountsReceivable', 'accountsPayable', 'bank', 'salesIncome',
                                            'generalExpense', 'taxPayable')),
    archived_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_role_type CHECK (role IS NULL OR type = CASE role
        WHEN 'accountsReceivable' THEN 'asset' WHEN 'bank' THEN 'asset'
        WHEN 'accountsPayable' THEN 'liability' WHEN 'taxPayable' THEN 'liability'
        WHEN 'salesIncome' THEN 'income' WHEN 'generalExpense' THEN 'expense' END),
    CONSTRAINT accounts_role_not_archived CHECK (role IS NULL OR archived_at IS NULL)
);

INSERT INTO accounts (code, name, type, role) VALUES
    ('1000', 'Bank', 'asset', 'bank'),
    ('1200', 'Accounts receivable', 'asset', 'accountsReceivable'),
    ('2000', 'Accounts payable', 'liability', 'accountsPayable'),
    ('2200', 'Tax payable', 'liability', 'taxPayable'),
    ('4000', 'Sales income', 'income', 'salesIncome'),
    ('6000', 'General expense', 'expense', 'generalExpense');

CREATE TABLE journal_entries (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Posting order, for listing; not gapless and not a document number.
    entry_number      bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    entry_date        date NOT NULL,
    currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    memo              text CHECK (length(memo) <= 500),
    -- What caused the entry: manual, invoice, invoiceVoid, payment, paymentReversal, reversal, …
    source_type       text NOT NULL CHECK (source_type ~ '^[a-z][A-Za-z]{0,39}$'),
    source_id         uuid,
    -- A reversing entry names the entry it reverses; an entry is reversed at most once.
    reverses_entry_id uuid UNIQUE REFERENCES journal_entries (id),
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX journal_entries_source ON journal_entries (source_type, source_id);
CREATE INDEX journal_entries_date ON journal_entries (entry_date);

CREATE TABLE journal_lines (
    entry_id      uuid NOT NULL REFERENCES journal_entries (id),
    line_no       integer NOT NULL CHECK (line_no >= 1),
    account_id    uuid NOT NULL REFERENCES accounts (id),
    debit         numeric(18,4) NOT NULL DEFAULT 0 CHECK (debit >= 0),
    credit        numeric(18,4) NOT NULL DEFAULT 0 CHECK (credit >= 0),
    party_id      uuid,  -- references parties (0003_invoicing.sql adds the foreign key)
    memo          text CHECK (length(memo) <= 500),
    -- The document this line concerns, when it is not the entry's own source (a payment line settling an invoice).
    document_type text CHECK (document_type ~ '^[a-z][A-Za-z]{0,39}$'),
    document_id   uuid,
    PRIMARY KEY (entry_id, line_no),
    CONSTRAINT journal_lines_one_side CHECK ((debit > 0) <> (credit > 0)),
    CONSTRAINT journal_lines_document CHECK ((document_type IS NULL) = (document_id IS NULL))
);

CREATE INDEX journal_lines_account ON journal_lines (account_id);
CREATE INDEX journal_lines_party ON journal_lines (party_id) WHERE party_id IS NOT NULL;
CREATE INDEX journal_lines_document ON journal_lines (document_id) WHERE document_id IS NOT NULL;

-- Σ debit = Σ credit per entry, with at least two lines, checked when the transaction commits.
CREATE FUNCTION ledger_check_entry_balanced() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    entry uuid;
    debits numeric;
    credits numeric;
    lines integer;
BEGIN
    IF TG_TABLE_NAME = 'journal_entries' THEN
        entry := NEW.id;
    ELSE
        entry := NEW.entry_id;
    END IF;
    SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*)
      INTO debits, credits, lines
      FROM journal_lines WHERE entry_id = entry;
    IF lines < 2 OR debits <> credits THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, debits %, credits %', entry, lines, debits, credits
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced', TABLE = 'journal_entries';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();
CREATE CONSTRAINT TRIGGER journal_entry_has_lines AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();

-- Postings are append-only.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    RAISE EXCEPTION '% on % refused: postings are never changed; post a reversing entry', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'journal_append_only', TABLE = TG_TABLE_NAME;
END $$;

CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- New postings go to active accounts only; a reversing entry may still reach an account archived since.
CREATE FUNCTION ledger_check_account_active() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM accounts a WHERE a.id = NEW.account_id AND a.archived_at IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = NEW.entry_id AND e.reverses_entry_id IS NOT NULL)
    THEN
        RAISE EXCEPTION 'account % is archived', NEW.account_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_account_active', TABLE = 'journal_lines';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER journal_lines_account_active BEFORE INSERT ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION ledger_check_account_active();

-- System accounts keep their role and type and are never deleted; a used account keeps its type.
CREATE FUNCTION ledger_protect_accounts() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.role IS NOT NULL THEN
            RAISE EXCEPTION 'system account % cannot be deleted', OLD.code
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'accounts_system', TABLE = 'accounts';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.role IS DISTINCT FROM OLD.role THEN
        RAISE EXCEPTION 'the role of account % cannot change', OLD.code
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'accounts_system', TABLE = 'accounts';
    END IF;
    IF NEW.type <> OLD.type AND EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id) THEN
        RAISE EXCEPTION 'account % has postings: its type cannot change', OLD.code
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'accounts_type_used', TABLE = 'accounts';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER accounts_protect BEFORE UPDATE OR DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_protect_accounts();
