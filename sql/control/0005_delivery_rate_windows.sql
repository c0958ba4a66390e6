-- Per-tenant delivery rate limits shared by every delivery worker on every host (issue 23): each tenant and channel
-- has one row counting what workers claimed in the current minute. A worker reserves before it claims, in the claim's
-- own transaction, and gives back what it did not find to claim; a limit of N a minute is therefore N over all
-- workers, not N per worker. Only workers started with a limit (`recur-worker deliver --tenant-email-rate`, …) use it.
-- Runs with search_path set to the control schema: name no schema here.

CREATE TABLE delivery_rate_windows (
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    channel      text NOT NULL CHECK (channel IN ('email', 'webhook')),
    -- The minute being counted (date_trunc('minute', now()) of the reserving transaction).
    window_start timestamptz NOT NULL,
    -- Claimed (reserved) in that minute.
    used         integer NOT NULL CHECK (used >= 0),
    -- What the last reservation granted (read back by the reserving statement).
    granted      integer NOT NULL CHECK (granted >= 0),
    PRIMARY KEY (tenant_id, channel)
);
