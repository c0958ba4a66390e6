-- A schema name is used by one tenant, ever. A re-created slug gets `tenant_<slug>__<n>` (n: how many tenants had
-- the slug before; slugs have no `--`, so `__` cannot come from a slug). A stale credential of a deleted tenant can
-- then at worst point at a dropped schema, never at another firm's data.
-- Runs with search_path set to the control schema: name no schema here.

-- 0001's check (schema_name = 'tenant_' || slug) got a generated name: find it by its definition.
DO $$
DECLARE
    name text;
BEGIN
    SELECT c.conname INTO name FROM pg_constraint c
    WHERE c.conrelid = 'tenants'::regclass AND c.contype = 'c'
      AND position('schema_name = (''tenant_''::text || replace(slug' IN pg_get_constraintdef(c.oid)) > 0;
    IF name IS NULL THEN
        RAISE EXCEPTION 'the schema name check of tenants was not found';
    END IF;
    EXECUTE format('ALTER TABLE tenants DROP CONSTRAINT %I', name);
END
$$;

-- Deleted tenants that shared a name with a later tenant take the suffix the rule above would have given them.
UPDATE tenants t
SET schema_name = t.schema_name || '__' || (SELECT count(*) FROM tenants o WHERE o.slug = t.slug AND o.id < t.id)
WHERE t.status = 'deleted'
  AND EXISTS (SELECT 1 FROM tenants later WHERE later.schema_name = t.schema_name AND later.id > t.id);

ALTER TABLE tenants ADD CONSTRAINT tenants_schema_name_check CHECK (
    schema_name = 'tenant_' || replace(slug, '-', '_')
    OR schema_name ~ ('^tenant_' || replace(slug, '-', '_') || '__[0-9]+$'));

DROP INDEX tenants_schema_live;
CREATE UNIQUE INDEX tenants_schema_once ON tenants (schema_name);
