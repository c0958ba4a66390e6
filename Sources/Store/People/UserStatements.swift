import Postgres

/// The users' statements (tenant schema, unqualified), and the control-schema statements a user change runs in the
/// same transaction (its sessions).
enum UserStatements {
    static let columns = """
        id, email, name, role, created_at, disabled_at, password_hash IS NOT NULL AS has_password, locked_until,
        totp_secret IS NOT NULL AS totp_enabled
        """

    /// $1 email, $2 name, $3 role, $4 password hash (or NULL), $5 invitation token (its SHA-256 is kept; or NULL).
    /// No row when the address is taken (any case).
    static let insert = PostgresStatement(
        "users_insert",
        """
        INSERT INTO users (email, name, role, password_hash, invitation_hash, invitation_expires_at)
        VALUES ($1, $2, $3, $4, sha256($5::bytea), CASE WHEN $5::bytea IS NULL THEN NULL ELSE now() + interval '7 days' END)
        ON CONFLICT ((lower(email))) DO NOTHING
        RETURNING \(columns)
        """)

    static let list = PostgresStatement("users_list", "SELECT \(columns) FROM users ORDER BY id LIMIT 1000")

    static let read = PostgresStatement("users_read", "SELECT \(columns) FROM users WHERE id = $1")

    /// $1 id, $2 role (NULL: unchanged), $3 name (NULL: unchanged), $4 disabled (NULL: unchanged).
    static let update = PostgresStatement(
        "users_update",
        """
        UPDATE users SET role = coalesce($2, role), name = coalesce($3, name),
            disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN coalesce(disabled_at, now()) END
        WHERE id = $1
        RETURNING \(columns)
        """)

    /// Enabled owners (after an update, in its transaction).
    static let enabledOwners = PostgresStatement(
        "users_enabled_owners", "SELECT count(*) AS owners FROM users WHERE role = 'owner' AND disabled_at IS NULL")

    /// The row a login checks: by address, any case.
    static let forLogin = PostgresStatement(
        "users_for_login",
        """
        SELECT id, email, role, password_hash, disabled_at IS NOT NULL AS disabled,
            coalesce(locked_until > now(), false) AS locked
        FROM users WHERE lower(email) = lower($1)
        """)

    /// A failed login: one more failure; the fifth locks the account for 15 minutes and starts the count again.
    static let recordFailure = PostgresStatement(
        "users_record_failure",
        """
        UPDATE users SET
            failed_logins = CASE WHEN failed_logins + 1 >= 5 THEN 0 ELSE failed_logins + 1 END,
            locked_until = CASE WHEN failed_logins + 1 >= 5 THEN now() + interval '15 minutes' ELSE locked_until END
        WHERE id = $1
        """)

    static let recordSuccess = PostgresStatement(
        "users_record_success", "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")

    /// Sets the password of the user whose live invitation token is $1 (and uses the token up); $2 the hash.
    static let acceptInvitation = PostgresStatement(
        "users_accept_invitation",
        """
        UPDATE users SET password_hash = $2, invitation_hash = NULL, invitation_expires_at = NULL
        WHERE invitation_hash = sha256($1::bytea) AND invitation_expires_at > now() AND disabled_at IS NULL
        RETURNING id
        """)
}
