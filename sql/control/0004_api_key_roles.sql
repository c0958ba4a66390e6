-- Issue 26: API keys carry a role. owner: everything, settings included; accountant: every other write;
-- viewer: reads only (docs/people.md). Keys issued before roles existed could do everything: they become owners,
-- so that no integration loses a right it had. From now on every insert names its role (no default).
-- Runs with search_path set to the control schema: name no schema here.

ALTER TABLE api_keys ADD COLUMN role text NOT NULL DEFAULT 'owner'
    CHECK (role IN ('owner', 'accountant', 'viewer'));
ALTER TABLE api_keys ALTER COLUMN role DROP DEFAULT;
