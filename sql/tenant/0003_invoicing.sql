-- Invoicing: parties, items, invoice numbering, invoices, payments, recurring invoice setups, sales orders,
-- tasks, idempotency keys (docs/invoicing.md). Runs with search_path set to the tenant's own schema.
--
-- Ids are uuid (gen_random_uuid()): opaque, unguessable across tenants. Amounts are numeric(18,4), rates
-- numeric(7,4) percent, calendar dates `date`, instants `timestamptz`. Money columns hold values already rounded
-- to the document currency's minor units by the domain code.

CREATE TABLE parties (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind               text NOT NULL CHECK (kind IN ('customer', 'vendor')),
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email              text CHECK (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    -- AR for customers, AP for vendors, unless overridden.
    control_account_id uuid NOT NULL REFERENCES accounts (id),
    payment_terms_days integer NOT NULL DEFAULT 0 CHECK (payment_terms_days BETWEEN 0 AND 3650),
    currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    archived_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX parties_listing ON parties (created_at, id);

ALTER TABLE journal_lines ADD CONSTRAINT journal_lines_party_fkey FOREIGN KEY (party_id) REFERENCES parties (id);

CREATE TABLE items (
    id                           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code                         text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    name                         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind                         text NOT NULL CHECK (kind IN ('product', 'service')),
    unit_price                   numeric(18,4) NOT NULL CHECK (unit_price >= 0),
    currency                     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- The "mapped account": sales of this item are credited here.
    income_account_id            uuid NOT NULL REFERENCES accounts (id),
    tax_rate                     numeric(7,4) CHECK (tax_rate BETWEEN 0 AND 100),
    -- The optional recurring invoice template (MixERP): a schedule whose start is replaced by the sale date,
    -- and a statement reference with {RIMonth}/{RIYear}… placeholders.
    template_schedule            jsonb,
    template_statement_reference text CHECK (length(template_statement_reference) <= 500),
    template_auto_trigger        boolean NOT NULL DEFAULT false,
    archived_at                  timestamptz,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT items_template_complete
        CHECK ((template_schedule IS NULL) = (template_statement_reference IS NULL)),
    CONSTRAINT items_auto_trigger_needs_template CHECK (NOT template_auto_trigger OR template_schedule IS NOT NULL)
);

CREATE INDEX items_listing ON items (created_at, id);

-- The one invoice-number counter of the tenant. Issuing takes it with UPDATE … RETURNING, which holds the row
-- lock until the issuing transaction ends: numbers are assigned in commit order, and a rollback returns the
-- number with everything else (gapless, unlike a sequence).
CREATE TABLE invoice_numbering (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    prefix     text NOT NULL DEFAULT 'INV-',
    pattern    text NOT NULL DEFAULT '{PREFIX}{YYYY}-{SEQ:6}',
    next_value bigint NOT NULL DEFAULT 1 CHECK (next_value >= 1),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO invoice_numbering DEFAULT VALUES;

CREATE FUNCTION invoicing_guard_numbering() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.next_value NOT IN (OLD.next_value, OLD.next_value + 1) THEN
        RAISE EXCEPTION 'the invoice number counter only moves forward, one number at a time'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoice_numbering_forward', TABLE = 'invoice_numbering';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER invoice_numbering_forward BEFORE UPDATE OR DELETE ON invoice_numbering
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_numbering();

CREATE TABLE sales_orders (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    party_id                    uuid NOT NULL REFERENCES parties (id),
    order_date                  date NOT NULL,
    currency                    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status                      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost', 'cancelled')),
    reference                   text CHECK (length(reference) <= 200),
    payment_terms_days          integer NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 3650),
    discount_kind               text CHECK (discount_kind IN ('percent', 'amount')),
    discount_value              numeric(18,4) CHECK (discount_value >= 0),
    -- A recurring sales order repeats on this schedule; the EOD worker posts each occurrence.
    recurring_schedule          jsonb,
    recurring_is_active         boolean NOT NULL DEFAULT true,
    recurring_last_posted_index integer CHECK (recurring_last_posted_index >= 0),
    recurring_last_posted_date  date,
    confirmed_on                date,
    confirmed_at                timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sales_orders_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL)),
    CONSTRAINT sales_orders_confirmed CHECK ((status = 'won') = (confirmed_on IS NOT NULL AND confirmed_at IS NOT NULL)),
    CONSTRAINT sales_orders_cursor
        CHECK ((recurring_last_posted_index IS NULL) = (recurring_last_posted_date IS NULL)),
    CONSTRAINT sales_orders_cursor_needs_schedule
        CHECK (recurring_schedule IS NOT NULL OR recurring_last_posted_index IS NULL)
);

