import Postgres

/// Invitations and password resets: the token's hash on the user, and the e-mail queued in the outbox with the
/// token in `link_secret` (cleared by a trigger once the row is sent, failed or cancelled), in one statement each.
/// A newer link cancels the user's e-mail of the same kind still waiting to leave.
enum AccountEmailStatements {
    /// Two CTEs after `u` (the users to write to): `cancelled` cancels their e-mails of kind `kind` still queued,
    /// `queued` queues one each. `$tz` the tenant's time zone, `$base` the page's address, `$token` the one-time token.
    private static func queue(
        kind: String, subject: String, body: String, expires: String, tz: String, base: String, token: String,
        extra: String
    ) -> String {
        """
        cancelled AS (
            UPDATE notification_outbox SET status = 'cancelled', last_error = 'a newer link was sent'
            WHERE kind = '\(kind)' AND status IN ('pending', 'retrying')
              AND payload ->> 'user_id' IN (SELECT id::text FROM u)),
        queued AS (
            INSERT INTO notification_outbox (kind, dedupe_key, recipient, subject, body, payload, link_secret)
        SELECT '\(kind)', '\(kind):' || u.id || ':' || gen_random_uuid(), u.email, \(subject), \(body),
            jsonb_build_object('user_id', u.id, 'email', u.email, 'expires_at', u.\(expires),
                               'expires_on', (u.\(expires) AT TIME ZONE \(tz))::date, 'link_base', \(base)\(extra)),
            \(token)
        FROM u
        RETURNING (payload ->> 'user_id')::bigint AS user_id)
        """
    }

    /// The CTEs queueing the invitation e-mails of the users of `u`, with the parameters named.
    private static func invitation(tz: String, base: String, token: String) -> String {
        queue(
            kind: "user_invitation", subject: "'Invitation to ' || left(u.email, 250)",
            body: "'An invitation to choose a password was sent to ' || u.email || '.'",
            expires: "invitation_expires_at", tz: "\(tz)::text", base: "\(base)::text", token: "\(token)::text",
            extra: ", 'name', u.name, 'role', u.role")
    }

    /// Queues the invitation e-mail of the invited user $1 (no password yet): $2 time zone, $3 page, $4 token.
    static let queueInvitation = PostgresStatement(
        "users_queue_invitation",
        """
        WITH u AS (
            SELECT id, email, name, role, invitation_expires_at FROM users
            WHERE id = $1 AND password_hash IS NULL AND invitation_hash = sha256(convert_to($4::text, 'UTF8')) AND disabled_at IS NULL),
        \(invitation(tz: "$2", base: "$3", token: "$4"))
        SELECT user_id FROM queued
        """)

    /// A new invitation token $2 for the invited user $1 (no password, enabled), valid 7 days; the old one stops
    /// working. Then its e-mail: $3 time zone, $4 page.
    static let renewInvitation = PostgresStatement(
        "users_renew_invitation",
        """
        WITH u AS (
            UPDATE users SET invitation_hash = sha256(convert_to($2::text, 'UTF8')), invitation_expires_at = now() + interval '7 days'
            WHERE id = $1 AND password_hash IS NULL AND disabled_at IS NULL
            RETURNING id, email, name, role, invitation_expires_at),
        \(invitation(tz: "$3", base: "$4", token: "$2"))
        SELECT user_id FROM queued
        """)

    /// A password reset for the enabled user with a password whose address is $1 (any case), unless one was asked
    /// less than a minute ago: the token $2 (its SHA-256 kept), valid 30 minutes, replaces any earlier one; then
    /// its e-mail: $3 time zone, $4 page. Returns the user's id, e-mail and role (no row: nothing was sent).
    static let requestReset = PostgresStatement(
        "users_request_reset",
        """
        WITH u AS (
            UPDATE users SET reset_hash = sha256(convert_to($2::text, 'UTF8')), reset_expires_at = now() + interval '30 minutes',
                reset_requested_at = now()
            WHERE lower(email) = lower($1) AND password_hash IS NOT NULL AND disabled_at IS NULL
              AND (reset_requested_at IS NULL OR reset_requested_at <= now() - interval '1 minute')
            RETURNING id, email, role, reset_expires_at),
        \(queue(
            kind: "password_reset", subject: "'Password reset for ' || left(u.email, 250)",
            body: "'A password reset link was sent to ' || u.email || '.'",
            expires: "reset_expires_at", tz: "$3::text", base: "$4::text", token: "$2::text",
            extra: ", 'valid_minutes', 30"))
        SELECT u.id, u.email, u.role FROM u
        """)

    /// Sets the password ($2, a hash) of the user whose live reset token is $1, uses the token up and clears the
    /// lockout. Returns the user (no row: unknown, used or expired).
    static let acceptReset = PostgresStatement(
        "users_accept_reset",
        """
        UPDATE users SET password_hash = $2, reset_hash = NULL, reset_expires_at = NULL, failed_logins = 0,
            locked_until = NULL
        WHERE reset_hash = sha256(convert_to($1::text, 'UTF8')) AND reset_expires_at > now() AND disabled_at IS NULL
        RETURNING id, email, role
        """)
}
