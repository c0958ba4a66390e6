-- Issue 23, part 4: webhooks (docs/delivery.md, "Webhooks").
--
-- A tenant registers endpoints (https only) for some event types. Every notification written to the outbox fans out,
-- in the same transaction, to one delivery per enabled endpoint subscribed to its type: a statement-level trigger
-- with a transition table, so that the EOD's COPY of 100,000 invoices fans out in one statement too. A delivery
-- moves like a notification (pending → sending → sent | retrying → … → failed), with its own attempt log; the
-- event id is the notification's id, the same for every endpoint and every attempt (`Recur-Event-Id`).

-- `webhook_disabled`: the tenant's alert recipients are told when an endpoint failing for 3 days is disabled.
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_kind_check,
    ADD CONSTRAINT notification_outbox_kind_check CHECK (kind IN (
        'invoice_issued', 'subscription_ending', 'invoice_overdue', 'budget_threshold', 'task_due', 'webhook_disabled'));

CREATE TABLE webhook_endpoints (
    id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    url                        text NOT NULL CHECK (length(url) <= 2000 AND url ~ '^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][!-~]*)?$'),
    event_types                text[] NOT NULL CHECK (
        cardinality(event_types) >= 1
        AND event_types <@ ARRAY['invoice.issued', 'invoice.overdue', 'subscription.ending', 'budget.threshold', 'task.due']),
    description                text CHECK (length(description) <= 500),
    enabled                    boolean NOT NULL DEFAULT true,
    -- Kept as it is: signing needs the secret itself (an HMAC key cannot be hashed away).
    secret                     text NOT NULL CHECK (secret ~ '^whsec_[A-Za-z0-9_-]{43}$'),
    -- During a rotation the old secret signs too, until it expires.
    previous_secret            text CHECK (previous_secret ~ '^whsec_[A-Za-z0-9_-]{43}$'),
    previous_secret_expires_at timestamptz,
    -- The first failure of an unbroken run of failures; cleared by a success.
    failing_since              timestamptz,
    disabled_reason            text CHECK (length(disabled_reason) <= 1000),
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_endpoints_rotation_check CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX webhook_endpoints_listing ON webhook_endpoints (created_at DESC, id DESC);

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Deleting an endpoint deletes its deliveries and their log: they are reachable only through it, and the
    -- events themselves stay in the outbox.
    endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id         uuid NOT NULL,
    event_type       text NOT NULL,
    -- {"id", "type", "created_at", "data"}: the body, byte for byte the same on every attempt.
    payload          jsonb NOT NULL,
    status           text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'retrying', 'failed', 'cancelled')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_until    timestamptz,
    last_error       text CHECK (length(last_error) <= 1000),
    last_status_code integer CHECK (last_status_code BETWEEN 0 AND 999),
    last_latency_ms  integer CHECK (last_latency_ms >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    UNIQUE (endpoint_id, event_id),
    CONSTRAINT webhook_deliveries_sent_check CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CONSTRAINT webhook_deliveries_claim_check CHECK ((status = 'sending') = (claimed_until IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_deliveries_claimed ON webhook_deliveries (claimed_until) WHERE status = 'sending';
CREATE INDEX webhook_deliveries_listing ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_attempts (
    delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     integer NOT NULL CHECK (attempt >= 1),
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('sent', 'transient', 'permanent', 'unknown', 'cancelled')),
    status_code integer CHECK (status_code BETWEEN 0 AND 999),
    latency_ms  integer CHECK (latency_ms >= 0),
    detail      text CHECK (length(detail) <= 1000),
    PRIMARY KEY (delivery_id, attempt)
);

-- The one place events fan out to endpoints: every INSERT and COPY into the outbox, one statement for all its rows.
CREATE FUNCTION webhooks_fan_out() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, created_at)
    SELECT e.id, n.id, replace(n.kind, '_', '.'),
           jsonb_build_object('id', n.id, 'type', replace(n.kind, '_', '.'), 'created_at', n.created_at, 'data', n.payload),
           n.created_at
    FROM inserted n
    JOIN webhook_endpoints e ON e.enabled AND replace(n.kind, '_', '.') = ANY (e.event_types)
    ON CONFLICT (endpoint_id, event_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER notification_outbox_webhooks AFTER INSERT ON notification_outbox
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION webhooks_fan_out();