CREATE INDEX sales_orders_listing ON sales_orders (created_at, id);

CREATE TABLE sales_order_lines (
    order_id       uuid NOT NULL REFERENCES sales_orders (id) ON DELETE CASCADE,
    line_no        integer NOT NULL CHECK (line_no >= 1),
    item_id        uuid NOT NULL REFERENCES items (id),
    description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity       numeric(18,4) NOT NULL CHECK (quantity > 0),
    unit_price     numeric(18,4) NOT NULL CHECK (unit_price >= 0),
    discount_kind  text CHECK (discount_kind IN ('percent', 'amount')),
    discount_value numeric(18,4) CHECK (discount_value >= 0),
    tax_rate       numeric(7,4) CHECK (tax_rate BETWEEN 0 AND 100),
    PRIMARY KEY (order_id, line_no),
    CONSTRAINT sales_order_lines_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL))
);

-- MixERP's recurring invoice "setup" (Initiative's template): what to invoice a party on a schedule.
CREATE TABLE recurring_invoice_setups (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    party_id            uuid NOT NULL REFERENCES parties (id),
    -- The item whose template this setup came from (auto-triggered on a sale, or linked by hand), if any.
    item_id             uuid REFERENCES items (id),
    -- The sale that triggered it, if any.
    sales_order_id      uuid REFERENCES sales_orders (id),
    -- "By products" (lines below) or "by amount" (one amount, description and mapped account).
    mode                text NOT NULL CHECK (mode IN ('products', 'amount')),
    amount              numeric(18,4) CHECK (amount > 0),
    description         text CHECK (length(description) BETWEEN 1 AND 500),
    -- The mapped income account: every credit goes here when set (required by amount).
    income_account_id   uuid REFERENCES accounts (id),
    discount_kind       text CHECK (discount_kind IN ('percent', 'amount')),
    discount_value      numeric(18,4) CHECK (discount_value >= 0),
    payment_terms_days  integer NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 3650),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    statement_reference text NOT NULL CHECK (length(statement_reference) <= 500),
    schedule            jsonb NOT NULL,
    is_active           boolean NOT NULL DEFAULT true,
    -- Occurrences posted on or before this date are skipped (set when resumed without catching up).
    skip_through        date,
    -- The cursor: the last occurrence posted.
    last_posted_index   integer CHECK (last_posted_index >= 0),
    last_posted_date    date,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recurring_invoice_setups_cursor CHECK ((last_posted_index IS NULL) = (last_posted_date IS NULL)),
    CONSTRAINT recurring_invoice_setups_mode CHECK ((mode = 'amount') = (amount IS NOT NULL)),
    CONSTRAINT recurring_invoice_setups_amount_fields
        CHECK (mode <> 'amount' OR (income_account_id IS NOT NULL AND description IS NOT NULL)),
    CONSTRAINT recurring_invoice_setups_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL))
);

CREATE INDEX recurring_invoice_setups_listing ON recurring_invoice_setups (created_at, id);
CREATE INDEX recurring_invoice_setups_active ON recurring_invoice_setups (id) WHERE is_active;

CREATE TABLE recurring_invoice_setup_lines (
    setup_id    uuid NOT NULL REFERENCES recurring_invoice_setups (id) ON DELETE CASCADE,
    line_no     integer NOT NULL CHECK (line_no >= 1),
    item_id     uuid NOT NULL REFERENCES items (id),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity    numeric(18,4) NOT NULL CHECK (quantity > 0),
    unit_price  numeric(18,4) NOT NULL CHECK (unit_price >= 0),
    tax_rate    numeric(7,4) CHECK (tax_rate BETWEEN 0 AND 100),
    PRIMARY KEY (setup_id, line_no)
);

