-- What the EOD worker keeps on each recurring source, and the notifications outbox.
-- Runs with search_path set to the tenant's own schema: name no schema here.

-- When a source is next due. NULL means "not computed yet": the worker computes it from the schedule and the
-- cursor. Any change of the schedule, the switch or the skip date resets it.
ALTER TABLE recurring_invoice_setups
    ADD COLUMN next_posting_date date,
    ADD COLUMN schedule_ends_on date;
CREATE INDEX recurring_invoice_setups_due ON recurring_invoice_setups (next_posting_date, id) WHERE is_active;

ALTER TABLE sales_orders
    ADD COLUMN recurring_next_posting_date date;
CREATE INDEX sales_orders_recurring_due ON sales_orders (recurring_next_posting_date, id)
    WHERE recurring_schedule IS NOT NULL AND recurring_is_active;

CREATE FUNCTION eod_reset_setup_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.schedule IS DISTINCT FROM OLD.schedule OR NEW.is_active IS DISTINCT FROM OLD.is_active
       OR NEW.skip_through IS DISTINCT FROM OLD.skip_through THEN
        NEW.next_posting_date := NULL;
        NEW.schedule_ends_on := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER recurring_invoice_setups_reset_due BEFORE UPDATE ON recurring_invoice_setups
    FOR EACH ROW EXECUTE FUNCTION eod_reset_setup_due();

CREATE FUNCTION eod_reset_order_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.recurring_schedule IS DISTINCT FROM OLD.recurring_schedule
       OR NEW.recurring_is_active IS DISTINCT FROM OLD.recurring_is_active THEN
        NEW.recurring_next_posting_date := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER sales_orders_reset_due BEFORE UPDATE ON sales_orders
    FOR EACH ROW EXECUTE FUNCTION eod_reset_order_due();

-- Notifications are written in the transaction of the event that causes them, exactly once each
-- (dedupe_key is unique); delivery reads unsent rows and marks them sent. The id is what receivers
-- deduplicate on.
CREATE TABLE notification_outbox (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind        text NOT NULL CHECK (kind IN
                    ('invoice_issued', 'subscription_ending', 'invoice_overdue', 'budget_threshold', 'task_due')),
    dedupe_key  text NOT NULL UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 300),
    -- The e-mail address; NULL when the party has none (delivery records it as undeliverable).
    recipient   text,
    subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body        text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer NOT NULL DEFAULT 0 CHECK (attempts >= 0)
);
CREATE INDEX notification_outbox_unsent ON notification_outbox (created_at) WHERE sent_at IS NULL;

-- Reminder offsets, per tenant (days): before a subscription's last invoice, and after an invoice's due date.
INSERT INTO tenant_settings (key, value) VALUES
    ('reminders.subscription_ending_days', '[30, 7, 1]'::jsonb),
    ('reminders.overdue_days', '[1, 7, 14]'::jsonb)
ON CONFLICT (key) DO NOTHING;
