-- Issue 29 part 2: tenant moves between clusters (docs/scaling.md, "Tenant moves"). One row per attempt to move a
-- tenant's schema with logical replication; at most one live (not finished) move per tenant. `step` is the last
-- step completed and recorded: `recur-admin tenant move` resumes after it, `tenant move --abort` undoes what it
-- built. The write freeze is not a flag here but a session advisory lock the mover holds on the source cluster
-- (it ends with the mover's connection): `frozen_at`/`switched_at` record when it was taken and when the
-- directory switched, `freeze_ms` the difference. Connection details stay out of this table, as in `clusters`.
-- Runs with search_path set to the control schema: name no schema here.

CREATE TABLE tenant_moves (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint NOT NULL REFERENCES tenants (id),
    source      text NOT NULL REFERENCES clusters (name),
    target      text NOT NULL REFERENCES clusters (name),
    step        text NOT NULL DEFAULT 'started' CHECK (step IN (
                    'started', 'prepared', 'subscribed', 'synced', 'frozen', 'verified', 'switched', 'done', 'aborted')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    frozen_at   timestamptz,
    switched_at timestamptz,
    freeze_ms   integer,
    verified    jsonb,
    error       text,
    finished_at timestamptz,
    CHECK (source <> target),
    CHECK ((finished_at IS NULL) = (step NOT IN ('done', 'aborted')))
);

CREATE UNIQUE INDEX tenant_moves_live ON tenant_moves (tenant_id) WHERE finished_at IS NULL;