CREATE TABLE invoices (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    party_id            uuid NOT NULL REFERENCES parties (id),
    status              text NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'issued', 'partiallyPaid', 'paid', 'void')),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- Assigned when issued, from invoice_numbering; never reused (a void invoice keeps its number).
    sequence_number     bigint UNIQUE CHECK (sequence_number >= 1),
    number              text UNIQUE,
    -- The invoice date: set when issued (a draft may carry the date it is meant for).
    invoice_date        date,
    due_date            date,
    payment_terms_days  integer NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 3650),
    statement_reference text CHECK (length(statement_reference) <= 500),
    discount_kind       text CHECK (discount_kind IN ('percent', 'amount')),
    discount_value      numeric(18,4) CHECK (discount_value >= 0),
    subtotal            numeric(18,4) NOT NULL CHECK (subtotal >= 0),
    discount_total      numeric(18,4) NOT NULL CHECK (discount_total >= 0),
    tax_total           numeric(18,4) NOT NULL CHECK (tax_total >= 0),
    total               numeric(18,4) NOT NULL CHECK (total >= 0),
    amount_paid         numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    recurring_setup_id  uuid REFERENCES recurring_invoice_setups (id),
    sales_order_id      uuid REFERENCES sales_orders (id),
    issue_entry_id      uuid UNIQUE REFERENCES journal_entries (id),
    void_entry_id       uuid UNIQUE REFERENCES journal_entries (id),
    issued_at           timestamptz,
    voided_at           timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invoices_totals CHECK (total = subtotal - discount_total + tax_total),
    CONSTRAINT invoices_not_overpaid CHECK (amount_paid <= total),
    CONSTRAINT invoices_numbered_when_issued CHECK ((status = 'draft') = (sequence_number IS NULL)),
    CONSTRAINT invoices_issued_fields CHECK (status = 'draft' OR (number IS NOT NULL AND invoice_date IS NOT NULL
        AND due_date IS NOT NULL AND issue_entry_id IS NOT NULL AND issued_at IS NOT NULL)),
    CONSTRAINT invoices_void_fields CHECK ((status = 'void') = (void_entry_id IS NOT NULL AND voided_at IS NOT NULL)),
    CONSTRAINT invoices_status_matches_payments CHECK (CASE status
        WHEN 'partiallyPaid' THEN amount_paid > 0 AND amount_paid < total
        WHEN 'paid' THEN amount_paid = total
        ELSE amount_paid = 0 END),
    CONSTRAINT invoices_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL))
);

CREATE INDEX invoices_listing ON invoices (created_at, id);
CREATE INDEX invoices_party ON invoices (party_id, created_at, id);
CREATE INDEX invoices_open_due ON invoices (due_date) WHERE status IN ('issued', 'partiallyPaid');
CREATE INDEX invoices_sales_order ON invoices (sales_order_id) WHERE sales_order_id IS NOT NULL;

CREATE TABLE invoice_lines (
    invoice_id        uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    line_no           integer NOT NULL CHECK (line_no >= 1),
    item_id           uuid REFERENCES items (id),
    description       text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity          numeric(18,4) NOT NULL CHECK (quantity > 0),
    unit_price        numeric(18,4) NOT NULL CHECK (unit_price >= 0),
    discount_kind     text CHECK (discount_kind IN ('percent', 'amount')),
    discount_value    numeric(18,4) CHECK (discount_value >= 0),
    tax_rate          numeric(7,4) CHECK (tax_rate BETWEEN 0 AND 100),
    income_account_id uuid NOT NULL REFERENCES accounts (id),
    gross_amount      numeric(18,4) NOT NULL CHECK (gross_amount >= 0),
    -- The line's own discount plus its share of the invoice discount.
    discount_amount   numeric(18,4) NOT NULL CHECK (discount_amount >= 0),
    net_amount        numeric(18,4) NOT NULL CHECK (net_amount >= 0),
    tax_amount        numeric(18,4) NOT NULL CHECK (tax_amount >= 0),
    PRIMARY KEY (invoice_id, line_no),
    CONSTRAINT invoice_lines_net CHECK (net_amount = gross_amount - discount_amount),
    CONSTRAINT invoice_lines_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL))
);

-- Only a draft changes freely. An issued invoice changes only its payment state, or becomes void (once).
CREATE FUNCTION invoicing_guard_invoice() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'invoice % is % and cannot be deleted; void it', OLD.number, OLD.status
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoices';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF OLD.status = 'void'
       OR (NEW.status = 'draft')
       OR (NEW.status = 'void' AND OLD.status <> 'issued')
       OR (NEW.party_id, NEW.currency, NEW.sequence_number, NEW.number, NEW.invoice_date, NEW.due_date,
           NEW.payment_terms_days, NEW.statement_reference, NEW.discount_kind, NEW.discount_value, NEW.subtotal,
           NEW.discount_total, NEW.tax_total, NEW.total, NEW.recurring_setup_id, NEW.sales_order_id,
           NEW.issue_entry_id, NEW.issued_at)
          IS DISTINCT FROM
          (OLD.party_id, OLD.currency, OLD.sequence_number, OLD.number, OLD.invoice_date, OLD.due_date,
           OLD.payment_terms_days, OLD.statement_reference, OLD.discount_kind, OLD.discount_value, OLD.subtotal,
           OLD.discount_total, OLD.tax_total, OLD.total, OLD.recurring_setup_id, OLD.sales_order_id,
           OLD.issue_entry_id, OLD.issued_at)
    THEN
        RAISE EXCEPTION 'invoice % is %: only its payment state may change, or an unpaid issued invoice be voided',
            OLD.number, OLD.status
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoices';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_invoice();

