-- Issue 26, the rest of item 1 (docs/people.md): invitations and password resets sent by e-mail through the
-- delivery worker, and optional TOTP.
-- Runs with search_path set to the tenant's own schema: name no schema here.

-- Two notification kinds for people: an invitation and a password reset, each carrying a one-time link.
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_kind_check,
    ADD CONSTRAINT notification_outbox_kind_check CHECK (kind IN (
        'invoice_issued', 'subscription_ending', 'invoice_overdue', 'budget_threshold', 'task_due', 'webhook_disabled',
        'user_invitation', 'password_reset'));

-- The link's one-time token, kept apart from the payload (which the API shows) and only while the e-mail may still
-- leave: the trigger below clears it the moment the row is sent, fails for good or is cancelled.
ALTER TABLE notification_outbox ADD COLUMN link_secret text
    CONSTRAINT notification_outbox_link_secret_check
    CHECK (link_secret IS NULL OR (kind IN ('user_invitation', 'password_reset') AND length(link_secret) BETWEEN 32 AND 128));

CREATE FUNCTION notification_outbox_forget_link_secret() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.link_secret := NULL;
    RETURN NEW;
END $$;

CREATE TRIGGER notification_outbox_forget_link_secret
    BEFORE INSERT OR UPDATE ON notification_outbox
    FOR EACH ROW WHEN (NEW.link_secret IS NOT NULL AND NEW.status IN ('sent', 'failed', 'cancelled'))
    EXECUTE FUNCTION notification_outbox_forget_link_secret();

ALTER TABLE users
    -- A password reset: SHA-256 of the single-use token, when it stops working (30 minutes), when it was asked
    -- (at most one e-mail a minute per user). A new request replaces the previous token.
    ADD COLUMN reset_hash bytea UNIQUE,
    ADD COLUMN reset_expires_at timestamptz,
    ADD COLUMN reset_requested_at timestamptz,
    -- TOTP (RFC 6238): the secret sealed with the platform key (SecretBox, "v1:..."), the one being enrolled until
    -- it is confirmed, the last time step used (a code is never taken twice), the recovery codes' SHA-256.
    ADD COLUMN totp_secret text CONSTRAINT users_totp_secret_check CHECK (totp_secret LIKE 'v1:%'),
    ADD COLUMN totp_pending_secret text CONSTRAINT users_totp_pending_secret_check CHECK (totp_pending_secret LIKE 'v1:%'),
    ADD COLUMN totp_last_step bigint,
    ADD COLUMN totp_recovery_hashes bytea[] NOT NULL DEFAULT '{}'
        CONSTRAINT users_totp_recovery_hashes_check CHECK (cardinality(totp_recovery_hashes) <= 10);
