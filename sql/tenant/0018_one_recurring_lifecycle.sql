-- One lifecycle for every recurring template (docs/design.md, "Recurring templates"): active -> paused -> active,
-- active | paused -> ended (final, `ended_at`), and ended too once the EOD finds the schedule over
-- (next_posting_date = 'infinity'). Recurring sales orders get a table of their own, like the other three.

-- "Stopped" becomes "ended", the same word for every kind.
ALTER TABLE recurring_expenses RENAME COLUMN stopped_at TO ended_at;
ALTER TABLE recurring_expenses RENAME CONSTRAINT recurring_expenses_stopped TO recurring_expenses_ended;
ALTER TABLE recurring_tasks RENAME COLUMN stopped_at TO ended_at;
ALTER TABLE recurring_tasks RENAME CONSTRAINT recurring_tasks_stopped TO recurring_tasks_ended;
ALTER TABLE recurring_invoice_setups
    ADD COLUMN ended_at timestamptz,
    ADD CONSTRAINT recurring_invoice_setups_ended CHECK (ended_at IS NULL OR NOT is_active);

-- A schedule replaced after postings numbers its occurrences from 0 again, after the last posting date: an
-- occurrence is identified by its template and posting date (the primary keys and invoices_recurring_occurrence
-- keep those single), and the cursor's index may be unset while its date stays.
ALTER TABLE recurring_expense_occurrences DROP CONSTRAINT recurring_expense_occurrences_index;
ALTER TABLE recurring_task_occurrences DROP CONSTRAINT recurring_task_occurrences_index;
ALTER TABLE recurring_sales_order_occurrences DROP CONSTRAINT recurring_sales_order_occurrences_index;
DROP INDEX invoices_recurring_occurrence_index;
ALTER TABLE recurring_expenses DROP CONSTRAINT recurring_expenses_cursor,
    ADD CONSTRAINT recurring_expenses_cursor CHECK (last_posted_index IS NULL OR last_posted_date IS NOT NULL);
ALTER TABLE recurring_tasks DROP CONSTRAINT recurring_tasks_cursor,
    ADD CONSTRAINT recurring_tasks_cursor CHECK (last_posted_index IS NULL OR last_posted_date IS NOT NULL);
ALTER TABLE recurring_invoice_setups DROP CONSTRAINT recurring_invoice_setups_cursor,
    ADD CONSTRAINT recurring_invoice_setups_cursor CHECK (last_posted_index IS NULL OR last_posted_date IS NOT NULL);

-- Recurring sales orders: a template of its own (party, terms, discount, lines, schedule) rather than a sales
-- order with recurring columns. Each occurrence still creates a won order with its invoice.
DROP VIEW recurring_sales_orders;
CREATE TABLE recurring_sales_orders (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    party_id           uuid NOT NULL REFERENCES parties (id),
    currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reference          text CHECK (length(reference) <= 200),
    payment_terms_days integer NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 3650),
    discount_kind      text CHECK (discount_kind IN ('percent', 'amount')),
    discount_value     numeric(18,4) CHECK (discount_value >= 0),
    -- The order it was made from, for templates migrated from a recurring order (same id).
    source_order_id    uuid REFERENCES sales_orders (id),
    schedule           jsonb NOT NULL,
    is_active          boolean NOT NULL DEFAULT true,
    ended_at           timestamptz,
    skip_through       date,
    last_posted_index  integer CHECK (last_posted_index >= 0),
    last_posted_date   date,
    next_posting_date  date,
    schedule_ends_on   date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recurring_sales_orders_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL)),
    CONSTRAINT recurring_sales_orders_cursor CHECK (last_posted_index IS NULL OR last_posted_date IS NOT NULL),
    CONSTRAINT recurring_sales_orders_ended CHECK (ended_at IS NULL OR NOT is_active)
);
CREATE INDEX recurring_sales_orders_due ON recurring_sales_orders (next_posting_date, id) WHERE is_active;
CREATE INDEX recurring_sales_orders_listing ON recurring_sales_orders (created_at, id);
CREATE TRIGGER recurring_sales_orders_reset_due BEFORE UPDATE ON recurring_sales_orders
    FOR EACH ROW EXECUTE FUNCTION recurring_templates_reset_due();

