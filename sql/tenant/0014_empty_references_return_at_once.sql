-- A reference check with nothing to check returns at once (sql/tenant/0009's refs_missing_* functions).
--
-- Most statements leave most references empty: an EOD batch's invoices name no sales order and no void entry, its
-- entries reverse nothing, an amount-mode setup's lines name no item. The lookups still ran, and on the first
-- call in each backend for each tenant PL/pgSQL prepared and planned them: about 1 ms per empty reference per
-- tenant (measured with pg_stat_statements over a 1,000-tenant EOD). Same results, same locks, same errors.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE OR REPLACE FUNCTION refs_missing_party(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM parties p WHERE p.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM parties p WHERE p.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION refs_missing_account(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION refs_missing_item(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM items t WHERE t.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM items t WHERE t.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION refs_missing_setup(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM recurring_invoice_setups s WHERE s.id = ANY (ids) FOR KEY SHARE) f)
       = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i
             WHERE NOT EXISTS (SELECT 1 FROM recurring_invoice_setups s WHERE s.id = i) LIMIT 1);
END $$;

CREATE OR REPLACE FUNCTION refs_missing_sales_order(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM (SELECT 1 FROM sales_orders o WHERE o.id = ANY (ids) FOR KEY SHARE) f) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM sales_orders o WHERE o.id = i) LIMIT 1);
END $$;

-- Only drafts can be deleted, so only drafts are locked.
CREATE OR REPLACE FUNCTION refs_missing_invoice(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM invoices v WHERE v.id = ANY (ids) AND v.status = 'draft' FOR KEY SHARE;
    IF (SELECT count(*) FROM invoices v WHERE v.id = ANY (ids)) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM invoices v WHERE v.id = i) LIMIT 1);
END $$;

-- Journal entries are never deleted or changed: no lock.
CREATE OR REPLACE FUNCTION refs_missing_entry(ids uuid[]) RETURNS uuid
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN NULL;
    END IF;
    IF (SELECT count(*) FROM journal_entries e WHERE e.id = ANY (ids)) = cardinality(ids) THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT i FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = i) LIMIT 1);
END $$;
