-- Issue 29: the tenant directory (docs/scaling.md, "The tenant directory"). The PostgreSQL clusters tenants live
-- on, by name only: a process finds a cluster's connection details in its own environment
-- (RECUR_CLUSTER_<NAME>_URL) or secrets file (RECUR_CLUSTERS_FILE), never here. `default` is the cluster that
-- DATABASE_URL points at, which also holds this control schema; every tenant created before the directory lives
-- there. A drained cluster keeps serving its tenants but receives no new one.
-- Runs with search_path set to the control schema: name no schema here.

CREATE TABLE clusters (
    name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    drained_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO clusters (name) VALUES ('default');

ALTER TABLE tenants ADD COLUMN cluster text NOT NULL DEFAULT 'default' REFERENCES clusters (name);

-- The placement policy counts live tenants per cluster.
CREATE INDEX tenants_cluster ON tenants (cluster) WHERE status <> 'deleted';
