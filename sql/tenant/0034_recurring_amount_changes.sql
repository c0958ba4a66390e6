-- Issue 25: recurring revenue (MRR) and recurring commitments need the history of each setup's monthly amount
-- (docs/reports.md, "Recurring revenue and commitments"). Append-only: one row per create, replace, pause, resume,
-- end or delete of a recurring invoice setup or recurring expense, written by RecurringTemplateStore in the same
-- transaction as the change. The monthly amount is the per-occurrence amount net of tax after discounts,
-- normalised to a month in Swift (MonthlyAmount), so SQL never holds a second copy of those rules.
CREATE TABLE recurring_amount_changes (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    template_kind  text NOT NULL CHECK (template_kind IN ('invoice', 'expense')),
    template_id    uuid NOT NULL,
    reason         text NOT NULL
        CHECK (reason IN ('baseline', 'created', 'updated', 'paused', 'resumed', 'ended', 'deleted')),
    -- The state from this change on: only `active` contributes its monthly amount.
    state          text NOT NULL CHECK (state IN ('active', 'paused', 'ended')),
    -- The first day the change applies; NULL: the day of `changed_at` in the tenant's time zone.
    effective_on   date,
    changed_at     timestamptz NOT NULL DEFAULT now(),
    -- NULL only on rows backfilled below: the template as it stands until its first change (filled then).
    period_amount  numeric(18,4),
    monthly_amount numeric(18,4) CHECK (monthly_amount >= 0),
    currency       text CHECK (currency ~ '^[A-Z]{3}$'),
    -- The last day a bounded schedule covers; NULL: until ended.
    ends_on        date,
    CONSTRAINT recurring_amount_changes_amounts
        CHECK ((period_amount IS NULL) = (monthly_amount IS NULL) AND (monthly_amount IS NULL) = (currency IS NULL))
);

CREATE INDEX recurring_amount_changes_by_template ON recurring_amount_changes (template_kind, template_id, seq);

-- Append-only: never deleted; updated only to fill a backfilled row's amounts once.
CREATE FUNCTION recurring_amount_changes_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.monthly_amount IS NULL
       AND (NEW.seq, NEW.template_kind, NEW.template_id, NEW.reason, NEW.state, NEW.effective_on, NEW.changed_at)
           IS NOT DISTINCT FROM
           (OLD.seq, OLD.template_kind, OLD.template_id, OLD.reason, OLD.state, OLD.effective_on, OLD.changed_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'recurring amount changes are append-only'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'recurring_amount_changes_append_only',
              TABLE = 'recurring_amount_changes';
END $$;

CREATE TRIGGER recurring_amount_changes_append_only BEFORE UPDATE OR DELETE ON recurring_amount_changes
    FOR EACH ROW EXECUTE FUNCTION recurring_amount_changes_guard();

-- Backfill: each existing setup active from its schedule's start, then paused or ended when it last changed.
INSERT INTO recurring_amount_changes (template_kind, template_id, reason, state, effective_on, changed_at)
SELECT kind, id, 'baseline', 'active', (schedule ->> 'start')::date, created_at
FROM (SELECT 'invoice' AS kind, id, schedule, created_at FROM recurring_invoice_setups
      UNION ALL
      SELECT 'expense', id, schedule, created_at FROM recurring_expenses) AS setups;

INSERT INTO recurring_amount_changes (template_kind, template_id, reason, state, changed_at)
SELECT kind, id, CASE WHEN ended_at IS NOT NULL THEN 'ended' ELSE 'paused' END,
       CASE WHEN ended_at IS NOT NULL THEN 'ended' ELSE 'paused' END, coalesce(ended_at, updated_at)
FROM (SELECT 'invoice' AS kind, id, is_active, ended_at, updated_at FROM recurring_invoice_setups
      UNION ALL
      SELECT 'expense', id, is_active, ended_at, updated_at FROM recurring_expenses) AS setups
WHERE NOT is_active;