CREATE TABLE recurring_sales_order_lines (
    template_id    uuid NOT NULL REFERENCES recurring_sales_orders (id) ON DELETE CASCADE,
    line_no        integer NOT NULL CHECK (line_no >= 1),
    item_id        uuid NOT NULL REFERENCES items (id),
    description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity       numeric(18,4) NOT NULL CHECK (quantity > 0),
    unit_price     numeric(18,4) NOT NULL CHECK (unit_price >= 0),
    discount_kind  text CHECK (discount_kind IN ('percent', 'amount')),
    discount_value numeric(18,4) CHECK (discount_value >= 0),
    tax_rate       numeric(7,4) CHECK (tax_rate BETWEEN 0 AND 100),
    PRIMARY KEY (template_id, line_no),
    CONSTRAINT recurring_sales_order_lines_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL))
);

-- Existing recurring orders become templates with the same id; a lost or cancelled one has ended.
INSERT INTO recurring_sales_orders (id, party_id, currency, reference, payment_terms_days, discount_kind,
                                    discount_value, source_order_id, schedule, is_active, ended_at, skip_through,
                                    last_posted_index, last_posted_date, next_posting_date, schedule_ends_on,
                                    created_at, updated_at)
SELECT id, party_id, currency, reference, payment_terms_days, discount_kind, discount_value, id, recurring_schedule,
       recurring_is_active AND status IN ('open', 'won'),
       CASE WHEN status IN ('lost', 'cancelled') THEN updated_at END, recurring_skip_through,
       recurring_last_posted_index, recurring_last_posted_date, recurring_next_posting_date,
       recurring_schedule_ends_on, created_at, updated_at
FROM sales_orders WHERE recurring_schedule IS NOT NULL;
INSERT INTO recurring_sales_order_lines (template_id, line_no, item_id, description, quantity, unit_price,
                                         discount_kind, discount_value, tax_rate)
SELECT l.order_id, l.line_no, l.item_id, l.description, l.quantity, l.unit_price, l.discount_kind, l.discount_value,
       l.tax_rate
FROM sales_order_lines l JOIN recurring_sales_orders t ON t.id = l.order_id;

ALTER TABLE recurring_sales_order_occurrences
    DROP CONSTRAINT recurring_sales_order_occurrences_template_id_fkey,
    ADD CONSTRAINT recurring_sales_order_occurrences_template_id_fkey
        FOREIGN KEY (template_id) REFERENCES recurring_sales_orders (id);
-- The recurring sales order an order was posted from.
ALTER TABLE sales_orders RENAME COLUMN recurring_parent_id TO recurring_sales_order_id;
ALTER INDEX sales_orders_recurring_parent RENAME TO sales_orders_recurring_sales_order;
ALTER TABLE sales_orders
    DROP CONSTRAINT sales_orders_recurring_parent_id_fkey,
    ADD CONSTRAINT sales_orders_recurring_sales_order_id_fkey
        FOREIGN KEY (recurring_sales_order_id) REFERENCES recurring_sales_orders (id);

DROP TRIGGER sales_orders_reset_due ON sales_orders;
DROP FUNCTION eod_reset_order_due();
DROP INDEX sales_orders_recurring_due;
ALTER TABLE sales_orders
    DROP COLUMN recurring_schedule,
    DROP COLUMN recurring_is_active,
    DROP COLUMN recurring_last_posted_index,
    DROP COLUMN recurring_last_posted_date,
    DROP COLUMN recurring_next_posting_date,
    DROP COLUMN recurring_skip_through,
    DROP COLUMN recurring_schedule_ends_on;
