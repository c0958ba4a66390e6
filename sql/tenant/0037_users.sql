-- Issue 26: the people of a tenant who log in (docs/people.md). A user has one role of the same three values as API
-- keys; the password is kept only as an Argon2id hash (libsodium's crypto_pwhash_str, "$argon2id$..."), or is NULL
-- until an invited user sets one. Failed logins are counted; the fifth locks the account for 15 minutes.
-- Sessions live in the control schema (control migration 0006): the authenticator needs them before it enters here.
-- Runs with search_path set to the tenant's own schema: name no schema here.

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
    name            text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    role            text NOT NULL CHECK (role IN ('owner', 'accountant', 'viewer')),
    password_hash   text CHECK (password_hash LIKE '$argon2id$%'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz,
    failed_logins   integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until    timestamptz,
    -- An invitation: SHA-256 of the one-time set-password token and when it stops working (NULL once used).
    invitation_hash bytea UNIQUE,
    invitation_expires_at timestamptz
);

-- One account per address, whatever its case.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
