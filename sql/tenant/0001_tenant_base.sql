-- Tenant base: per-tenant settings as key/value pairs (defaults are seeded by `tenant create`).
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE TABLE tenant_settings (
    key        text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100 AND key ~ '^[a-z][a-z0-9_.]*$'),
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
