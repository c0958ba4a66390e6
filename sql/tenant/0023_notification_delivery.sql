-- Issue 23: notifications are delivered, not only queued (docs/delivery.md).
--
-- A notification moves pending → sending → sent | retrying → … → failed (dead letter), or cancelled when what it
-- is about no longer needs it (an overdue invoice paid before the reminder left). `sending` is a lease: a worker
-- claims a batch with FOR UPDATE SKIP LOCKED and holds it until `claimed_until`; a worker that dies holding it
-- leaves the outcome unknown, and the next worker sends again with the same Message-ID (derived from `id`).

ALTER TABLE notification_outbox
    ADD COLUMN status text NOT NULL DEFAULT 'pending'
        CONSTRAINT notification_outbox_status_check
        CHECK (status IN ('pending', 'sending', 'sent', 'retrying', 'failed', 'cancelled')),
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN claimed_until timestamptz,
    ADD COLUMN last_error text CONSTRAINT notification_outbox_last_error_check CHECK (length(last_error) <= 1000),
    ADD CONSTRAINT notification_outbox_sent_check CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    ADD CONSTRAINT notification_outbox_claim_check CHECK ((status = 'sending') = (claimed_until IS NOT NULL));

-- What delivery workers look for: due, or claimed by a worker whose lease ran out.
DROP INDEX notification_outbox_unsent;
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX notification_outbox_claimed ON notification_outbox (claimed_until) WHERE status = 'sending';
-- The API's listing, newest first.
CREATE INDEX notification_outbox_listing ON notification_outbox (created_at DESC, id DESC);

-- Every hand-over to a relay, with what came back: the notification's history over the API.
CREATE TABLE notification_attempts (
    notification_id uuid NOT NULL REFERENCES notification_outbox (id),
    attempt integer NOT NULL CHECK (attempt >= 1),
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('sent', 'transient', 'permanent', 'unknown', 'cancelled')),
    code integer CHECK (code BETWEEN 0 AND 999),
    detail text CHECK (length(detail) <= 1000),
    PRIMARY KEY (notification_id, attempt)
);

-- A customer who asked not to be reminded (subscription ending, overdue): invoices are still sent.
ALTER TABLE parties ADD COLUMN reminders_opt_out boolean NOT NULL DEFAULT false;
