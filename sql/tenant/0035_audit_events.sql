-- Issue 26: the audit trail. One row per successful write (a POST, PUT, PATCH or DELETE answered below 400),
-- inserted by the HTTP layer in the same transaction as the write, so a write and its row commit or vanish
-- together. Append-only: the database refuses UPDATE, DELETE and TRUNCATE, as it does for the ledger.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE TABLE audit_events (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    -- Who: an API key (api_keys.id in the control schema) or, later, a user of the tenant.
    actor_type    text NOT NULL CHECK (actor_type IN ('api_key', 'user')),
    actor_id      bigint NOT NULL,
    -- How the actor was known at the time (e.g. "rk_1a2b3c4d billing-sync"): kept, since keys are revoked.
    actor_label   text NOT NULL CHECK (length(actor_label) BETWEEN 1 AND 200),
    role          text NOT NULL CHECK (role IN ('owner', 'accountant', 'viewer')),
    -- The OpenAPI operationId, e.g. voidInvoice.
    action        text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    method        text NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
    path          text NOT NULL CHECK (length(path) BETWEEN 1 AND 2000),
    -- The first path segment after /v1 (invoices, tenant, webhook-endpoints…) and the record's id, when known.
    resource_type text NOT NULL CHECK (length(resource_type) BETWEEN 1 AND 100),
    resource_id   text CHECK (length(resource_id) BETWEEN 1 AND 200),
    status        smallint NOT NULL CHECK (status BETWEEN 200 AND 399),
    request_id    text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 128),
    -- The request body with secrets redacted, capped in size (docs/people.md); null without a body.
    changes       jsonb
);

CREATE INDEX audit_events_newest ON audit_events (occurred_at DESC, id DESC);
CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id, occurred_at DESC);
CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred_at DESC);

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    RAISE EXCEPTION '% on % refused: the audit trail is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'audit_events_append_only', TABLE = TG_TABLE_NAME;
END $$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