CREATE FUNCTION invoicing_guard_invoice_lines() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    invoice uuid;
BEGIN
    IF TG_OP = 'INSERT' THEN
        invoice := NEW.invoice_id;
    ELSE
        invoice := OLD.invoice_id;
    END IF;
    -- A missing parent is a cascading delete of a draft.
    IF EXISTS (SELECT 1 FROM invoices WHERE id = invoice AND status <> 'draft') THEN
        RAISE EXCEPTION 'the lines of issued invoice % cannot change', invoice
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_issued_immutable', TABLE = 'invoice_lines';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER invoice_lines_draft_only BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_invoice_lines();

-- Each occurrence of a setup is posted at most once, ever.
CREATE TABLE recurring_invoice_occurrences (
    setup_id         uuid NOT NULL REFERENCES recurring_invoice_setups (id),
    occurrence_date  date NOT NULL,  -- the posting date
    occurrence_index integer NOT NULL CHECK (occurrence_index >= 0),
    due_date         date NOT NULL,
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    invoice_id       uuid NOT NULL UNIQUE REFERENCES invoices (id),
    posted_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (setup_id, occurrence_date),
    CONSTRAINT recurring_invoice_occurrences_index UNIQUE (setup_id, occurrence_index)
);

CREATE TABLE payments (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    party_id          uuid NOT NULL REFERENCES parties (id),
    payment_date      date NOT NULL,
    amount            numeric(18,4) NOT NULL CHECK (amount > 0),
    currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    method            text NOT NULL CHECK (method IN ('bankTransfer', 'card', 'cash', 'check', 'directDebit', 'other')),
    reference         text CHECK (length(reference) <= 200),
    bank_account_id   uuid NOT NULL REFERENCES accounts (id),
    entry_id          uuid NOT NULL UNIQUE REFERENCES journal_entries (id),
    reversal_entry_id uuid UNIQUE REFERENCES journal_entries (id),
    reversed_on       date,
    reversed_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_reversal CHECK (
        (reversal_entry_id IS NULL) = (reversed_at IS NULL) AND (reversed_at IS NULL) = (reversed_on IS NULL))
);

CREATE INDEX payments_listing ON payments (created_at, id);
CREATE INDEX payments_party ON payments (party_id);

CREATE TABLE payment_allocations (
    payment_id uuid NOT NULL REFERENCES payments (id),
    invoice_id uuid NOT NULL REFERENCES invoices (id),
    amount     numeric(18,4) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (payment_id, invoice_id)
);

CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);

-- A payment is final once recorded; it can only be reversed, once. Its allocations never change.
CREATE FUNCTION invoicing_guard_payment() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- Nested: PL/pgSQL does not short-circuit, and payment_allocations rows have no reversal fields.
    IF TG_TABLE_NAME = 'payments' AND TG_OP = 'UPDATE' THEN
        IF OLD.reversal_entry_id IS NULL
           AND (NEW.party_id, NEW.payment_date, NEW.amount, NEW.currency, NEW.method, NEW.reference,
                NEW.bank_account_id, NEW.entry_id, NEW.created_at)
               IS NOT DISTINCT FROM
               (OLD.party_id, OLD.payment_date, OLD.amount, OLD.currency, OLD.method, OLD.reference,
                OLD.bank_account_id, OLD.entry_id, OLD.created_at)
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% on % refused: a payment is only ever reversed, once', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'payments_final', TABLE = TG_TABLE_NAME;
END $$;

CREATE TRIGGER payments_final BEFORE UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_payment();
CREATE TRIGGER payment_allocations_final BEFORE UPDATE OR DELETE ON payment_allocations
    FOR EACH ROW EXECUTE FUNCTION invoicing_guard_payment();

-- Follow-up work, e.g. after a sales order is won. A later issue extends tasks.
CREATE TABLE tasks (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    due_date       date,
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    sales_order_id uuid REFERENCES sales_orders (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tasks_sales_order ON tasks (sales_order_id) WHERE sales_order_id IS NOT NULL;

-- For the API layer's Idempotency-Key support: a key is claimed (status NULL) in the request's transaction and
-- completed with the response; a replay with another request hash is refused.
CREATE TABLE idempotency_keys (
    key          text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea NOT NULL,
    status       integer CHECK (status BETWEEN 100 AND 599),
    response     bytea,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
