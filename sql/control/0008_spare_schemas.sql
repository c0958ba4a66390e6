-- Issue 28: spare tenant schemas (docs/tenancy.md, "Spare schemas"). A spare is an empty tenant schema built ahead of
-- time from the baseline (and any later tenant migration), its migration records kept in schema_migrations under its
-- own name. Tenant creation claims one (FOR UPDATE SKIP LOCKED), renames it (ALTER SCHEMA … RENAME, instant) and moves
-- its records, instead of building a schema. `fingerprint` is the SHA-256 of the tenant migrations it was built with:
-- only a spare built from the creator's own files is claimed, and `recur-admin migrate` drops the others.
-- Runs with search_path set to the control schema: name no schema here.

CREATE TABLE spare_schemas (
    schema_name text PRIMARY KEY CHECK (schema_name ~ '^recur_spare_[0-9a-f]{16}$'),
    fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The claim: the oldest spare of the creator's fingerprint.
CREATE INDEX spare_schemas_claim ON spare_schemas (fingerprint, created_at);
