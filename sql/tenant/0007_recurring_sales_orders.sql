-- Recurring sales orders as an EOD source (docs/eod.md). A confirmed or open order with a recurring schedule
-- and the recurring switch on is a template: each occurrence creates, once, a new order copying its party,
-- lines, discount and currency, dated the occurrence's posting date and confirmed (its invoice issued) in the
-- same transaction.

ALTER TABLE sales_orders
    -- Occurrences posted on or before this date are skipped (resumed without catching up).
    ADD COLUMN recurring_skip_through     date,
    -- The due date of the schedule's last occurrence, if bounded (kept by the worker).
    ADD COLUMN recurring_schedule_ends_on date,
    -- The recurring order this order was posted from, if any.
    ADD COLUMN recurring_parent_id        uuid REFERENCES sales_orders (id);

CREATE INDEX sales_orders_recurring_parent ON sales_orders (recurring_parent_id) WHERE recurring_parent_id IS NOT NULL;

-- Any change of the schedule, the switch or the skip date makes the worker recompute when an order is next due.
CREATE OR REPLACE FUNCTION eod_reset_order_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.recurring_schedule IS DISTINCT FROM OLD.recurring_schedule
       OR NEW.recurring_is_active IS DISTINCT FROM OLD.recurring_is_active
       OR NEW.recurring_skip_through IS DISTINCT FROM OLD.recurring_skip_through THEN
        NEW.recurring_next_posting_date := NULL;
        NEW.recurring_schedule_ends_on := NULL;
    END IF;
    RETURN NEW;
END $$;

-- The EOD's view of recurring sales orders under the standard recurring-source column names
-- (RecurringSourceTable): selected FOR UPDATE it locks the orders' rows; next_posting_date and schedule_ends_on
-- are updatable through it. Only open or won orders post.
CREATE VIEW recurring_sales_orders AS
SELECT id,
       recurring_schedule                                    AS schedule,
       (recurring_is_active AND status IN ('open', 'won'))   AS is_active,
       recurring_skip_through                                AS skip_through,
       recurring_last_posted_index                           AS last_posted_index,
       recurring_next_posting_date                           AS next_posting_date,
       recurring_schedule_ends_on                            AS schedule_ends_on
FROM sales_orders
WHERE recurring_schedule IS NOT NULL;

-- Each occurrence of a recurring sales order creates its order at most once, ever.
CREATE TABLE recurring_sales_order_occurrences (
    template_id      uuid NOT NULL REFERENCES sales_orders (id),
    occurrence_date  date NOT NULL,
    occurrence_index integer NOT NULL CHECK (occurrence_index >= 0),
    order_id         uuid NOT NULL UNIQUE REFERENCES sales_orders (id),
    posted_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, occurrence_date),
    CONSTRAINT recurring_sales_order_occurrences_index UNIQUE (template_id, occurrence_index)
);
