-- Control schema: the tenants of the hosted service and their API keys.
-- Runs with search_path set to the control schema (recur_control): name no schema here.
-- schema_migrations itself is created by the migration runner before this file runs.

CREATE TABLE tenants (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                    text NOT NULL
        CHECK (length(slug) BETWEEN 3 AND 40 AND slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
    display_name            text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    schema_name             text NOT NULL CHECK (schema_name = 'tenant_' || replace(slug, '-', '_')),
    status                  text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    time_zone               text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    base_currency           text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
    fiscal_year_start_month smallint NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    deleted_at              timestamptz,
    CHECK ((status = 'deleted') = (deleted_at IS NOT NULL))
);

-- A deleted tenant's row stays for audit; its slug (and so its schema name) may be used again.
CREATE UNIQUE INDEX tenants_slug_live ON tenants (slug) WHERE status <> 'deleted';
CREATE UNIQUE INDEX tenants_schema_live ON tenants (schema_name) WHERE status <> 'deleted';

CREATE TABLE api_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint NOT NULL REFERENCES tenants (id),
    prefix       text NOT NULL CHECK (prefix ~ '^[0-9a-f]{8}$'),
    key_hash     bytea NOT NULL CHECK (length(key_hash) = 32),  -- sha256 of the whole key text
    label        text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    replaced_by  bigint REFERENCES api_keys (id),
    UNIQUE (tenant_id, prefix)
);

-- verify(): one index lookup by hash.
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
