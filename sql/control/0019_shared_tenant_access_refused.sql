-- Issue 25 (docs/reports.md, "Fixed costs, third pass"): a tenant transaction's access check
-- (TenantAccessStatements) is sent in the same round trip as the handler's first statement. It must therefore
-- *raise* when the key or session is not live, the tenant not active, or the schema or cluster not the tenant's:
-- an error makes the server skip every command after it up to the round trip's end, so the handler's statement never
-- runs for a refused caller (answering no row, as the check did before, would let it run). The check calls this
-- function when it finds no row. SQLSTATE 28R01 (class 28, invalid authorization): Recur's own code, raised by
-- nothing else; TenantDatabase turns it into TenantAccessWithdrawn (401 or 403 after a fresh authentication).
-- Written to be applied again harmlessly (CREATE OR REPLACE under the shared schema's advisory lock), like 0009.
SELECT pg_advisory_xact_lock(hashtext('recur_shared'));
CREATE SCHEMA IF NOT EXISTS recur_shared;

CREATE OR REPLACE FUNCTION recur_shared.refuse_tenant_access() RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'tenant access refused: the key or session is not live, or the tenant not active on this schema'
        USING ERRCODE = '28R01';
END $$;
