-- Issue 24, finding 4: tax codes (docs/invoicing.md, "Tax codes").
--
-- A tax code is a rate, an EN 16931 category and the accounts its tax goes to: sales tax is credited to its
-- payable account, input tax on expenses debited to its receivable account. A line that names a code copies the
-- code's rate (so the document never changes) and keeps the code for its category, exemption reason and accounts.
-- Codes are never deleted (archived instead), and a used code never changes its rate, category or accounts.

CREATE TABLE tax_codes (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code                  text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$'),
    name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    rate                  numeric(7,4) NOT NULL CHECK (rate >= 0 AND rate <= 100),
    category              text NOT NULL
        CHECK (category IN ('standard', 'reduced', 'zero', 'exempt', 'reverseCharge', 'outOfScope')),
    exemption_reason      text CHECK (length(exemption_reason) BETWEEN 1 AND 500),
    payable_account_id    uuid NOT NULL REFERENCES accounts (id),
    receivable_account_id uuid NOT NULL REFERENCES accounts (id),
    archived_at           timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- Standard and reduced rates are positive; every other category is 0 % (EN 16931 BR-Z-05, BR-E-05, BR-AE-05).
    CONSTRAINT tax_codes_rate_category CHECK ((category IN ('standard', 'reduced')) = (rate > 0)),
    -- E, AE and O need an exemption reason on e-invoices (BT-120: BR-E-10, BR-AE-10, BR-O-10).
    CONSTRAINT tax_codes_exemption_reason
        CHECK (category IN ('standard', 'reduced', 'zero') OR exemption_reason IS NOT NULL)
);

-- Codes compare case-insensitively: `fr-20` and `FR-20` are one code.
CREATE UNIQUE INDEX tax_codes_code_key ON tax_codes (lower(code));
CREATE INDEX tax_codes_listing ON tax_codes (created_at, id);

CREATE FUNCTION invoicing_guard_tax_codes() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    RAISE EXCEPTION 'tax codes are archived, never deleted'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'tax_codes_not_deleted', TABLE = 'tax_codes';
END $$;

CREATE TRIGGER tax_codes_not_deleted BEFORE DELETE ON tax_codes
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_tax_codes();

-- Invoice lines (the EOD's hot path): the code is checked once per statement, like the other references of
-- 0009/0016, rather than by a row-by-row foreign key; a code is never deleted, so no parent-side check is needed.
ALTER TABLE invoice_lines ADD COLUMN tax_code_id uuid;

CREATE FUNCTION invoicing_check_line_tax_codes() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_lines n
               WHERE n.tax_code_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tax_codes c WHERE c.id = n.tax_code_id)) THEN
        RAISE EXCEPTION 'an invoice line names a tax code that does not exist'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'invoice_lines_tax_code_id_fkey',
                  TABLE = 'invoice_lines';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER invoice_lines_tax_codes AFTER INSERT ON invoice_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION invoicing_check_line_tax_codes();

-- Tax-inclusive prices: unit prices include the tax and the net is derived (docs/invoicing.md, "Tax codes").
ALTER TABLE invoices ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false;
ALTER TABLE recurring_invoice_setups
    ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false,
    -- The tax code of a "by amount" setup (instead of its `tax_rate`).
    ADD COLUMN tax_code_id uuid REFERENCES tax_codes (id),
    ADD CONSTRAINT recurring_invoice_setups_tax_code_mode CHECK (mode = 'amount' OR tax_code_id IS NULL),
    ADD CONSTRAINT recurring_invoice_setups_tax_code_or_rate CHECK (tax_code_id IS NULL OR tax_rate IS NOT NULL);
ALTER TABLE recurring_invoice_setup_lines ADD COLUMN tax_code_id uuid REFERENCES tax_codes (id),
    ADD CONSTRAINT recurring_invoice_setup_lines_tax_code_rate CHECK (tax_code_id IS NULL OR tax_rate IS NOT NULL);
ALTER TABLE sales_order_lines ADD COLUMN tax_code_id uuid REFERENCES tax_codes (id),
    ADD CONSTRAINT sales_order_lines_tax_code_rate CHECK (tax_code_id IS NULL OR tax_rate IS NOT NULL);
ALTER TABLE recurring_sales_order_lines ADD COLUMN tax_code_id uuid REFERENCES tax_codes (id),
    ADD CONSTRAINT recurring_sales_order_lines_tax_code_rate CHECK (tax_code_id IS NULL OR tax_rate IS NOT NULL);
ALTER TABLE invoice_lines
    ADD CONSTRAINT invoice_lines_tax_code_rate CHECK (tax_code_id IS NULL OR tax_rate IS NOT NULL);

-- Expenses: the amount stays what was paid (tax included); `tax_amount` of it is input tax, debited to the code's
-- receivable account, the rest to the expense account.
ALTER TABLE expenses
    ADD COLUMN tax_code_id uuid REFERENCES tax_codes (id),
    ADD COLUMN tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    ADD CONSTRAINT expenses_tax CHECK (tax_amount < amount AND (tax_code_id IS NOT NULL OR tax_amount = 0));
ALTER TABLE recurring_expenses ADD COLUMN tax_code_id uuid REFERENCES tax_codes (id);

CREATE INDEX invoice_lines_tax_code ON invoice_lines (tax_code_id) WHERE tax_code_id IS NOT NULL;
