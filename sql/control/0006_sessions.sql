-- Issue 26: login sessions of users (docs/people.md). A session names its tenant and its user (the user lives in the
-- tenant's schema); the cookie's token is 32 random bytes kept only as its SHA-256. The role and the user's label are
-- copied here at login so that the authenticator resolves a cookie without entering the tenant; changing a user's
-- role or disabling the user deletes the user's sessions in the same transaction. Expiry: 12 hours idle, 7 days in
-- all (`expires_at`). Logout deletes the row.
-- Runs with search_path set to the control schema: name no schema here.

CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL,
    user_label   text NOT NULL CHECK (length(user_label) BETWEEN 1 AND 254),
    role         text NOT NULL CHECK (role IN ('owner', 'accountant', 'viewer')),
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    -- Sent back by the browser in X-CSRF-Token on every write (docs/people.md, "CSRF").
    csrf_token   text NOT NULL CHECK (length(csrf_token) = 64),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    -- The absolute end (created_at + 7 days); the idle end is last_seen_at + 12 hours.
    expires_at   timestamptz NOT NULL
);

CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
