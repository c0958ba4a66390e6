-- The EOD run log: one row per tenant and run, kept in the control schema so that operators can see every
-- tenant's runs at once (`recur-admin eod status`) and each tenant its own (`GET /v1/eod-runs`).
-- Runs with search_path set to the control schema: name no schema here.

CREATE TABLE eod_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint NOT NULL REFERENCES tenants (id),
    as_of       date NOT NULL,
    status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    -- Who asked: the daemon, a one-shot command, or the tenant through the API.
    requested_by text NOT NULL CHECK (requested_by IN ('worker', 'command', 'api')),
    -- host:pid of the worker process that ran it.
    worker      text NOT NULL CHECK (length(worker) BETWEEN 1 AND 200),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    -- Postings per kind of recurring source, and notifications written: {"invoice_setups": 12, …}.
    counts      jsonb NOT NULL DEFAULT '{}'::jsonb,
    error       text CHECK (length(error) <= 2000),
    CHECK ((status = 'running') = (finished_at IS NULL))
);

CREATE INDEX eod_runs_tenant ON eod_runs (tenant_id, id DESC);
-- The daemon asks, for every tenant, for the last as-of date that succeeded.
CREATE INDEX eod_runs_succeeded ON eod_runs (tenant_id, as_of DESC) WHERE status = 'succeeded';
